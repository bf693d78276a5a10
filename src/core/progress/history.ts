import type { Grade } from '../../schemas/grade.js';
import type { Session } from '../../schemas/session.js';
import { DIMENSIONS, DRILL_KIND_LABELS, type Dimension, type DrillVariant } from '../../schemas/constants.js';

/** What history statistics read from a grade. */
export type HistoryGrade = Pick<Grade, 'overall' | 'dimensions'>;

export interface HistoryQuestion {
  readonly questionId: string;
  readonly title: string;
  readonly startedAt: string;
  readonly answers: readonly { readonly kind: 'initial' | 'follow-up' | 'wrap-up'; readonly grade: HistoryGrade }[];
}

/**
 * The part of a session that history statistics read. A full Session is one; so is the small
 * digest the session index keeps, which lets history open over 1,000 sessions without reading them.
 */
export interface HistorySession {
  readonly id: string;
  readonly mode: 'round' | 'drill' | 'coding';
  readonly status: 'active' | 'completed' | 'closed';
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly questions: readonly HistoryQuestion[];
  readonly drill: readonly HistoryDrillItem[];
  /** Which drill it was; absent for rounds and for drills saved before drills had kinds (rapid-fire). */
  readonly variant?: DrillVariant | undefined;
  /** A 45-minute scenario, not a timed round. */
  readonly scenario?: boolean | undefined;
  /** A coding round's problem; absent for rounds and drills. */
  readonly coding?: readonly HistoryCoding[] | undefined;
}

/** A coding problem as history and the scheduler read it. */
export interface HistoryCoding {
  readonly problemId: string;
  readonly title: string;
  readonly language: 'node' | 'python';
  readonly startedAt: string;
  /** 0-100 once submitted: the code and the follow-ups together (the code alone until the follow-ups are in). */
  readonly overall?: number | undefined;
  readonly submittedAt?: string | undefined;
}

/** One answered drill prompt, as history and the drill scheduler read it. */
export interface HistoryDrillItem {
  readonly correct: boolean;
  readonly itemId?: string;
  readonly answeredAt?: string;
  /** 0-1; absent in digests written before it was kept. */
  readonly score?: number;
}

/** A saved drill answer's share: right is 1; otherwise the share of the needed items named, halved when something else was wrong. */
export function drillRecordScore(d: { readonly correct: boolean; readonly named: readonly string[]; readonly atLeast: number; readonly problems?: readonly string[] | undefined }): number {
  if (d.correct) return 1;
  const coverage = d.atLeast === 0 ? 0 : Math.min(d.named.length, d.atLeast) / d.atLeast;
  return (d.problems ?? []).length > 0 ? coverage / 2 : coverage;
}

/** A session cut down to what history needs: each question's initial-answer grade without its evidence. */
export function digestOf(session: Session): HistorySession {
  return {
    id: session.id,
    mode: session.mode,
    status: session.status,
    startedAt: session.startedAt,
    updatedAt: session.updatedAt,
    questions: session.questions.map((q) => {
      const initial = q.answers.find((a) => a.kind === 'initial');
      return {
        questionId: q.questionId,
        title: q.title,
        startedAt: q.startedAt,
        answers: initial === undefined ? [] : [{ kind: 'initial' as const, grade: { overall: initial.grade.overall, dimensions: initial.grade.dimensions } }],
      };
    }),
    drill: session.drill.map((d) => ({ correct: d.correct, itemId: d.itemId, answeredAt: d.answeredAt, score: drillRecordScore(d) })),
    ...(session.settings.variant === undefined ? {} : { variant: session.settings.variant }),
    ...(session.settings.scenario === true ? { scenario: true } : {}),
    ...(session.coding === undefined
      ? {}
      : {
          coding: session.coding.map((c) => ({
            problemId: c.problemId,
            title: c.title,
            language: c.language,
            startedAt: c.startedAt,
            ...(c.submission === undefined ? {} : { submittedAt: c.submission.at, overall: c.overall ?? c.submission.score }),
          })),
        }),
  };
}

/** Mean overall of a coding round's submitted problems. */
export function codingOverall(session: HistorySession): number | undefined {
  const scores = (session.coding ?? []).flatMap((c) => (c.overall === undefined ? [] : [c.overall]));
  return scores.length === 0 ? undefined : scores.reduce((a, b) => a + b, 0) / scores.length;
}

/**
 * A question's grade over time is the grade of the answer to the interviewer's prompt:
 * follow-up answers press one dimension each and are compared separately.
 */
export function questionGrade(question: HistoryQuestion): HistoryGrade | undefined {
  return question.answers.find((a) => a.kind === 'initial')?.grade;
}

/** Mean overall of the session's graded questions; undefined when nothing was graded. */
export function sessionOverall(session: HistorySession): number | undefined {
  const grades = session.questions.map(questionGrade).filter((g): g is HistoryGrade => g !== undefined);
  return grades.length === 0 ? undefined : grades.reduce((sum, g) => sum + g.overall, 0) / grades.length;
}

