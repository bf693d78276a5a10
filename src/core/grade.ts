import type { Grader } from '../ports.js';
import type { Criterion, DimensionSpec, Question, RedFlag, Rubric, Signal } from '../schemas/bank.js';
import { DIMENSIONS, type Dimension } from '../schemas/constants.js';
import type { CriterionResult, DimensionResult, Evidence, FirstGap, Grade, RedFlagResult } from '../schemas/grade.js';
import { analyse, type AnalysedSentence, type Analysis } from './analyse.js';
import { extendLexicon, type CompiledLexicon } from './lexicon.js';

/** A question made ready for grading: its rubric's concepts merged into the shared lexicon. */
export interface PreparedRubric {
  readonly question: Question;
  readonly rubric: Rubric;
  readonly lexicon: CompiledLexicon;
  readonly dimensionWeights: Readonly<Record<Dimension, number>>;
}

export function prepareRubric(
  question: Question,
  rubric: Rubric,
  shared: CompiledLexicon,
  dimensions: readonly DimensionSpec[],
): PreparedRubric {
  const dimensionWeights = Object.fromEntries(DIMENSIONS.map((d) => [d, 1])) as Record<Dimension, number>;
  for (const spec of dimensions) dimensionWeights[spec.id] = spec.weight;
  return { question, rubric, lexicon: extendLexicon(shared, rubric.concepts), dimensionWeights };
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
}

