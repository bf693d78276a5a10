import type { Criterion, DimensionSpec, Question, RedFlag, Rubric, Signal } from '../../schemas/bank.js';
import { DIMENSIONS, type Company, type Dimension } from '../../schemas/constants.js';
import type { CriterionResult, DimensionResult, Evidence, FactCheck, FirstGap, Grade, RedFlagResult } from '../../schemas/grade.js';
import { analyse, answerContext, ownFigure, type AnalysedSentence, type Analysis, type AnswerContext } from './analyse.js';
import { checkFacts } from './facts.js';
import { extendLexicon, type CompiledLexicon, type ConceptHit } from './lexicon.js';
import type { Figure, Threshold } from './numbers.js';
import { counted } from '../counted.js';

/** A question made ready for grading: its rubric's concepts merged into the shared lexicon. */
export interface PreparedRubric {
  readonly question: Question;
  readonly rubric: Rubric;
  readonly lexicon: CompiledLexicon;
  readonly dimensionWeights: Readonly<Record<Dimension, number>>;
  /** The dimensions' general criteria, asked of every answer beside the rubric's own. */
  readonly general: readonly Criterion[];
  /** The prompt's figures and the texts an answer gets no credit for repeating. */
  readonly context: AnswerContext;
  /** Set by company mode: which company grades, why the grade differs, and the criteria it added. */
  readonly company?: { readonly id: Company; readonly name: string; readonly why: string; readonly criteria: ReadonlySet<string> } | undefined;
}

export function prepareRubric(
  question: Question,
  rubric: Rubric,
  shared: CompiledLexicon,
  dimensions: readonly DimensionSpec[],
): PreparedRubric {
  const dimensionWeights = Object.fromEntries(DIMENSIONS.map((d) => [d, 1])) as Record<Dimension, number>;
  for (const spec of dimensions) dimensionWeights[spec.id] = spec.weight;
  const general = dimensions.flatMap((spec) => spec.general.map((c) => ({ ...c, id: `general-${c.id}`, dimension: spec.id })));
  // The lexicon and the echo context cost ~10 ms a question to build: a bank of 32 is loaded for
  // every screen, most of which never grade, so each is built the first time a grade asks for it.
  let lexicon: CompiledLexicon | undefined;
  let context: AnswerContext | undefined;
  return {
    question,
    rubric,
    dimensionWeights,
    general,
    get lexicon() {
      lexicon ??= extendLexicon(extendLexicon(shared, rubric.concepts), question.concepts);
      return lexicon;
    },
    get context() {
      context ??= answerContext(question.prompt, [...rubric.criteria, ...general].map((c) => c.gap));
      return context;
    },
  };
}

const MAX_EVIDENCE = 3;

export function quote(answer: string, start: number, end: number): Evidence {
  return { start, end, text: answer.slice(start, end) };
}

/** Clause delimiters: a comma not inside a number, semicolons, colons, brackets, dashes. */
const CLAUSE_EDGE = /[;:()[\]—–]|,(?!\d{3})/g;

/** The clause(s) of a sentence that hold the matched words: a quote a reader can check at a glance. */
function clauseAround(s: AnalysedSentence, from: number, to: number): { start: number; end: number } {
  let start = s.start;
  let end = s.end;
  for (const m of s.text.matchAll(CLAUSE_EDGE)) {
    const at = s.start + (m.index ?? 0);
    if (at < from) start = at + 1;
    else if (at >= to) {
      end = at;
      break;
    }
  }
  while (start < end && /\s/.test(s.text[start - s.start] ?? '')) start++;
  return { start, end };
}

function sentenceEvidence(analysis: Analysis, s: AnalysedSentence, parts: readonly { start: number; end: number }[]): Evidence[] {
  const out: Evidence[] = [];
  const heading = s.underHeading === undefined ? undefined : analysis.sentences[s.underHeading];
  if (heading !== undefined) out.push(quote(analysis.answer, heading.start, heading.end));
  if (parts.length === 0) {
    out.push(quote(analysis.answer, s.start, s.end));
    return out;
  }
  const from = Math.min(...parts.map((p) => p.start));
  const to = Math.max(...parts.map((p) => p.end));
  const clause = clauseAround(s, from, to);
  out.push(quote(analysis.answer, clause.start, clause.end));
  return out;
}

export interface MatchOptions {
  /** Only statements count (rubric criteria); drills accept terse lists. */
  readonly statementsOnly: boolean;
  /**
   * Where a phrase signal may hold: in one sentence, only in a sentence read with the one before
   * it, or either (one sentence first). Default either.
   */
  readonly reach?: 'sentence' | 'pairs' | 'either';
}

