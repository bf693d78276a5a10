import { findConcepts, type CompiledLexicon, type ConceptHit } from './lexicon.js';
import { findFigures, findThresholds, findWindows, type Figure, type Threshold } from './numbers.js';

/** Figures the answer states in its own right: not restated from the prompt, not a vendor's claim. */
export function ownFigure(f: Figure): boolean {
  return f.restated !== true && f.claim !== true;
}
import { countWords, FUNCTION_WORDS, sentences, type Sentence, type Word } from './text.js';

/** What the question itself says: an answer earns nothing for repeating it. */
export interface AnswerContext {
  /** Figures stated by the prompt (kind and value). */
  readonly givenFigures: readonly Pick<Figure, 'kind' | 'value'>[];
  /** Texts an answer may quote but not be credited for: the prompt, and the rubric's own advice. */
  readonly echo: EchoIndex;
}

/** Word trigrams of the echo sources, each with the sources it occurs in. */
export interface EchoIndex {
  readonly kinds: readonly ('prompt' | 'advice')[];
  readonly owners: ReadonlyMap<number, readonly number[]>;
  /** Every stem in the sources: a sentence most of whose words are elsewhere cannot repeat them. */
  readonly stems: ReadonlySet<number>;
}

export const NO_CONTEXT: AnswerContext = { givenFigures: [], echo: { kinds: [], owners: new Map(), stems: new Set() } };

/** Stem ids of 17 bits make a trigram one exact number; a stem past that many (a huge vocabulary) joins no trigram. */
const STEM_ID_LIMIT = 131_072;

function gramKey(x: number, y: number, z: number): number {
  return x >= STEM_ID_LIMIT || y >= STEM_ID_LIMIT || z >= STEM_ID_LIMIT ? -1 : (x * STEM_ID_LIMIT + y) * STEM_ID_LIMIT + z;
}

/** Word trigrams of stems: the unit echo detection compares. */
export function trigrams(text: string): Set<number> {
  const ws = sentences(text).flatMap((s) => s.words.map((w) => w.sid));
  const out = new Set<number>();
  for (let i = 0; i + 2 < ws.length; i++) out.add(gramKey(ws[i] ?? 0, ws[i + 1] ?? 0, ws[i + 2] ?? 0));
  out.delete(-1);
  return out;
}

export function answerContext(prompt: string, advice: readonly string[]): AnswerContext {
  const givenFigures = sentences(prompt)
    .flatMap((s) => findFigures(s.text))
    .filter((f) => f.kind !== 'bare' && f.kind !== 'percentile')
    .map((f) => ({ kind: f.kind, value: f.value }));
  const sources = [{ kind: 'prompt' as const, text: prompt }, ...advice.map((text) => ({ kind: 'advice' as const, text }))];
  const owners = new Map<number, number[]>();
  const stems = new Set<number>();
  sources.forEach((source, i) => {
    for (const s of sentences(source.text)) for (const w of s.words) stems.add(w.sid);
    for (const gram of trigrams(source.text)) {
      const list = owners.get(gram);
      if (list === undefined) owners.set(gram, [i]);
      else list.push(i);
    }
  });
  return { givenFigures, echo: { kinds: sources.map((s) => s.kind), owners, stems } };
}

export interface AnalysedSentence extends Sentence {
  /** Concepts stated, negated ones removed. */
  readonly hits: readonly ConceptHit[];
  readonly negated: readonly ConceptHit[];
  readonly figures: readonly Figure[];
  readonly thresholds: readonly Threshold[];
  readonly windows: readonly Figure[];
  /** Reads as a claim (prose, or a note carrying a figure), not a bare list of terms. */
  readonly statement: boolean;
  /** Mostly domain terms strung together. */
  readonly listLike: boolean;
  /** Tries to instruct the grader; never evidence. */
  readonly injection: boolean;
  /** Index of the heading line ("Rollback triggers:") this bullet sits under. */
  readonly underHeading: number | undefined;
  /** Concept ids stated here or in the heading above. */
  readonly concepts: ReadonlySet<string>;
  /** Opens by pointing back ("This", "These", "It"): it can complete the sentence before it. */
  readonly anaphoric: boolean;
  /** Continues the sentence before it: the same paragraph of prose, or the same bullet line. */
  readonly continues: boolean;
  /** Repeats the prompt or the rubric's advice nearly word for word: never evidence. */
  readonly echo: 'prompt' | 'advice' | undefined;
}