/** A drill's `questions` counts its prompts; a round's counts its questions. */
/** One line of the session list. */
export interface SessionSummary {
  readonly id: string;
  readonly mode: 'round' | 'drill' | 'coding';
  /** What kind of session, in a word: round, scenario, or the drill's kind (rapid-fire, spot-flaw, numbers, …). */
  readonly kind: string;
  readonly status: 'active' | 'completed' | 'closed';
  readonly startedAt: string;
  readonly questions: number;
  readonly overall: number | undefined;
}

/** A round's score is its mean overall (0-100); a drill's is the share of prompts answered right (%). */
export function summarize(session: HistorySession): SessionSummary {
  const drill = session.mode === 'drill';
  if (session.mode === 'coding') {
    return { id: session.id, mode: 'coding', kind: 'coding', status: session.status, startedAt: session.startedAt, questions: session.coding?.length ?? 0, overall: codingOverall(session) };
  }
  return {
    id: session.id,
    mode: session.mode,
    kind: drill ? DRILL_KIND_LABELS[session.variant ?? 'rapid-fire'] : session.scenario === true ? 'scenario' : 'round',
    status: session.status,
    startedAt: session.startedAt,
    questions: drill ? session.drill.length : session.questions.length,
    overall: drill ? drillAccuracy(session) : sessionOverall(session),
  };
}

/** Share of a drill's prompts answered well enough, 0-100; undefined before the first answer. */
export function drillAccuracy(session: HistorySession): number | undefined {
  return session.drill.length === 0 ? undefined : (100 * session.drill.filter((d) => d.correct).length) / session.drill.length;
}

/** Mean score (0-4) per dimension over one session's graded questions. */
export function sessionDimensions(session: HistorySession): Record<Dimension, number> | undefined {
  const grades = session.questions.map(questionGrade).filter((g): g is HistoryGrade => g !== undefined);
  if (grades.length === 0) return undefined;
  const out = {} as Record<Dimension, number>;
  for (const d of DIMENSIONS) out[d] = grades.reduce((sum, g) => sum + g.dimensions[d].score, 0) / grades.length;
  return out;
}

/** Per-dimension means of the last `count` graded rounds, oldest first: the trend history shows. */
export function dimensionTrends(sessions: readonly HistorySession[], count = 12): Record<Dimension, number[]> {
  const rounds = sessions
    .filter((s) => s.mode === 'round')
    .map((s) => ({ at: s.startedAt, dims: sessionDimensions(s) }))
    .filter((x): x is { at: string; dims: Record<Dimension, number> } => x.dims !== undefined)
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-count);
  const out = {} as Record<Dimension, number[]>;
  for (const d of DIMENSIONS) out[d] = rounds.map((r) => r.dims[d]);
  return out;
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/** One block per value on a fixed 0..max scale, so sparklines of different dimensions compare. */
export function sparkline(values: readonly number[], max = 4): string {
  return values.map((v) => BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.round((v / max) * (BLOCKS.length - 1))))] ?? ' ').join('');
}

export interface DimensionStanding {
  readonly dimension: Dimension;
  readonly mean: number;
  readonly answers: number;
}

/** Dimensions by mean score over every graded question, weakest first. */
export function weakestDimensions(sessions: readonly HistorySession[]): DimensionStanding[] {
  const grades = sessions.flatMap((s) => s.questions.map(questionGrade)).filter((g): g is HistoryGrade => g !== undefined);
  // With no graded answer there is nothing to be weak at: drills alone say nothing about the dimensions.
  if (grades.length === 0) return [];
  return DIMENSIONS.map((d) => ({
    dimension: d,
    mean: grades.length === 0 ? 0 : grades.reduce((sum, g) => sum + g.dimensions[d].score, 0) / grades.length,
    answers: grades.length,
  })).sort((a, b) => a.mean - b.mean || DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension));
}

export interface QuestionStanding {
  readonly questionId: string;
  readonly title: string;
  readonly attempts: number;
  readonly mean: number;
  readonly latest: number;
}

/** Questions by mean overall over their attempts, weakest first. */
export function weakestQuestions(sessions: readonly HistorySession[], limit = 5): QuestionStanding[] {
  const byId = new Map<string, { title: string; scores: { at: string; overall: number }[] }>();
  for (const s of sessions) {
    for (const q of s.questions) {
      const g = questionGrade(q);
      if (g === undefined) continue;
      const entry = byId.get(q.questionId) ?? { title: q.title, scores: [] };
      entry.scores.push({ at: q.startedAt, overall: g.overall });
      byId.set(q.questionId, entry);
    }
  }
  return [...byId]
    .map(([questionId, { title, scores }]) => {
      const sorted = [...scores].sort((a, b) => a.at.localeCompare(b.at));
      return {
        questionId,
        title,
        attempts: scores.length,
        mean: scores.reduce((sum, x) => sum + x.overall, 0) / scores.length,
        latest: sorted.at(-1)?.overall ?? 0,
      };
    })
    .sort((a, b) => a.mean - b.mean || a.questionId.localeCompare(b.questionId))
    .slice(0, limit);
}