/** Positions of the eligible sentences that name each concept: a phrase signal only looks where its rarest entry is. */
const conceptIndexes = new WeakMap<readonly AnalysedSentence[], Map<string, number[]>>();

function conceptIndex(eligible: readonly AnalysedSentence[]): Map<string, number[]> {
  let index = conceptIndexes.get(eligible);
  if (index !== undefined) return index;
  index = new Map();
  eligible.forEach((s, i) => {
    for (const id of s.concepts) {
      const list = index?.get(id);
      if (list === undefined) index?.set(id, [i]);
      else list.push(i);
    }
  });
  conceptIndexes.set(eligible, index);
  return index;
}

/** Positions of the sentences that name one entry of a signal (an entry that is a list: any of its ids), in order. */
function entryPositions(index: ReadonlyMap<string, readonly number[]>, entry: string | readonly string[]): number[] {
  if (typeof entry === 'string') return [...(index.get(entry) ?? [])];
  const all = new Set<number>();
  for (const id of entry) for (const i of index.get(id) ?? []) all.add(i);
  return [...all].sort((a, b) => a - b);
}

const flattened = new WeakMap<object, readonly string[]>();

/** Entries of a phrase signal, flattened: the concept ids it names. */
function signalIds(signal: { readonly all: readonly (string | readonly string[])[] }): readonly string[] {
  let ids = flattened.get(signal);
  if (ids === undefined) flattened.set(signal, (ids = signal.all.flatMap((e) => (typeof e === 'string' ? [e] : e))));
  return ids;
}

function namesAny(signal: Extract<Signal, { all: unknown }>, s: AnalysedSentence): boolean {
  return signalIds(signal).some((id) => s.concepts.has(id));
}

/** Every entry of the signal is named in one of the sentences: the cheap test before looking for parts. */
function namesAll(signal: Extract<Signal, { all: unknown }>, a: AnalysedSentence, b?: AnalysedSentence): boolean {
  for (const entry of signal.all) {
    if (typeof entry === 'string') {
      if (!a.concepts.has(entry) && b?.concepts.has(entry) !== true) return false;
    } else if (!entry.some((id) => a.concepts.has(id) || b?.concepts.has(id) === true)) return false;
  }
  return true;
}

/** One sentence's metric hits, indexed: each threshold looks only at the hits near it, not at every hit. */
interface MetricHits {
  readonly metricIds: ReadonlySet<string>;
  /** The sentence's metric hits, in the sentence's order; positions below index this list. */
  readonly hits: readonly ConceptHit[];
  /** Positions by start, and by end (ties in order). */
  readonly byStart: readonly number[];
  readonly byEnd: readonly number[];
  /** The longest hit, in characters. */
  readonly longest: number;
}

const metricHitIndexes = new WeakMap<AnalysedSentence, MetricHits>();

function metricHitsOf(s: AnalysedSentence, metricIds: ReadonlySet<string>): MetricHits {
  const known = metricHitIndexes.get(s);
  if (known !== undefined && known.metricIds === metricIds) return known;
  const hits = s.hits.filter((h) => metricIds.has(h.concept));
  const positions = hits.map((_, k) => k);
  const at = (k: number): ConceptHit => hits[k] as ConceptHit;
  const index: MetricHits = {
    metricIds,
    hits,
    byStart: [...positions].sort((a, b) => at(a).start - at(b).start || a - b),
    byEnd: [...positions].sort((a, b) => at(a).end - at(b).end || a - b),
    longest: hits.reduce((n, h) => Math.max(n, h.end - h.start), 0),
  };
  metricHitIndexes.set(s, index);
  return index;
}