/** The evidence for one signal, or an empty list when the answer does not show it. */
export function matchSignal(signal: Signal, analysis: Analysis, options: MatchOptions): Evidence[] {
  const eligible = options.statementsOnly ? analysis.statements : analysis.live;
  if ('all' in signal) {
    const evidence: Evidence[] = [];
    for (const s of eligible) {
      const ids = s.concepts;
      const conceptsOk = signal.all.every((entry) =>
        typeof entry === 'string' ? ids.has(entry) : entry.some((id) => ids.has(id)),
      );
      if (!conceptsOk) continue;
      const parts: { start: number; end: number }[] = [];
      for (const entry of signal.all) {
        const wanted = typeof entry === 'string' ? [entry] : entry;
        const hit = s.hits.find((h) => wanted.includes(h.concept));
        if (hit !== undefined) parts.push(hit);
      }
      if (signal.number !== undefined) {
        const kinds = signal.number;
        const figure = s.figures.find((f) => f.kind !== 'bare' && (kinds === 'any' || (kinds as readonly string[]).includes(f.kind)));
        if (figure === undefined) continue;
        parts.push(figure);
      }
      if (signal.threshold === true) {
        const threshold = s.thresholds[0];
        if (threshold === undefined) continue;
        parts.push(threshold.comparator, threshold.figure);
      }
      if (signal.window === true) {
        const window = s.windows[0];
        if (window === undefined && !ids.has('window')) continue;
        if (window !== undefined) parts.push(window);
      }
      evidence.push(...sentenceEvidence(analysis, s, parts));
      if (evidence.length >= MAX_EVIDENCE) break;
    }
    return evidence;
  }
  if ('distinct' in signal) {
    const found = new Map<string, AnalysedSentence>();
    for (const s of eligible) {
      for (const id of signal.distinct) if (s.concepts.has(id) && !found.has(id)) found.set(id, s);
    }
    if (found.size < signal.atLeast) return [];
    const seen = new Set<number>();
    const evidence: Evidence[] = [];
    for (const [id, s] of found) {
      const hit = s.hits.find((h) => h.concept === id);
      const around = hit === undefined ? s : clauseAround(s, hit.start, hit.end);
      // A clause of a few words ("I assume TTFT") says too little on its own: quote the sentence.
      const clause = around.end - around.start < 30 ? s : around;
      if (seen.has(clause.start)) continue;
      seen.add(clause.start);
      evidence.push(quote(analysis.answer, clause.start, clause.end));
    }
    return evidence;
  }
  const { kind, equals, tolerance } = signal.value;
  for (const s of analysis.live) {
    // A computed count is often written bare ("112 sequences fit" or just "112").
    const figure = s.figures.find((f) => (f.kind === kind || (kind === 'count' && f.kind === 'bare')) && Math.abs(f.value - equals) <= Math.abs(equals) * tolerance);
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
  const evidence: Evidence[] = [];
  for (const signal of criterion.signals) evidence.push(...matchSignal(signal, analysis, { statementsOnly: true }));
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

/** 0 when nothing is met; otherwise 1-4 by the weighted share met (37.5 / 62.5 / 87.5 % steps). */
export function scoreFromShare(share: number): number {
  if (share <= 0) return 0;
  if (share < 0.375) return 1;
  if (share < 0.625) return 2;
  if (share < 0.875) return 3;
  return 4;
}

export function scoreDimensions(criteria: readonly CriterionResult[]): Record<Dimension, DimensionResult> {
  const out = {} as Record<Dimension, DimensionResult>;
  for (const d of DIMENSIONS) {
    const mine = criteria.filter((c) => c.dimension === d);
    const total = mine.reduce((sum, c) => sum + c.weight, 0);
    const metWeight = mine.filter((c) => c.met).reduce((sum, c) => sum + c.weight, 0);
    const share = total === 0 ? 0 : metWeight / total;
    out[d] = { score: scoreFromShare(share), share, met: mine.filter((c) => c.met).length, total: mine.length };
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
const GRADER_INSTRUCTION_FLAG = {
  id: 'addresses-the-grader',
  label: 'Text addressed to the grader',
  why: 'Instructions to the grader are ignored and are never evidence; in a real interview they would end the round.',
  penalty: 5,
};

function detectRedFlag(flag: RedFlag, analysis: Analysis, dimensions: Record<Dimension, DimensionResult>): RedFlagResult | undefined {
  const { whenAny, unlessAny, unlessDimension } = flag.detect;
  const live = analysis.live;
  let evidence: Evidence[] = [];
  if (whenAny !== undefined) {
    const triggering = live.filter((s) => s.hits.some((h) => whenAny.includes(h.concept)));
    if (triggering.length === 0) return undefined;
    evidence = triggering.slice(0, MAX_EVIDENCE).map((s) => quote(analysis.answer, s.start, s.end));
  }
  if (unlessAny !== undefined && live.some((s) => s.hits.some((h) => unlessAny.includes(h.concept)))) return undefined;
  if (unlessDimension !== undefined && unlessDimension.some((d) => dimensions[d].met > 0)) return undefined;
  return { id: flag.id, label: flag.label, why: flag.why, penalty: flag.penalty, evidence };
}

/** Flags every question shares; skipped where the question defines its own version. */
function generalFlags(analysis: Analysis, question: Question): RedFlagResult[] {
  const out: RedFlagResult[] = [];
  const ownFeelFlag = question.redFlags.some((f) => f.detect.whenAny?.some((c) => FEEL_CONCEPTS.includes(c)) === true);
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
export function findFirstGap(rubric: Rubric, criteria: readonly CriterionResult[], dimensions: Record<Dimension, DimensionResult>): FirstGap | null {
  const missed = criteria.filter((c) => !c.met);
  if (missed.length === 0) return null;
  const order = (c: CriterionResult): number => DIMENSIONS.indexOf(c.dimension);
  const weak = DIMENSIONS.find((d) => dimensions[d].score < 2 && missed.some((c) => c.dimension === d));
  const pool = weak === undefined ? missed : missed.filter((c) => c.dimension === weak);
  const best = [...pool].sort((a, b) => b.weight - a.weight || order(a) - order(b))[0];
  if (best === undefined) return null;
  const advice = rubric.criteria.find((c) => c.id === best.id)?.gap ?? best.text;
  return { criterion: best.id, dimension: best.dimension, text: best.text, advice };
}

export function overallScore(
  dimensions: Record<Dimension, DimensionResult>,
  weights: Readonly<Record<Dimension, number>>,
  redFlags: readonly RedFlagResult[],
): number {
  let weighted = 0;
  let total = 0;
  for (const d of DIMENSIONS) {
    weighted += weights[d] * dimensions[d].share;
    total += weights[d];
  }
  const base = total === 0 ? 0 : Math.round((100 * weighted) / total);
  const penalty = redFlags.reduce((sum, f) => sum + f.penalty, 0);
  return Math.max(0, Math.min(100, base - penalty));
}

/** Grades an answer against a question's rubric. Pure: same answer, same grade. */
export function gradeAnswer(prepared: PreparedRubric, answer: string): Grade {
  const analysis = analyse(answer, prepared.lexicon);
  const criteria = prepared.rubric.criteria.map((c) => gradeCriterion(c, analysis));
  const dimensions = scoreDimensions(criteria);
  const redFlags: RedFlagResult[] = [];
  for (const flag of prepared.question.redFlags) {
    const raised = detectRedFlag(flag, analysis, dimensions);
    if (raised !== undefined) redFlags.push(raised);
  }
  redFlags.push(...generalFlags(analysis, prepared.question));
  const notes: string[] = [];
  const lists = analysis.sentences.filter((s) => s.listLike && s.hits.length > 0).length;
  if (lists > 0) notes.push(`${lists} ${lists === 1 ? 'line reads' : 'lines read'} as a keyword list and ${lists === 1 ? 'was' : 'were'} not counted as evidence.`);
  const injected = analysis.sentences.filter((s) => s.injection).length;
  if (injected > 0) notes.push(`${injected} ${injected === 1 ? 'sentence' : 'sentences'} addressed to the grader ${injected === 1 ? 'was' : 'were'} ignored.`);
  return {
    questionId: prepared.question.id,
    grader: 'rubric',
    overall: overallScore(dimensions, prepared.dimensionWeights, redFlags),
    dimensions,
    criteria,
    redFlags,
    firstGap: findFirstGap(prepared.rubric, criteria, dimensions),
    notes,
    wordCount: analysis.wordCount,
  };
}

/** The deterministic grader behind the Grader port: always available, no model needed. */
export const rubricGrader: Grader = {
  kind: 'rubric',
  grade: async (prepared, answer) => gradeAnswer(prepared, answer),
};
