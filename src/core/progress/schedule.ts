/**
 * What to practise next: spaced repetition per (question × dimension) with FSRS. Each graded
 * first answer is a review of each dimension of its question, rated from the dimension's score;
 * the schedule is replayed from history, so it needs no store of its own and can never drift
 * from the sessions on disk.
 */
import { createEmptyCard, fsrs, Rating, State, type Card, type Grade as FsrsRating } from 'ts-fsrs';
import { DIMENSIONS, PREP_KINDS, type Dimension, type PrepKind } from '../../schemas/constants.js';
import type { HistorySession } from './history.js';

/** Anki's default: a card that keeps lapsing is a leech, worth a focused drill instead of more of the same. */
export const LEECH_LAPSES = 8;

/** 0-1: forgot it (Again); 2: struggled (Hard); 3: got it (Good); 4: easily (Easy). */
export function ratingFor(score: number): FsrsRating {
  if (score <= 1) return Rating.Again;
  if (score === 2) return Rating.Hard;
  if (score === 3) return Rating.Good;
  return Rating.Easy;
}

export interface ScheduledItem {
  readonly questionId: string;
  readonly title: string;
  readonly dimension: Dimension;
  readonly due: Date;
  readonly lapses: number;
  readonly reviews: number;
  readonly lastScore: number;
  readonly leech: boolean;
  readonly state: 'new' | 'learning' | 'review' | 'relearning';
}

const STATE_NAMES = { [State.New]: 'new', [State.Learning]: 'learning', [State.Review]: 'review', [State.Relearning]: 'relearning' } as const;

/** Replays every graded first answer, oldest first, into one FSRS card per question and dimension. */
export function schedule(sessions: readonly HistorySession[]): ScheduledItem[] {
  // Whole days: learning steps of minutes suit flashcards, not a 12-minute design question.
  const scheduler = fsrs({ enable_fuzz: false, enable_short_term: false });
  const reviews = sessions
    .filter((s) => s.mode === 'round')
    .flatMap((s) => s.questions.flatMap((q) => q.answers.filter((a) => a.kind === 'initial').map((a) => ({ q, at: new Date(q.startedAt), grade: a.grade }))))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const cards = new Map<string, { card: Card; title: string; questionId: string; dimension: Dimension; reviews: number; lastScore: number }>();
  for (const r of reviews) {
    for (const d of DIMENSIONS) {
      const key = `${r.q.questionId}:${d}`;
      const entry = cards.get(key) ?? { card: createEmptyCard(r.at), title: r.q.title, questionId: r.q.questionId, dimension: d, reviews: 0, lastScore: 0 };
      const score = r.grade.dimensions[d].score;
      const next = scheduler.next(entry.card, r.at, ratingFor(score)).card;
      cards.set(key, { ...entry, card: next, reviews: entry.reviews + 1, lastScore: score });
    }
  }
  return [...cards.values()].map((e) => ({
    questionId: e.questionId,
    title: e.title,
    dimension: e.dimension,
    due: e.card.due,
    lapses: e.card.lapses,
    reviews: e.reviews,
    lastScore: e.lastScore,
    leech: e.card.lapses >= LEECH_LAPSES,
    state: STATE_NAMES[e.card.state],
  }));
}

export interface DueQuestion {
  readonly questionId: string;
  readonly title: string;
  /** Due dimensions, most overdue first. */
  readonly dimensions: readonly ScheduledItem[];
  readonly overdueDays: number;
  readonly leech: boolean;
}

/** Questions with at least one dimension due at `now`, most overdue and weakest first. */
export function dueQuestions(items: readonly ScheduledItem[], now: Date): DueQuestion[] {
  const byQuestion = new Map<string, ScheduledItem[]>();
  for (const i of items) if (i.due.getTime() <= now.getTime()) byQuestion.set(i.questionId, [...(byQuestion.get(i.questionId) ?? []), i]);
  return [...byQuestion.entries()]
    .map(([questionId, dims]) => {
      const sorted = [...dims].sort((a, b) => a.due.getTime() - b.due.getTime() || a.lastScore - b.lastScore);
      const first = sorted[0];
      return {
        questionId,
        title: first?.title ?? questionId,
        dimensions: sorted,
        overdueDays: first === undefined ? 0 : Math.max(0, (now.getTime() - first.due.getTime()) / 86_400_000),
        leech: sorted.some((d) => d.leech),
      };
    })
    .sort((a, b) => Number(b.leech) - Number(a.leech) || b.overdueDays - a.overdueDays || a.dimensions.reduce((s, d) => s + d.lastScore, 0) - b.dimensions.reduce((s, d) => s + d.lastScore, 0));
}