/** First position in `order` whose hit's `key` is at or above `x`. */
function firstAtLeast(m: MetricHits, order: readonly number[], key: 'start' | 'end', x: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((m.hits[order[mid] ?? 0]?.[key] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Hits (positions) whose `key` lies in [lo, hi]. */
function hitsWithin(m: MetricHits, key: 'start' | 'end', lo: number, hi: number): number[] {
  const order = key === 'start' ? m.byStart : m.byEnd;
  const out: number[] = [];
  for (let k = firstAtLeast(m, order, key, lo); k < order.length; k++) {
    const pos = order[k] ?? 0;
    if ((m.hits[pos]?.[key] ?? 0) > hi) break;
    out.push(pos);
  }
  return out;
}

/**
 * The metric a threshold's number is set on: the hit nearest to it, before the comparator or
 * right after the figure (the first in the sentence's order on a tie), when within 60.
 */
function nearestMetric(m: MetricHits, t: Threshold): ConceptHit | undefined {
  const c = t.comparator.start;
  const e = t.figure.end;
  const distance = (h: ConceptHit): number => (h.end <= c ? c - h.end : h.start >= e ? h.start - e + 15 : 0);
  // A hit within 60 ends at most 60 before the comparator and starts at most 45 after the figure.
  let best = Number.POSITIVE_INFINITY;
  let nearest = -1;
  for (const pos of hitsWithin(m, 'start', c - 60 - m.longest, Math.max(c, e + 45))) {
    const h = m.hits[pos];
    if (h === undefined) continue;
    const d = distance(h);
    if (d < best || (d === best && pos < nearest)) {
      best = d;
      nearest = pos;
    }
  }
  return best > 60 ? undefined : m.hits[nearest];
}

/**
 * A metric phrase runs across adjacent metric words: in "queue wait p95 above 200 ms" the p95
 * qualifies the queue wait. Grows `nearest` by every metric hit at most 2 characters from it, in
 * the order a pass over the sentence's hits, repeated until nothing grows, would take them.
 */
function metricPhrase(m: MetricHits, nearest: ConceptHit): { from: number; to: number } {
  let from = nearest.start;
  let to = nearest.end;
  let next = 0;
  for (;;) {
    // Adjacent hits are never inside the phrase: only they can join it.
    const adjacent = [...hitsWithin(m, 'end', from - 2, from), ...hitsWithin(m, 'start', to, to + 2)];
    if (adjacent.length === 0) return { from, to };
    const later = adjacent.filter((pos) => pos >= next);
    const pos = Math.min(...(later.length > 0 ? later : adjacent));
    const h = m.hits[pos];
    if (h === undefined) return { from, to };
    from = Math.min(from, h.start);
    to = Math.max(to, h.end);
    next = pos + 1;
  }
}

/**
 * A threshold that sets a number on one of the metrics the signal is about, not on something
 * else in the sentence: "roll back if p95 TTFT passes 2 s", not "canary at up to 5% of traffic,
 * roll back if p95 looks worse". A signal that names no metric takes any threshold.
 */
function boundThreshold(sentences: readonly AnalysedSentence[], wanted: readonly string[], metricIds: ReadonlySet<string>): Threshold | undefined {
  const metrics = wanted.filter((id) => metricIds.has(id));
  for (const s of sentences) {
    if (s.thresholds.length === 0) continue;
    const m = metricHitsOf(s, metricIds);
    for (const t of s.thresholds) {
      if (metrics.length === 0) return t;
      // The metric the number is set on is the one nearest to it: before the comparator, or right after the figure.
      const nearest = nearestMetric(m, t);
      if (nearest === undefined) continue;
      const { from, to } = metricPhrase(m, nearest);
      for (const pos of hitsWithin(m, 'start', from, to)) {
        const h = m.hits[pos];
        if (h !== undefined && h.end <= to && metrics.includes(h.concept)) return t;
      }
    }
  }
  // "If it passes 2 s for 10 minutes, roll back": the metric sits in the sentence or heading this one points back to.
  const [first, ...rest] = sentences;
  if (first !== undefined && rest.length > 0 && metrics.some((id) => first.concepts.has(id))) return rest.flatMap((s) => s.thresholds)[0];
  return undefined;
}

/** The parts of `group` (one sentence, or a sentence and the one it points back to) that show a phrase signal; undefined when they do not. */
function phraseParts(signal: Extract<Signal, { all: unknown }>, group: readonly AnalysedSentence[], metricIds: ReadonlySet<string>): { start: number; end: number }[] | undefined {
  // Callers have checked that the group names every entry; the number, threshold and window decide, so look at them first.
  const parts: { start: number; end: number }[] = [];
  if (signal.number !== undefined) {
    const kinds = signal.number;
    let figure: Figure | undefined;
    for (const s of group) {
      figure = s.figures.find((f) => f.kind !== 'bare' && ownFigure(f) && (kinds === 'any' ? f.kind !== 'percentile' : (kinds as readonly string[]).includes(f.kind)));
      if (figure !== undefined) break;
    }
    if (figure === undefined) return undefined;
    parts.push(figure);
  }
  if (signal.threshold === true) {
    const threshold = boundThreshold(group, signalIds(signal), metricIds);
    if (threshold === undefined) return undefined;
    parts.push(threshold.comparator, threshold.figure);
  }
  if (signal.window === true) {
    const window = group.find((s) => s.windows.length > 0)?.windows[0];
    if (window === undefined && !group.some((s) => s.concepts.has('window'))) return undefined;
    if (window !== undefined) parts.push(window);
  }
  for (const entry of signal.all) {
    for (const s of group) {
      const hit = s.hits.find((h) => (typeof entry === 'string' ? h.concept === entry : entry.includes(h.concept)));
      if (hit !== undefined) {
        parts.push(hit);
        break;
      }
    }
  }
  return parts;
}

/** Each sentence's place in the answer, once per analysis: looking it up by scanning was quadratic in the sentences. */
const sentencePlaces = new WeakMap<readonly AnalysedSentence[], Map<AnalysedSentence, number>>();

/** `b` is the sentence right after `a` in the answer. */
function adjacent(sentences: readonly AnalysedSentence[], a: AnalysedSentence, b: AnalysedSentence): boolean {
  let places = sentencePlaces.get(sentences);
  if (places === undefined) sentencePlaces.set(sentences, (places = new Map(sentences.map((s, i) => [s, i]))));
  return (places.get(a) ?? -1) === (places.get(b) ?? -1) - 1;
}

/** A quote shorter than this ("I assume TTFT", "Past the headroom") says too little on its own. */
export const SHORT_QUOTE_CHARS = 30;

/** The evidence for one signal, or an empty list when the answer does not show it. */
export function matchSignal(signal: Signal, analysis: Analysis, options: MatchOptions): Evidence[] {
  const eligible = options.statementsOnly ? analysis.statements : analysis.live;
  if ('all' in signal) {
    const evidence: Evidence[] = [];
    const reach = signal.sentence === true ? 'sentence' : (options.reach ?? 'either');
    if (signal.sentence === true && options.reach === 'pairs') return evidence;
    const index = conceptIndex(eligible);
    // Every sentence that can hold the signal names its rarest entry, or its neighbour does.
    let rarest: number[] | undefined;
    for (const entry of signal.all) {
      const positions = entryPositions(index, entry);
      if (rarest === undefined || positions.length < rarest.length) rarest = positions;
      if (positions.length === 0) break;
    }
    const candidates = rarest ?? [];
    for (const i of reach === 'pairs' ? [] : candidates) {
      const s = eligible[i];
      if (s === undefined || !namesAll(signal, s)) continue;
      const parts = phraseParts(signal, [s], analysis.metricIds);
      if (parts === undefined) continue;
      evidence.push(...sentenceEvidence(analysis, s, parts.filter((p) => p.start >= s.start && p.end <= s.end)));
      if (evidence.length >= MAX_EVIDENCE) return evidence;
    }
    if (evidence.length > 0 || reach === 'sentence' || candidates.length === 0) return evidence;
    // A sentence completes the one before it when it continues the same paragraph or line, or points back to it
    // ("These two cost us 10% of throughput"): engineers develop one idea over two sentences.
    const pairStarts = [...new Set(candidates.flatMap((i) => [i, i + 1]))].sort((a, b) => a - b);
    for (const i of pairStarts) {
      if (i < 1) continue;
      const s = eligible[i];
      const before = eligible[i - 1];
      if (s === undefined || before === undefined || !(s.anaphoric || s.continues) || !namesAll(signal, before, s) || !adjacent(analysis.sentences, before, s)) continue;
      // Both sentences carry part of the idea: a number in one does not complete a list of terms in the other.
      if (!namesAny(signal, before) || !namesAny(signal, s)) continue;
      const parts = phraseParts(signal, [before, s], analysis.metricIds);
      if (parts === undefined) continue;
      evidence.push(...sentenceEvidence(analysis, before, parts.filter((p) => p.start >= before.start && p.end <= before.end)));
      evidence.push(...sentenceEvidence(analysis, s, parts.filter((p) => p.start >= s.start && p.end <= s.end)));
      if (evidence.length >= MAX_EVIDENCE) break;
    }
    return evidence;
  }
  if ('distinct' in signal) {
    // Distinct things named: "p95 TTFT" names one indicator, even though it is both a percentile and TTFT.
    const found = new Map<string, AnalysedSentence>();
    const spans: { start: number; end: number }[] = [];
    const index = conceptIndex(eligible);
    const firsts = signal.distinct
      .map((id) => ({ id, at: index.get(id)?.[0] }))
      .filter((x): x is { id: string; at: number } => x.at !== undefined)
      .sort((a, b) => a.at - b.at);
    for (const { id, at } of firsts) {
      for (const i of index.get(id) ?? [at]) {
        const s = eligible[i];
        if (s === undefined) continue;
        const hit = s.hits.find((h) => h.concept === id) ?? { start: s.start, end: s.start };
        if (hit.end > hit.start && spans.some((o) => hit.start < o.end && hit.end > o.start)) continue;
        found.set(id, s);
        if (hit.end > hit.start) spans.push(hit);
        break;
      }
    }
    if (found.size < signal.atLeast) return [];
    const seen = new Set<number>();
    const evidence: Evidence[] = [];
    for (const [id, s] of found) {
      const hit = s.hits.find((h) => h.concept === id);
      const around = hit === undefined ? s : clauseAround(s, hit.start, hit.end);
      // A clause of a few words ("I assume TTFT") says too little on its own: quote the sentence.
      const clause = around.end - around.start < SHORT_QUOTE_CHARS ? s : around;
      if (seen.has(clause.start)) continue;
      seen.add(clause.start);
      evidence.push(quote(analysis.answer, clause.start, clause.end));
    }
    return evidence;
  }
  const { kind, equals, tolerance } = signal.value;
  for (const s of options.statementsOnly ? analysis.live.filter((x) => x.echo === undefined) : analysis.live) {
    // A computed count is often written bare ("112 sequences fit" or just "112").
    const figure = s.figures.find((f) => ownFigure(f) && (f.kind === kind || (kind === 'count' && f.kind === 'bare')) && Math.abs(f.value - equals) <= Math.abs(equals) * tolerance);
    if (figure !== undefined) return [quote(analysis.answer, figure.start, figure.end)];
  }
  return [];
}

/** Drops repeated quotes and quotes that sit inside another quote. */
function dedupe(evidence: readonly Evidence[]): Evidence[] {
  const kept: Evidence[] = [];
  for (const e of evidence) {
    if (evidence.some((o) => o !== e && o.start <= e.start && o.end >= e.end && (o.end - o.start > e.end - e.start))) continue;
    if (kept.some((k) => k.start === e.start && k.end === e.end)) continue;
    kept.push(e);
  }
  return kept;
}

function gradeCriterion(criterion: Criterion, analysis: Analysis): CriterionResult {
  // Evidence from one sentence first; two sentences read together only when no single one shows it.
  let evidence: Evidence[] = [];
  for (const signal of criterion.signals) evidence.push(...matchSignal(signal, analysis, { statementsOnly: true, reach: 'sentence' }));
  if (evidence.length === 0) for (const signal of criterion.signals) evidence.push(...matchSignal(signal, analysis, { statementsOnly: true, reach: 'pairs' }));
  evidence = evidence.filter((e) => e.text.trim().length > 0);
  const kept = dedupe(evidence).slice(0, MAX_EVIDENCE);
  return {
    id: criterion.id,
    dimension: criterion.dimension,
    text: criterion.text,
    weight: criterion.weight,
    met: kept.length > 0,
    evidence: kept,
    decidedBy: 'rubric',
  };
}

/** 0 when nothing is met; otherwise 1-4 by the weighted share met, in quarters (25 / 50 / 75 % steps). */
export function scoreFromShare(share: number): number {
  if (share <= 0) return 0;
  if (share < 0.25) return 1;
  if (share < 0.5) return 2;
  if (share < 0.75) return 3;
  return 4;
}

/** The part of a dimension's share its general criteria carry when the rubric has criteria of its own there. */
export const GENERAL_SHARE = 0.4;

/** A disputed criterion (the rubric and the model disagree) earns this share of its weight: neither verdict is taken whole. */
export const DISPUTED_CREDIT = 0.5;

function weightedShare(criteria: readonly CriterionResult[]): number | undefined {
  const total = criteria.reduce((sum, c) => sum + c.weight, 0);
  // A criterion the graders dispute earns half: neither verdict is taken whole.
  return total === 0 ? undefined : criteria.reduce((sum, c) => sum + (c.met ? c.weight : c.disputed !== undefined ? c.weight * DISPUTED_CREDIT : 0), 0) / total;
}

/**
 * Each dimension's share: the question's own criteria, blended with the dimension's general ones
 * (what the anchors ask of any answer), so an answer that names a canary without a trigger earns
 * the partial credit an interviewer would give.
 */
export function scoreDimensions(criteria: readonly CriterionResult[]): Record<Dimension, DimensionResult> {
  const out = {} as Record<Dimension, DimensionResult>;
  for (const d of DIMENSIONS) {
    const mine = criteria.filter((c) => c.dimension === d);
    const own = weightedShare(mine.filter((c) => c.general !== true));
    const general = weightedShare(mine.filter((c) => c.general === true));
    const share = own === undefined ? (general ?? 0) : general === undefined ? own : (1 - GENERAL_SHARE) * own + GENERAL_SHARE * general;
    const disputed = mine.filter((c) => c.disputed !== undefined).length;
    out[d] = { score: scoreFromShare(share), share, met: mine.filter((c) => c.met).length, total: mine.length, ...(disputed > 0 ? { disputed } : {}) };
  }
  return out;
}

const KEYWORD_LIST_FLAG = {
  id: 'keyword-list',
  label: 'Reads as a keyword list',
  why: 'Terms named without saying what they do for this design show recall, not judgement; interviewers press on every one.',
  penalty: 10,
};
const ACTS_ON_FEEL_FLAG = {
  id: 'acts-on-feel',
  label: 'Acts on a feeling, not a number',
  why: '"Roll back if it looks bad" cannot be automated or paged on; interviewers ask for the metric, the threshold and the window.',
  penalty: 6,
};
const FEEL_CONCEPTS = ['manual-judgement', 'vague-monitoring'];
/** The general red flags a spot-the-flaw answer may plant, by id (the keyword-list and grader ones are never planted). */
export const PLANTABLE_GENERAL_FLAGS: Readonly<Record<string, { readonly label: string; readonly why: string }>> = { [ACTS_ON_FEEL_FLAG.id]: ACTS_ON_FEEL_FLAG };
const WRONG_FIGURE_FLAG = {
  id: 'wrong-figure',
  label: 'States a figure the arithmetic contradicts',
  why: 'A wrong number said with confidence is worse than none: an interviewer checks it, and every decision built on it is off by the same factor.',
  penalty: 4,
};
const GRADER_INSTRUCTION_FLAG = {
  id: 'addresses-the-grader',
  label: 'Text addressed to the grader',
  why: 'Instructions to the grader are ignored and are never evidence; in a real interview they would end the round.',
  penalty: 5,
};

function detectRedFlag(flag: RedFlag, analysis: Analysis, criteria: readonly CriterionResult[]): RedFlagResult | undefined {
  const { whenAny, unlessAny, unlessDimension } = flag.detect;
  const live = analysis.live;
  // Only what the answer says in its own words: not a quoted prompt, not a negated term.
  const triggering = live.filter((s) => s.echo === undefined && s.hits.some((h) => whenAny.includes(h.concept)));
  if (triggering.length === 0) return undefined;
  const evidence = triggering.slice(0, MAX_EVIDENCE).map((s) => quote(analysis.answer, s.start, s.end));
  if (unlessAny !== undefined && live.some((s) => s.hits.some((h) => unlessAny.includes(h.concept)))) return undefined;
  // The question's own criteria: a general one ("names a way back") does not answer this flag.
  if (unlessDimension !== undefined && criteria.some((c) => c.met && c.general !== true && unlessDimension.includes(c.dimension))) return undefined;
  return { id: flag.id, label: flag.label, why: flag.why, penalty: flag.penalty, evidence };
}

/** Flags every question shares; skipped where the question defines its own version. */
function generalFlags(analysis: Analysis, question: Question): RedFlagResult[] {
  const out: RedFlagResult[] = [];
  const ownFeelFlag = question.redFlags.some((f) => f.detect.whenAny.some((c) => FEEL_CONCEPTS.includes(c)));
  const feel = analysis.live.filter((s) => s.hits.some((h) => FEEL_CONCEPTS.includes(h.concept)));
  const anyThreshold = analysis.statements.some((s) => s.thresholds.length > 0);
  if (!ownFeelFlag && feel.length > 0 && !anyThreshold) {
    out.push({ ...ACTS_ON_FEEL_FLAG, evidence: feel.slice(0, MAX_EVIDENCE).map((s) => quote(analysis.answer, s.start, s.end)) });
  }
  const listed = new Set<string>();
  const stated = new Set<string>();
  for (const s of analysis.sentences) {
    for (const h of s.hits) (s.listLike ? listed : s.statement ? stated : listed).add(h.concept);
  }
  const lists = analysis.sentences.filter((s) => s.listLike);
  if (lists.length > 0 && listed.size >= 4 && listed.size > stated.size) {
    out.push({ ...KEYWORD_LIST_FLAG, evidence: lists.slice(0, MAX_EVIDENCE).map((s) => quote(analysis.answer, s.start, s.end)) });
  }
  const injections = analysis.sentences.filter((s) => s.injection);
  if (injections.length > 0) {
    out.push({ ...GRADER_INSTRUCTION_FLAG, evidence: injections.slice(0, MAX_EVIDENCE).map((s) => quote(analysis.answer, s.start, s.end)) });
  }
  return out;
}

/**
 * The single most important missing item: within the earliest dimension of the answer
 * sequence that scores under 2, its heaviest missed criterion; otherwise the heaviest
 * missed criterion anywhere.
 */
export function findFirstGap(rubric: Rubric, criteria: readonly CriterionResult[], dimensions: Record<Dimension, DimensionResult>, general: readonly Criterion[] = []): FirstGap | null {
  // The question's own criteria first: their advice is written for this question.
  const missedOwn = criteria.filter((c) => !c.met && c.general !== true);
  const missed = missedOwn.length > 0 ? missedOwn : criteria.filter((c) => !c.met);
  if (missed.length === 0) return null;
  const order = (c: CriterionResult): number => DIMENSIONS.indexOf(c.dimension);
  const weak = DIMENSIONS.find((d) => dimensions[d].score < 2 && missed.some((c) => c.dimension === d));
  const pool = weak === undefined ? missed : missed.filter((c) => c.dimension === weak);
  const best = [...pool].sort((a, b) => b.weight - a.weight || order(a) - order(b))[0];
  if (best === undefined) return null;
  const advice = [...rubric.criteria, ...general].find((c) => c.id === best.id)?.gap ?? best.text;
  return { criterion: best.id, dimension: best.dimension, text: best.text, advice };
}

/** Red flags together take at most this share of what the answer earned: they price what it says, not what it lacks. */
export const PENALTY_CAP_SHARE = 0.3;

/** What the dimensions earn, 0-100, before red flags. */
export function earnedScore(dimensions: Record<Dimension, DimensionResult>, weights: Readonly<Record<Dimension, number>>): number {
  let weighted = 0;
  let total = 0;
  for (const d of DIMENSIONS) {
    weighted += weights[d] * dimensions[d].share;
    total += weights[d];
  }
  return total === 0 ? 0 : Math.round((100 * weighted) / total);
}

/** The points red flags take: their sum, capped at a share of what the answer earned. */
export function penaltyPoints(earned: number, redFlags: readonly RedFlagResult[]): number {
  const sum = redFlags.reduce((s, f) => s + f.penalty, 0);
  return Math.min(sum, Math.round(earned * PENALTY_CAP_SHARE));
}

export function overallScore(
  dimensions: Record<Dimension, DimensionResult>,
  weights: Readonly<Record<Dimension, number>>,
  redFlags: readonly RedFlagResult[],
): number {
  const earned = earnedScore(dimensions, weights);
  return Math.max(0, Math.min(100, earned - penaltyPoints(earned, redFlags)));
}

/** Grades an answer against a question's rubric. Pure: same answer, same grade. */
/** The analysis without the given sentences: what is left to count as evidence. */
function without(analysis: Analysis, dropped: ReadonlySet<AnalysedSentence>): Analysis {
  if (dropped.size === 0) return analysis;
  return { ...analysis, live: analysis.live.filter((s) => !dropped.has(s)), statements: analysis.statements.filter((s) => !dropped.has(s)) };
}

/** The sentence that holds a quote: sentences do not overlap and run in order, so the last one starting at or before it. */
function sentenceHolding(sentences: readonly AnalysedSentence[], quoted: { readonly start: number; readonly end: number }): AnalysedSentence | undefined {
  let lo = 0;
  let hi = sentences.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sentences[mid]?.start ?? 0) <= quoted.start) lo = mid + 1;
    else hi = mid;
  }
  const s = sentences[lo - 1];
  return s !== undefined && s.end >= quoted.end ? s : undefined;
}

