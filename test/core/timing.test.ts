import { describe, expect, it } from 'vitest';
import type { HistorySession } from '../../src/core/progress/history.js';
import { answerTiming, scoreConsistency } from '../../src/core/progress/timing.js';
import { gradeAnswer } from '../../src/core/grading/grade.js';
import type { AnswerRecord } from '../../src/schemas/session.js';
import { prepared } from '../helpers.js';

const START = Date.parse('2026-11-22T10:00:00.000Z');
const iso = (ms: number): string => new Date(START + ms).toISOString();

describe('answer timing', () => {
  it('finds when the first constraint was stated from the autosave timeline, and the share of the budget used', async () => {
    const q23 = await prepared('q23');
    const text = 'I would look at the dashboards first.\np95 time to first token climbed from about 1 s to 5 s on Monday, and the median held at 300 ms.';
    const grade = gradeAnswer(q23, text);
    expect(grade.criteria.some((c) => c.met && c.dimension === 'constraints')).toBe(true);
    const answer: AnswerRecord = {
      kind: 'initial',
      prompt: 'p',
      text,
      startedAt: iso(0),
      submittedAt: iso(360_000),
      autoSubmitted: false,
      elapsedMs: 360_000,
      grade,
      timeline: [
        { text: 'I would look at the dashboards first.', savedAt: iso(20_000), length: 37 },
        { text: 'I would look at the dashboards first.\np95 time to first token climbed', savedAt: iso(50_000), length: 70 },
        { text, savedAt: iso(95_000), length: text.length },
      ],
    };
    expect(answerTiming(answer, 720)).toEqual({ firstConstraintMs: 95_000, budgetShare: 0.5 });
    const { timeline: _dropped, ...withoutTimeline } = answer;
    expect(answerTiming(withoutTimeline, 720).firstConstraintMs).toBeUndefined();
  });
});

describe('score consistency', () => {
  const round = (overall: number, i: number): HistorySession => {
    const dim = { score: 2, share: 0.5, met: 1, total: 2 };
    return {
      id: `s${i}`,
      mode: 'round',
      status: 'completed',
      startedAt: iso(i),
      updatedAt: iso(i),
      questions: [{ questionId: 'q01', title: 't', startedAt: iso(i), answers: [{ kind: 'initial', grade: { overall, dimensions: { constraints: dim, architecture: dim, tradeoffs: dim, metrics: dim, rollback: dim } } }] }],
      drill: [],
    };
  };
  it('is the coefficient of variation of the rounds overall scores, and needs two rounds', () => {
    expect(scoreConsistency([round(50, 1)])).toBeUndefined();
    const c = scoreConsistency([40, 50, 60].map(round));
    expect(c?.mean).toBe(50);
    expect(c?.cv).toBeCloseTo(10 / 50);
    expect(c?.rounds).toBe(3);
  });
});