export interface Analysis {
  readonly answer: string;
  readonly sentences: readonly AnalysedSentence[];
  /** Sentences that are not addressed to the grader. */
  readonly live: readonly AnalysedSentence[];
  /** Live sentences that read as statements: the only evidence rubric criteria accept. */
  readonly statements: readonly AnalysedSentence[];
  readonly wordCount: number;
  /** The lexicon's metric concepts: a threshold must be set on one of them. */
  readonly metricIds: ReadonlySet<string>;
}

const CLAUSE_BREAK = /[,;:()[\]—–]|\s-\s/;
const TRANSPARENT = new Set(
  ('a an the any our my your their its this that such or nor and even really actually ever also yet any much ' +
    'need needs have has had use using run running do does did set setting add adding keep build implement want plan ' +
    'ship deploy release launch roll go bother rely require with up to be is are was were there automated automatic ' +
    'separate dedicated real proper explicit formal extra additional another single one clear specific whole entire').split(' '),
);
const CLAUSE_WORDS = new Set(['but', 'however', 'while', 'although', 'though', 'whereas', 'yet', 'unless', 'except']);
const NEGATION_EXCEPTIONS = /^(?:(?:more|less|higher|lower|greater|fewer|longer|worse)\s+than|exceed|only|just|later\s+than|sooner\s+than)/;
const QUANTIFIED = /^\s*(?:[<>≤≥]|(?:[\w-]+\s+){0,3}?(?:above|below|over|under|more\s+than|less\s+than|worse\s+than|drops?|loses?|regress\w*|exceeds?|beyond|by\s+more))/i;
const FORWARD_DISMISSAL = /^\s*(?:is|are|was|would\s+be|seems?)?\s*(?:not\s+(?:needed|necessary|required|worth|important|useful|a\s+priority|an\s+option|possible|feasible)|n't\s+(?:needed|necessary|required|an\s+option|possible|feasible)|unnecessary|overkill|pointless|irrelevant|optional|out\s+of\s+the\s+question|off\s+the\s+table)/i;

const INJECTION_PATTERNS = [
  /\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+|previous\s+|prior\s+|above\s+|these\s+|those\s+)*(?:instructions?|rubrics?|rules?|grader|grading|criteria|scoring|guidelines?)\b/i,
  /\b(?:award|give|assign|grant|score|mark|rate)\s+(?:me\s+|this\s+(?:answer\s+|response\s+)?|it\s+)?(?:a\s+)?(?:full|maximum|max|perfect|top|100\s*%?|4\s*\/\s*4|all\s+the)\s*(?:marks?|scores?|points?|credit|grade)?\b/i,
  /\b(?:you\s+are\s+(?:now\s+)?(?:the|a)\s+grader|as\s+the\s+grader|note\s+to\s+(?:the\s+)?grader|grader\s*:|assistant\s*:|system\s*:)/i,
  /\b(?:all|every)\s+criteria\s+(?:are|is)\s+(?:met|satisfied)\b/i,
];

export function isInjection(text: string): boolean {
  return INJECTION_PATTERNS.some((re) => re.test(text));
}

function between(answer: string, a: Word | undefined, b: Word | undefined): string {
  if (a === undefined || b === undefined) return '';
  return answer.slice(a.end, b.start);
}

/**
 * A concept is negated when an odd number of negation cues precede it in its clause,
 * reached through transparent words ("never ship without a canary" is not a negation), or when the
 * clause after it dismisses it ("a canary is unnecessary").
 */
