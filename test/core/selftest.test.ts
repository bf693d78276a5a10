import { describe, expect, it } from 'vitest';
import { loadGolden } from '../../src/adapters/golden.js';
import { loadQuestion } from '../../src/adapters/fs-bank.js';
import { gradeAnswer } from '../../src/core/grade.js';
import { selfTest, type GoldenCase } from '../../src/core/selftest.js';
import type { Dimension } from '../../src/schemas/constants.js';
import type { Grade } from '../../src/schemas/grade.js';

function grade(overall: number, score: number): Grade {
  const dim = { score, share: score / 4, met: score, total: 4 };
  return { questionId: 'q01', grader: 'rubric', overall, dimensions: { constraints: dim, architecture: dim, tradeoffs: dim, metrics: dim, rollback: dim }, criteria: [], redFlags: [], firstGap: null, notes: [], wordCount: 10 };
}
const band = (lo: number, hi: number): Record<Dimension, [number, number]> => ({ constraints: [lo, hi], architecture: [lo, hi], tradeoffs: [lo, hi], metrics: [lo, hi], rollback: [lo, hi] });
const c = (answerId: string, expected: Record<Dimension, [number, number]>, grades: Grade[]): GoldenCase => ({ questionId: 'q01', answerId, label: 'x', expected, grades });

describe('self-test statistics', () => {
  it('count band agreement within ±1, pairwise order with ties as half, and the spread of repeats', () => {
    const report = selfTest([
      c('strong', band(3, 4), [grade(90, 4), grade(80, 2)]),
      c('medium', band(2, 2), [grade(50, 2)]),
      c('weak', band(0, 1), [grade(50, 4)]),
    ]);
    // Scores: strong 4 (in) and 2 (in, ±1); medium 2 (in); weak 4 (out by 3).
    expect(report.bandAgreement).toBeCloseTo(15 / 20);
    expect(report.misses.map((m) => m.answerId)).toEqual(['weak', 'weak', 'weak', 'weak', 'weak']);
    // strong (mean 85) > medium 50 ✓; strong > weak 50 ✓; medium 50 vs weak 50: a tie, half.
    expect(report.pairs).toBe(3);
    expect(report.rankingAccuracy).toBeCloseTo(2.5 / 3);
    expect(report.misordered).toEqual([{ higher: 'medium', lower: 'weak', scores: [50, 50] }]);
    expect(report.spread).toEqual({ mean: 10 / 3, max: 10 });
  });
});

describe('the golden set', () => {
  it('is valid and covers at least 12 questions with 3 or more answers each', async () => {
    const { files, problems } = await loadGolden();
    expect(problems).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) expect(f.answers.length).toBeGreaterThanOrEqual(3);
  });

  it('is ranked by the rubric grader with at least 90% pairwise accuracy', async () => {
    const { files } = await loadGolden();
    const cases: GoldenCase[] = [];
    for (const f of files) {
      const { prepared } = await loadQuestion(f.question);
      if (prepared === undefined) throw new Error(`${f.question} does not load`);
      for (const a of f.answers) cases.push({ questionId: f.question, answerId: a.id, label: a.label, expected: a.expected, grades: [gradeAnswer(prepared, a.text)] });
    }
    const report = selfTest(cases);
    expect(report.pairs).toBeGreaterThanOrEqual(30);
    expect(report.rankingAccuracy, `misordered: ${JSON.stringify(report.misordered)}`).toBeGreaterThanOrEqual(0.9);
    expect(report.spread.max).toBe(0);
  });
});