/** The leech to drill first: the most lapsed dimension of the first due question that has one. */
export function firstLeech(due: readonly DueQuestion[]): ScheduledItem | undefined {
  for (const q of due) {
    const worst = q.dimensions.filter((d) => d.leech).sort((a, b) => b.lapses - a.lapses)[0];
    if (worst !== undefined) return worst;
  }
  return undefined;
}

/** A drill prompt's card: when it is due again, from every answer given to it. */
export interface ScheduledDrillItem {
  readonly itemId: string;
  readonly due: Date;
  readonly reviews: number;
  readonly lapses: number;
  readonly lastCorrect: boolean;
}

/** Right is Good; half-right (some of it named, or right content in the wrong order) is Hard; the rest is Again. */
export function drillRating(correct: boolean, score: number | undefined): FsrsRating {
  if (correct) return Rating.Good;
  return (score ?? 0) >= 0.5 ? Rating.Hard : Rating.Again;
}

/**
 * Replays every answered drill prompt, oldest first, into one FSRS card per prompt: the
 * preparation drills ask what is due before what is new, and what is new before what was right lately.
 */
export function scheduleDrillItems(sessions: readonly HistorySession[]): Map<string, ScheduledDrillItem> {
  const scheduler = fsrs({ enable_fuzz: false, enable_short_term: false });
  const answers = sessions
    .filter((s) => s.mode === 'drill')
    .flatMap((s) => s.drill.flatMap((d) => (d.itemId === undefined || d.answeredAt === undefined ? [] : [{ ...d, itemId: d.itemId, at: new Date(d.answeredAt) }])))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const cards = new Map<string, { card: Card; reviews: number; lastCorrect: boolean }>();
  for (const a of answers) {
    const entry = cards.get(a.itemId) ?? { card: createEmptyCard(a.at), reviews: 0, lastCorrect: false };
    const card = scheduler.next(entry.card, a.at, drillRating(a.correct, a.score)).card;
    cards.set(a.itemId, { card, reviews: entry.reviews + 1, lastCorrect: a.correct });
  }
  return new Map([...cards.entries()].map(([itemId, e]) => [itemId, { itemId, due: e.card.due, reviews: e.reviews, lapses: e.card.lapses, lastCorrect: e.lastCorrect }]));
}

/** Per preparation drill: how many of its prompts are due now, and how many were never answered. */
export interface PrepDue {
  readonly kind: PrepKind;
  readonly due: number;
  readonly unseen: number;
  readonly total: number;
  /** When the next answered prompt falls due, if none is due now. */
  readonly next?: Date | undefined;
}

export function prepDue(items: readonly { readonly kind: PrepKind; readonly id: string }[], cards: ReadonlyMap<string, ScheduledDrillItem>, now: Date): PrepDue[] {
  return PREP_KINDS.map((kind) => {
    const mine = items.filter((i) => i.kind === kind);
    const dues = mine.flatMap((i) => { const d = cards.get(i.id)?.due.getTime(); return d === undefined ? [] : [d]; });
    const due = dues.filter((d) => d <= now.getTime()).length;
    const later = dues.filter((d) => d > now.getTime());
    return {
      kind,
      due,
      unseen: mine.filter((i) => !cards.has(i.id)).length,
      total: mine.length,
      ...(due === 0 && later.length > 0 ? { next: new Date(Math.min(...later)) } : {}),
    };
  });
}

/** A coding problem's card: when it is due again, from every submitted attempt. */
export interface ScheduledProblem {
  readonly problemId: string;
  readonly title: string;
  readonly due: Date;
  readonly reviews: number;
  readonly lastOverall: number;
}

/** Replays every submitted coding problem, oldest first, into one FSRS card per problem, rated from its overall (0-100 as 0-4). */
export function scheduleCoding(sessions: readonly HistorySession[]): Map<string, ScheduledProblem> {
  const scheduler = fsrs({ enable_fuzz: false, enable_short_term: false });
  const attempts = sessions
    .filter((s) => s.mode === 'coding')
    .flatMap((s) => (s.coding ?? []).flatMap((c) => (c.submittedAt === undefined || c.overall === undefined ? [] : [{ ...c, at: new Date(c.submittedAt), overall: c.overall }])))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const cards = new Map<string, { card: Card; title: string; reviews: number; lastOverall: number }>();
  for (const a of attempts) {
    const entry = cards.get(a.problemId) ?? { card: createEmptyCard(a.at), title: a.title, reviews: 0, lastOverall: 0 };
    const card = scheduler.next(entry.card, a.at, ratingFor(Math.round(a.overall / 25))).card;
    cards.set(a.problemId, { card, title: a.title, reviews: entry.reviews + 1, lastOverall: a.overall });
  }
  return new Map([...cards.entries()].map(([problemId, e]) => [problemId, { problemId, title: e.title, due: e.card.due, reviews: e.reviews, lastOverall: e.lastOverall }]));
}