function isNegated(answer: string, ws: readonly Word[], hit: ConceptHit, inConcept: Uint8Array, negations: ReadonlySet<string>): boolean {
  let cues = 0;
  // Negation reaches the concept only through words that do not change the object:
  // "won't run a canary", "no rollback plan"; not "don't buffer the stream" or "no regression on our eval set".
  for (let k = hit.from - 1; k >= 0 && k >= hit.from - 8; k--) {
    const w = ws[k];
    const next = ws[k + 1];
    if (w === undefined) break;
    if (CLAUSE_BREAK.test(between(answer, w, next)) || CLAUSE_WORDS.has(next?.lower ?? '')) break;
    const lower = w.lower.replace(/’/g, "'");
    const cue = negations.has(lower) || lower.endsWith("n't") || (lower === 'instead' && next?.lower === 'of') || (lower === 'rather' && next?.lower === 'than');
    if (cue) {
      const after = answer.slice(w.end, w.end + 24).trimStart().toLowerCase();
      // "no slice worse than 2 points" (or "nothing routed may score more than a point below") bounds every slice; it does not deny slices.
      const quantifier = (lower === 'no' || lower === 'none' || lower === 'nothing') && QUANTIFIED.test(answer.slice(hit.end, hit.end + 40));
      if (!NEGATION_EXCEPTIONS.test(after) && !quantifier) cues++;
      continue;
    }
    if (!TRANSPARENT.has(lower) && inConcept[k] !== 1 && !(lower === 'of' && ws[k - 1]?.lower === 'instead') && !(lower === 'than' && ws[k - 1]?.lower === 'rather')) break;
  }
  if (cues % 2 === 1) return true;
  const last = ws[hit.to - 1];
  if (last === undefined) return false;
  return FORWARD_DISMISSAL.test(answer.slice(last.end, last.end + 40));
}

/** Matches not nested inside a longer one: the terms a reader would count, and how many of them are metrics. */
function outerTerms(hits: readonly ConceptHit[], metricIds: ReadonlySet<string>): { count: number; metrics: number } {
  // One entry per span, then one sweep by start: comparing every hit with every other was
  // quadratic in a sentence stuffed with terms (100 KB of "p95 " took 3 s).
  const spans = new Map<number, { from: number; to: number; metric: boolean }>();
  for (const h of hits) {
    const key = h.from * 4096 + h.to;
    const span = spans.get(key);
    if (span === undefined) spans.set(key, { from: h.from, to: h.to, metric: metricIds.has(h.concept) });
    else if (!span.metric && metricIds.has(h.concept)) span.metric = true;
  }
  // By start, the longer first at one start: a span is nested when one before it reaches as far.
  const sorted = [...spans.values()].sort((a, b) => a.from - b.from || b.to - a.to);
  let count = 0;
  let metrics = 0;
  let reach = -1;
  for (const span of sorted) {
    if (span.to <= reach) continue;
    reach = span.to;
    count++;
    if (span.metric) metrics++;
  }
  return { count, metrics };
}

/** A threshold set on a metric named at most 40 characters before its comparator. */
function decidedBy(thresholds: readonly Threshold[], hits: readonly ConceptHit[], metricIds: ReadonlySet<string>): boolean {
  // Sorted ends and a binary search per threshold: a sentence of many thresholds and terms is not thresholds × terms.
  const ends = hits.filter((h) => metricIds.has(h.concept)).map((h) => h.end).sort((a, b) => a - b);
  return thresholds.some((t) => {
    const at = t.comparator.start;
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ends[mid] ?? 0) <= at) lo = mid + 1;
      else hi = mid;
    }
    // ends[lo - 1] is the last end at or before the comparator: the nearest one.
    return lo > 0 && at - (ends[lo - 1] ?? 0) <= 40;
  });
}

/** The items of an enumeration: text between commas, semicolons, slashes, "and", "+" and arrows. */
function itemsOf(text: string, offset: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let from = 0;
  for (const m of text.matchAll(/[,;/+]|->|→|\band\b/g)) {
    const at = m.index ?? 0;
    if (text.slice(from, at).trim().length > 0) out.push({ start: offset + from, end: offset + at });
    from = at + m[0].length;
  }
  if (text.slice(from).trim().length > 0) out.push({ start: offset + from, end: offset + text.length });
  return out;
}

const DISMISSAL_HINT = /unnecessary|overkill|pointless|irrelevant|optional|not\s|n't\s/i;
const INJECTION_HINT = /ignore|disregard|forget|override|bypass|award|give|assign|grant|score|mark|rate|grader|assistant|system|criteria/i;

