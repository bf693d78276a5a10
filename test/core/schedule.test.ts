import { describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import type { HistorySession } from '../../src/core/progress/history.js';
import { drillRating, dueQuestions, LEECH_LAPSES, prepDue, ratingFor, schedule, scheduleDrillItems } from '../../src/core/progress/schedule.js';
import { scheduledOrder } from '../../src/core/practice/start.js';
import { DIMENSIONS, type Dimension } from '../../src/schemas/constants.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T09:00:00.000Z');

/** A round with one graded first answer to `questionId`, scored per dimension, on day `day`. */
function round(questionId: string, day: number, scores: Partial<Record<Dimension, number>>, fallback = 3): HistorySession {
  const at = new Date(T0 + day * DAY).toISOString();
  const dimensions = Object.fromEntries(DIMENSIONS.map((d) => [d, { score: scores[d] ?? fallback, share: 0.5, met: 1, total: 2 }])) as never;
  return {
    id: `2026-${questionId}-${day}`,
    mode: 'round',
    status: 'completed',
    startedAt: at,
    updatedAt: at,
    questions: [{ questionId, title: `title of ${questionId}`, startedAt: at, answers: [{ kind: 'initial', grade: { overall: 50, dimensions } }] }],
    drill: [],
  };
}

describe('ratings from dimension scores', () => {
  it('map 0-1 to Again, 2 to Hard, 3 to Good and 4 to Easy', () => {
    expect([0, 1, 2, 3, 4].map(ratingFor)).toEqual([Rating.Again, Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]);
  });
});

describe('the schedule', () => {
  it('brings a failed dimension back soon and pushes a strong one out', () => {
    const items = schedule([round('q23', 0, { rollback: 0, constraints: 4 })]);
    const rollback = items.find((i) => i.dimension === 'rollback');
    const constraints = items.find((i) => i.dimension === 'constraints');
    // Whole days: a failed dimension is back the next day, a strong one a week or more later.
    expect(rollback?.due.getTime()).toBe(T0 + DAY);
    expect(constraints?.due.getTime()).toBeGreaterThan(T0 + 5 * DAY);
    expect(items).toHaveLength(5);
  });

  it('lists what is due at a given time, weakest and most overdue first', () => {
    const items = schedule([round('q23', 0, { rollback: 0 }, 4), round('q05', 0, {}, 4)]);
    const soon = dueQuestions(items, new Date(T0 + DAY));
    expect(soon.map((q) => q.questionId)).toEqual(['q23']);
    expect(soon[0]?.dimensions.map((d) => d.dimension)).toEqual(['rollback']);
    // Much later everything is due, and the question with the weaker dimension comes first among equals.
    const later = dueQuestions(items, new Date(T0 + 400 * DAY));
    expect(later.map((q) => q.questionId)).toContain('q05');
  });

  it('replays history in time order whatever order the sessions come in', () => {
    const sessions = [round('q23', 10, { metrics: 4 }), round('q23', 0, { metrics: 0 })];
    expect(schedule(sessions)).toEqual(schedule([...sessions].reverse()));
  });

  it(`flags a dimension that lapses ${LEECH_LAPSES} times as a leech`, () => {
    const sessions: HistorySession[] = [];
    let day = 0;
    for (let i = 0; i < LEECH_LAPSES; i++) {
      // Learned well enough to be in review, then failed again: one lapse each time.
      sessions.push(round('q07', day, { rollback: 4 }));
      day += 30;
      sessions.push(round('q07', day, { rollback: 0 }));
      day += 1;
    }
    const items = schedule(sessions);
    const rollback = items.find((i) => i.dimension === 'rollback');
    expect(rollback?.lapses).toBe(LEECH_LAPSES);
    expect(rollback?.leech).toBe(true);
    expect(items.find((i) => i.dimension === 'metrics')?.leech).toBe(false);
    expect(dueQuestions(items, new Date(T0 + (day + 1) * DAY))[0]).toMatchObject({ questionId: 'q07', leech: true });
  });
});

/** A preparation drill session on day `day`: each prompt answered right, half-right or wrong. */
function prepDrill(day: number, answers: readonly { itemId: string; correct: boolean; score: number }[]): HistorySession {
  const at = new Date(T0 + day * DAY).toISOString();
  return { id: `drill-${day}`, mode: 'drill', status: 'completed', startedAt: at, updatedAt: at, questions: [], drill: answers.map((a) => ({ ...a, answeredAt: at })), variant: 'numbers' };
}

describe('the preparation drills on FSRS', () => {
  const sessions = [prepDrill(0, [{ itemId: 'nb-a', correct: false, score: 0 }, { itemId: 'nb-b', correct: true, score: 1 }, { itemId: 'nb-c', correct: false, score: 0.5 }])];
  const cards = scheduleDrillItems(sessions);
  const now = T0 + 2 * DAY;

  it('rates right as Good, half-right as Hard and wrong as Again', () => {
    expect([drillRating(true, 1), drillRating(false, 0.5), drillRating(false, 0.2)]).toEqual([Rating.Good, Rating.Hard, Rating.Again]);
  });

  it('brings a wrong figure back before a right one, and asks new prompts before ones answered right lately', () => {
    expect(cards.get('nb-a')?.due.getTime()).toBeLessThanOrEqual(now);
    expect(cards.get('nb-b')?.due.getTime()).toBeGreaterThan(cards.get('nb-a')?.due.getTime() ?? 0);
    const order = scheduledOrder([{ id: 'nb-b' }, { id: 'nb-new' }, { id: 'nb-a' }], cards, now, () => 0.5).map((i) => i.id);
    expect(order[0]).toBe('nb-a');
    expect(order.indexOf('nb-new')).toBeLessThan(order.indexOf('nb-b'));
  });

  it('counts what is due and what was never answered per drill, for coach next and the prep menu', () => {
    const due = prepDue([{ kind: 'numbers', id: 'nb-a' }, { kind: 'numbers', id: 'nb-b' }, { kind: 'numbers', id: 'nb-new' }, { kind: 'triage', id: 'tr-x' }], cards, new Date(now));
    expect(due.find((d) => d.kind === 'numbers')).toEqual({ kind: 'numbers', due: 1, unseen: 1, total: 3 });
    expect(due.find((d) => d.kind === 'triage')).toEqual({ kind: 'triage', due: 0, unseen: 1, total: 1 });
  });
});
