import { describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import type { HistorySession } from '../../src/core/progress/history.js';
import { dueQuestions, LEECH_LAPSES, ratingFor, schedule } from '../../src/core/progress/schedule.js';
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