const ANAPHOR = /^(?:[-*•+]\s+|\d{1,2}[.)]\s+)?(?:(?:and|so|but|then|also|plus)\s+)?(?:this|that|these|those|it|they|them|its|their|such|both|which|here)\b/i;
/** A claim about what a technique can do, not a measurement: "vLLM gives 2-4x throughput". */
const CLAIM_CUE = /\b(?:up\s+to|gives?|delivers?|offers?|promises?|claims?|claimed|advertis\w*|reportedly|supposedly|typically|usually|generally|often|can\s+(?:give|deliver|get|achieve|yield|bring)|yields?|boosts?|according\s+to|benchmarks?\s+show)\b[^,;:.]{0,30}$/i;
const MEASURED = /\b(?:we\s+(?:measured|saw|see|got|observed|measure)|measured|in\s+our|on\s+our|our\s+(?:own\s+)?(?:load\s+test|benchmark|traffic|replay|numbers|tests?)|baseline|than\s+(?:today|now|current|before|baseline|the\s+current))\b/i;
const GAIN_AFTER = /^\s*(?:more|less|higher|lower|better|fewer|faster|cheaper|savings?|speed-?up|improvement|reduction|of\s+the\s+(?:cost|bill|memory))/i;
const ECHO_SHARE = 0.7;

function echoOf(ws: readonly Word[], echo: EchoIndex): 'prompt' | 'advice' | undefined {
  // Short sentences share phrasing by chance ("roll back when p95 TTFT exceeds 1.5 s"); a pasted sentence runs longer.
  if (ws.length < 14 || echo.kinds.length === 0) return undefined;
  let known = 0;
  for (const w of ws) if (echo.stems.has(w.sid)) known++;
  if (known < ws.length * ECHO_SHARE) return undefined;
  const grams = ws.length - 2;
  const shared = new Map<number, number>();
  for (let i = 0; i < grams; i++) {
    const key = gramKey(ws[i]?.sid ?? 0, ws[i + 1]?.sid ?? 0, ws[i + 2]?.sid ?? 0);
    for (const source of key < 0 ? [] : (echo.owners.get(key) ?? [])) shared.set(source, (shared.get(source) ?? 0) + 1);
  }
  for (const [source, count] of shared) if (count >= 5 && count / grams >= ECHO_SHARE) return echo.kinds[source];
  return undefined;
}

function markFigures(text: string, offset: number, figures: Figure[], context: AnswerContext): Figure[] {
  if (figures.length === 0) return figures;
  const measured = MEASURED.test(text);
  return figures.map((f) => {
    const restated = f.kind !== 'bare' && f.kind !== 'percentile' && context.givenFigures.some((g) => g.kind === f.kind && Math.abs(g.value - f.value) <= Math.abs(g.value) * 0.01);
    const before = text.slice(Math.max(0, (f.range?.start ?? f.start) - offset - 60), (f.range?.start ?? f.start) - offset);
    // A percentage is a claim only when it is a gain ("up to 40% faster"), not a promise ("we offer 99.9%").
    const after = text.slice((f.range?.end ?? f.end) - offset, (f.range?.end ?? f.end) - offset + 30);
    const gain = f.kind === 'multiplier' || (f.kind === 'percent' && (/\bup\s+to\s*$/i.test(before) || GAIN_AFTER.test(after)));
    const claim = !measured && gain && CLAIM_CUE.test(before);
    return restated || claim ? { ...f, ...(restated ? { restated: true } : {}), ...(claim ? { claim: true } : {}) } : f;
  });
}

