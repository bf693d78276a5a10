/** When the answer got to the point, how much of the clock it used, and how steady the scores are. */
import type { AnswerRecord, QuestionRecord } from '../../schemas/session.js';
import type { HistorySession } from './history.js';
import { sessionOverall } from './history.js';

export interface AnswerTiming {
  /** From the start of the answer to the autosave that first held its earliest constraint statement; undefined when none was credited or no timeline was kept. */
  readonly firstConstraintMs: number | undefined;
  /** Share of the question's time budget the answer used. */
  readonly budgetShare: number;
}

export function answerTiming(answer: AnswerRecord, budgetSec: number): AnswerTiming {
  const budgetShare = budgetSec <= 0 ? 0 : answer.elapsedMs / (budgetSec * 1000);
  const spans = answer.grade.criteria.filter((c) => c.met && c.dimension === 'constraints').flatMap((c) => c.evidence);
  const first = [...spans].sort((a, b) => a.start - b.start)[0];
  if (first === undefined || answer.timeline === undefined || answer.timeline.length === 0) return { firstConstraintMs: undefined, budgetShare };
  const started = Date.parse(answer.submittedAt) - answer.elapsedMs;
  // The first snapshot that already says it, where the final answer says it.
  const snap = answer.timeline.find((s) => s.text.slice(first.start, first.end) === first.text) ?? answer.timeline.find((s) => s.text.includes(first.text));
  const at = snap === undefined ? Date.parse(answer.submittedAt) : Date.parse(snap.savedAt);
  return { firstConstraintMs: Math.max(0, at - started), budgetShare };
}

export function questionTiming(q: QuestionRecord): AnswerTiming | undefined {
  const initial = q.answers.find((a) => a.kind === 'initial');
  return initial === undefined ? undefined : answerTiming(initial, q.budgetSec);
}

/** Coefficient of variation (standard deviation over mean) of the rounds' overall scores; undefined under two rounds. */
export function scoreConsistency(sessions: readonly HistorySession[]): { cv: number; rounds: number; mean: number } | undefined {
  const scores = sessions.filter((s) => s.mode === 'round').map(sessionOverall).filter((x): x is number => x !== undefined);
  if (scores.length < 2) return undefined;
  const mean = scores.reduce((s, x) => s + x, 0) / scores.length;
  const variance = scores.reduce((s, x) => s + (x - mean) ** 2, 0) / (scores.length - 1);
  return { cv: mean === 0 ? 0 : Math.sqrt(variance) / mean, rounds: scores.length, mean };
}
