/** Two attempts at the same question, compared dimension by dimension and criterion by criterion. */
import { DIMENSIONS, type Dimension } from '../../schemas/constants.js';
import type { AnswerRecord, Session } from '../../schemas/session.js';

export interface Attempt {
  readonly sessionId: string;
  readonly at: string;
  readonly answer: AnswerRecord;
}

/** Every graded first answer to a question, oldest first. */
export function attemptsAt(sessions: readonly Session[], questionId: string): Attempt[] {
  return sessions
    .flatMap((s) => s.questions.filter((q) => q.questionId === questionId).flatMap((q) => q.answers.filter((a) => a.kind === 'initial').map((answer) => ({ sessionId: s.id, at: answer.submittedAt, answer }))))
    .sort((a, b) => a.at.localeCompare(b.at));
}

export interface CriterionChange {
  readonly id: string;
  readonly dimension: Dimension;
  readonly text: string;
  /** The words that earned it: from the later attempt for gains, the earlier one for drops. */
  readonly quote: string | undefined;
}

export interface AttemptDiff {
  readonly from: Attempt;
  readonly to: Attempt;
  readonly overall: { readonly from: number; readonly to: number };
  readonly dimensions: readonly { readonly dimension: Dimension; readonly from: number; readonly to: number }[];
  /** Stated now, not before. */
  readonly gained: readonly CriterionChange[];
  /** Stated before, not now. */
  readonly dropped: readonly CriterionChange[];
  readonly kept: number;
  readonly stillMissing: readonly CriterionChange[];
  readonly elapsedMs: { readonly from: number; readonly to: number };
  readonly words: { readonly from: number; readonly to: number };
}

export function diffAttempts(from: Attempt, to: Attempt): AttemptDiff {
  const a = from.answer.grade;
  const b = to.answer.grade;
  const before = new Map(a.criteria.map((c) => [c.id, c]));
  const change = (c: (typeof b.criteria)[number], quoteFrom: typeof c | undefined): CriterionChange => ({ id: c.id, dimension: c.dimension, text: c.text, quote: quoteFrom?.evidence[0]?.text });
  const gained: CriterionChange[] = [];
  const dropped: CriterionChange[] = [];
  const stillMissing: CriterionChange[] = [];
  let kept = 0;
  for (const c of b.criteria) {
    const old = before.get(c.id);
    const wasMet = old?.met ?? false;
    if (c.met && !wasMet) gained.push(change(c, c));
    else if (!c.met && wasMet && old !== undefined) dropped.push(change(c, old));
    else if (c.met) kept += 1;
    else stillMissing.push(change(c, undefined));
  }
  return {
    from,
    to,
    overall: { from: a.overall, to: b.overall },
    dimensions: DIMENSIONS.map((d) => ({ dimension: d, from: a.dimensions[d].score, to: b.dimensions[d].score })),
    gained,
    dropped,
    kept,
    stillMissing,
    elapsedMs: { from: from.answer.elapsedMs, to: to.answer.elapsedMs },
    words: { from: a.wordCount, to: b.wordCount },
  };
}