export function analyse(answer: string, lexicon: CompiledLexicon, context: AnswerContext = NO_CONTEXT): Analysis {
  const out: AnalysedSentence[] = [];
  let heading: number | undefined;
  let previousEnd = 0;
  for (const s of sentences(answer)) {
    const all = findConcepts(lexicon, s.words);
    const inConcept = new Uint8Array(s.words.length);
    for (const h of all) inConcept.fill(1, h.from, h.to);
    const hits: ConceptHit[] = [];
    const negated: ConceptHit[] = [];
    // Most sentences hold no negation cue at all; only those pay for the scope analysis.
    const mayNegate = s.words.some((w) => lexicon.negations.has(w.lower) || w.lower.endsWith("n't") || w.lower === 'instead' || w.lower === 'rather') || DISMISSAL_HINT.test(s.text);
    for (const h of all) (mayNegate && isNegated(answer, s.words, h, inConcept, lexicon.negations) ? negated : hits).push(h);
    const figures = markFigures(s.text, s.start, findFigures(s.text, s.start), context);
    // A number someone acts on is the candidate's own: not a vendor's claim, not the prompt's figure said back.
    const thresholds = findThresholds(s.text, figures, s.start).filter((t) => t.figure.claim !== true && t.figure.restated !== true);
    const windows = findWindows(s.text, figures, s.start);

    const n = s.words.length;
    let functionWords = 0;
    for (const w of s.words) if (FUNCTION_WORDS.has(w.lower)) functionWords++;
    const terms = outerTerms(all, lexicon.metricIds);
    // "The dashboard tracks TTFT, queue delay and error rate" enumerates one kind of thing; a stuffed list mixes everything.
    const enumeratesMetrics = terms.count >= 3 && terms.metrics / terms.count >= 0.75 && (functionWords >= 1 || /^[^,]{2,40}:\s/.test(s.text));
    let listLike = false;
    // A number someone acts on ties the terms to a decision: that is a note, not a keyword list.
    const decides = thresholds.length > 0 && decidedBy(thresholds, hits, lexicon.metricIds);
    // "gateway -> router -> queue -> batching" is a request path, not a keyword list.
    const path = (s.text.match(/->|→|=>/g)?.length ?? 0) >= 2;
    // Prose is at least a quarter function words; a keyword list is terser, or strings many commas together.
    if (!enumeratesMetrics && !decides && !path && (functionWords / Math.max(1, n) < 0.25 || (s.text.match(/,/g)?.length ?? 0) >= 4)) {
      {
        // A terse note lists specifics ("threads >8k tok, refusals, top 10 tenants"); a keyword list lists the lexicon.
        const items = itemsOf(s.text, s.start);
        let termItems = 0;
        // Items and words both run left to right: one pass over the words serves every item.
        let k = 0;
        for (const item of items) {
          while (k < n && (s.words[k]?.start ?? 0) < item.start) k++;
          let inItem = 0;
          let terms = 0;
          for (; k < n && (s.words[k]?.end ?? 0) <= item.end; k++) {
            inItem++;
            if (inConcept[k] === 1) terms++;
          }
          // A keyword is a short item made of lexicon terms; an item that says something runs longer.
          if (inItem > 0 && inItem <= 4 && terms / inItem >= 0.67) termItems++;
        }
        listLike = items.length >= 4 && termItems / items.length >= 0.75;
      }
    }
    const injection = INJECTION_HINT.test(s.text) && isInjection(s.text);
    const hasFigure = figures.some((f) => f.kind !== 'bare');
    const echo = injection ? undefined : echoOf(s.words, context.echo);
    const statement = !injection && echo === undefined && !listLike && n >= 3 && (functionWords >= 1 || hasFigure);

    // A blank line or a non-bullet line ends the block a heading introduces.
    const gap = answer.slice(previousEnd, s.start);
    if (/\n\s*\n/.test(gap) || (!s.bullet && !s.heading && gap.includes('\n'))) heading = undefined;
    const anaphoric = out.length > 0 && !/\n\s*\n/.test(gap) && ANAPHOR.test(s.text);
    const continues = out.length > 0 && (!gap.includes('\n') || (!/\n\s*\n/.test(gap) && !s.bullet && !s.heading && out[out.length - 1]?.bullet === false));
    const underHeading = s.heading ? undefined : heading;
    const concepts = new Set(hits.map((h) => h.concept));
    const above = underHeading === undefined ? undefined : out[underHeading];
    if (above !== undefined) for (const id of above.concepts) concepts.add(id);
    // Explicit fields, not a spread: V8 builds these objects several times faster.
    out.push({
      start: s.start,
      end: s.end,
      text: s.text,
      words: s.words,
      bullet: s.bullet,
      heading: s.heading,
      hits,
      negated,
      figures,
      thresholds,
      windows,
      statement,
      listLike,
      injection,
      underHeading,
      concepts,
      anaphoric,
      continues,
      echo,
    });
    if (s.heading) heading = out.length - 1;
    previousEnd = s.end;
  }
  const live = out.filter((s) => !s.injection);
  return { answer, sentences: out, live, statements: live.filter((s) => s.statement), wordCount: countWords(answer), metricIds: lexicon.metricIds };
}
