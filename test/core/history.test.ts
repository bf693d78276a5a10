import { describe, expect, it } from 'vitest';
import { gradeAnswer } from '../../src/core/grading/grade.js';
import { dimensionTrends, sessionOverall, sparkline, weakestDimensions, weakestQuestions } from '../../src/core/progress/history.js';
import { fixture, gradedRound as round, prepared } from '../helpers.js';

const q01 = await prepared('q01');
const q23 = await prepared('q23');

const sessions = [
  round('20261101-100000-aaaa', '2026-11-01T10:00:00.000Z', [{ q: q01, text: fixture('q01-weak.md') }, { q: q23, text: fixture('q23-weak.md') }]),
  round('20261108-100000-bbbb', '2026-11-08T10:00:00.000Z', [{ q: q01, text: fixture('q01-strong.md'), followUp: 'ok' }, { q: q23, text: fixture('q23-weak.md') }]),
  round('20261115-100000-cccc', '2026-11-15T10:00:00.000Z', [{ q: q01, text: fixture('q01-strong.md') }, { q: q23, text: fixture('q23-strong.md') }]),
];

describe('history statistics', () => {
  it('scores a session by its initial answers, not by a short follow-up', () => {
    const second = sessions[1];
    if (second === undefined) throw new Error('fixture');
    const strong = gradeAnswer(q01, fixture('q01-strong.md')).overall;
    const weak = gradeAnswer(q23, fixture('q23-weak.md')).overall;
    expect(sessionOverall(second)).toBe((strong + weak) / 2);
  });

  it('gives per-dimension trends oldest first, that rise as the answers improve', () => {
    const trends = dimensionTrends([...sessions].reverse());
    for (const values of Object.values(trends)) {
      expect(values).toHaveLength(3);
      expect(values[2]).toBeGreaterThan(values[0] ?? 0);
    }
    expect(sparkline([0, 2, 4])).toBe('▁▅█');
    expect(sparkline(trends.constraints).length).toBe(3);
  });

  it('names the weakest questions and dimensions', () => {
    const questions = weakestQuestions(sessions);
    expect(questions.map((q) => q.questionId)).toEqual(['q23', 'q01']);
    expect(questions[0]?.attempts).toBe(3);
    expect(questions[0]?.latest).toBeGreaterThan(questions[0]?.mean ?? 100);
    const dims = weakestDimensions(sessions);
    expect(dims).toHaveLength(5);
    expect(dims[0]?.mean).toBeLessThanOrEqual(dims[4]?.mean ?? 0);
  });
});