/**
 * Criteria graded with the figures checked: a figure that contradicts a fact the question fixes
 * costs that fact's criterion; a sentence whose own arithmetic is wrong (an error budget, a burn
 * rate, compound growth) is no evidence of anything.
 */
function gradeCriteria(prepared: PreparedRubric, analysis: Analysis, factChecks: readonly FactCheck[]): CriterionResult[] {
  const holding = (c: FactCheck): AnalysedSentence | undefined => sentenceHolding(analysis.sentences, c.stated);
  const general = new Set(factChecks.filter((c) => c.criterion === undefined).flatMap((c) => holding(c) ?? []));
  const checked = without(analysis, general);
  const own = prepared.rubric.criteria.map((criterion) => {
    const wrong = factChecks.filter((c) => c.criterion === criterion.id);
    if (wrong.length === 0) return gradeCriterion(criterion, checked);
    const dropped = new Set([...general, ...wrong.flatMap((c) => holding(c) ?? [])]);
    const result = gradeCriterion(criterion, without(analysis, dropped));
    return { ...result, met: false, evidence: [] };
  });
  return [...own, ...prepared.general.map((c) => ({ ...gradeCriterion(c, checked), general: true }))];
}

export function gradeAnswer(prepared: PreparedRubric, answer: string): Grade {
  const analysis = analyse(answer, prepared.lexicon, prepared.context);
  const factChecks = checkFacts(analysis, prepared.rubric.facts);
  const company = prepared.company;
  const graded = gradeCriteria(prepared, analysis, factChecks);
  const criteria = company === undefined ? graded : graded.map((c) => (company.criteria.has(c.id) ? { ...c, company: company.id } : c));
  const dimensions = scoreDimensions(criteria);
  const redFlags: RedFlagResult[] = [];
  for (const flag of prepared.question.redFlags) {
    const raised = detectRedFlag(flag, analysis, criteria);
    if (raised !== undefined) redFlags.push(raised);
  }
  redFlags.push(...generalFlags(analysis, prepared.question));
  if (factChecks.length > 0) redFlags.push({ ...WRONG_FIGURE_FLAG, evidence: factChecks.slice(0, MAX_EVIDENCE).map((c) => c.stated) });
  const notes: string[] = [];
  const lists = analysis.sentences.filter((s) => s.listLike && s.hits.length > 0).length;
  if (lists > 0) notes.push(`${lists} ${lists === 1 ? 'line reads' : 'lines read'} as a keyword list and ${lists === 1 ? 'was' : 'were'} not counted as evidence.`);
  const injected = analysis.sentences.filter((s) => s.injection).length;
  if (injected > 0) notes.push(`${injected} ${injected === 1 ? 'sentence' : 'sentences'} addressed to the grader ${injected === 1 ? 'was' : 'were'} ignored.`);
  for (const kind of ['prompt', 'advice'] as const) {
    const echoed = analysis.sentences.filter((s) => s.echo === kind).length;
    if (echoed === 0) continue;
    const what = kind === 'prompt' ? "the interviewer's prompt" : "the rubric's own advice";
    notes.push(`${echoed} ${echoed === 1 ? 'sentence repeats' : 'sentences repeat'} ${what} almost word for word and ${echoed === 1 ? 'was' : 'were'} not counted: say it in your own words, with your own numbers.`);
  }
  const earned = earnedScore(dimensions, prepared.dimensionWeights);
  const flagged = redFlags.reduce((s, f) => s + f.penalty, 0);
  if (flagged > penaltyPoints(earned, redFlags)) notes.push(`Red flags cost ${counted(penaltyPoints(earned, redFlags), 'point')} here, not ${flagged}: together they take at most ${Math.round(100 * PENALTY_CAP_SHARE)}% of what the answer earned.`);
  return {
    questionId: prepared.question.id,
    grader: 'rubric',
    overall: overallScore(dimensions, prepared.dimensionWeights, redFlags),
    dimensions,
    criteria,
    redFlags,
    firstGap: findFirstGap(prepared.rubric, criteria, dimensions, prepared.general),
    factChecks,
    notes,
    wordCount: analysis.wordCount,
    ...(company === undefined ? {} : { company: { id: company.id, name: company.name, why: company.why } }),
  };
}

/** Grades one answer to one question. The rubric grader is always available; a model grader may refine it. */
export interface Grader {
  readonly kind: Grade['grader'];
  /** The whole grade: the rubric's, and the model's verdicts beside it when there is a model. */
  grade(prepared: PreparedRubric, answer: string, signal?: AbortSignal): Promise<Grade>;
  /**
   * The model's verdicts on a grade already shown (the rubric's, perhaps with credit for asking);
   * undefined when there is no model to ask. Never rejects: a model that fails leaves the grade, with a note.
   */
  review?(prepared: PreparedRubric, answer: string, grade: Grade, signal?: AbortSignal): Promise<Grade> | undefined;
}

/** The deterministic grader behind the Grader port: always available, no model needed. */
export const rubricGrader: Grader = {
  kind: 'rubric',
  grade: async (prepared, answer) => gradeAnswer(prepared, answer),
};
