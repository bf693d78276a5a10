import { describe, expect, it } from 'vitest';
import { loadBlind, loadGolden, loadYardsticks } from '../../src/adapters/golden.js';
import { loadQuestion } from '../../src/adapters/fs-bank.js';
import { gradeAnswer } from '../../src/core/grading/grade.js';
import { gradeYardstick, quadraticKappa, spearman, TARGETS, yardstickReport, type GradedAnswer, type YardstickName } from '../../src/core/progress/selftest.js';
import { DIMENSIONS, type Dimension } from '../../src/schemas/constants.js';
import type { Grade } from '../../src/schemas/grade.js';

function grade(overall: number, score: number): Grade {
  const dim = { score, share: score / 4, met: score, total: 4 };
  return { questionId: 'q01', grader: 'rubric', overall, dimensions: { constraints: dim, architecture: dim, tradeoffs: dim, metrics: dim, rollback: dim }, criteria: [], redFlags: [], firstGap: null, factChecks: [], notes: [], wordCount: 10 };
}
const every = (x: number): Record<Dimension, number> => ({ constraints: x, architecture: x, tradeoffs: x, metrics: x, rollback: x });
const band = (lo: number, hi: number): Record<Dimension, [number, number]> => ({ constraints: [lo, hi], architecture: [lo, hi], tradeoffs: [lo, hi], metrics: [lo, hi], rollback: [lo, hi] });
const blind = (answerId: string, label: 'strong' | 'adequate' | 'weak', truth: number, grades: Grade[]): GradedAnswer => ({
  questionId: 'q01',
  answerId,
  label,
  rank: { weak: 0, adequate: 1, strong: 2 }[label],
  notWeak: label !== 'weak',
  truth: every(truth),
  text: 'x',
  grades,
});

describe('self-test statistics', () => {
  it('quadratic weighted kappa: 1 for agreement, 0 for chance, below 0 for the reverse, and it takes half points', () => {
    expect(quadraticKappa([0, 1, 2, 3, 4], [0, 1, 2, 3, 4])).toBe(1);
    expect(quadraticKappa([0, 1, 2, 3, 4], [4, 3, 2, 1, 0])).toBeLessThan(-0.9);
    // Always one off in the same direction: most of the agreement stands.
    expect(quadraticKappa([1, 2, 3, 4], [0, 1, 2, 3])).toBeCloseTo(1 - 4 / 14, 5);
    expect(quadraticKappa([0, 2, 4], [0.5, 2, 3.5])).toBeGreaterThan(0.9);
  });

  it('Spearman: rank correlation with ties averaged', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [40, 30, 20, 10])).toBeCloseTo(-1);
    expect(spearman([0, 0, 1, 1], [5, 6, 7, 8])).toBeCloseTo(Math.sqrt(0.8), 5);
  });

  it('report pairwise order with ties as half, answers at 0, means by label, and band agreement on golden answers', () => {
    const report = yardstickReport('blind-test', [blind('s', 'strong', 4, [grade(90, 4)]), blind('a', 'adequate', 2, [grade(0, 0)]), blind('w', 'weak', 0, [grade(0, 0)])]);
    // s > a ✓, s > w ✓, a = w: a tie, half.
    expect(report.pairs).toBe(3);
    expect(report.pairwise).toBeCloseTo(2.5 / 3);
    expect(report.misordered).toEqual([{ higher: 'a', lower: 'w', scores: [0, 0] }]);
    expect(report.notWeakAtZero).toBe(1);
    expect(report.atZero).toBe(2);
    expect(report.meanByLabel.map((m) => m.label)).toEqual(['strong', 'adequate', 'weak']);
    expect(report.misses.map((m) => m.answerId)).toEqual(['a', 'a', 'a', 'a', 'a']);

    const golden = yardstickReport('golden', [
      { ...blind('g1', 'strong', 3.5, [grade(90, 4), grade(80, 2)]), band: band(3, 4) },
      { ...blind('g2', 'weak', 0.5, [grade(50, 4)]), band: band(0, 1) },
    ]);
    // Scores: g1 4 (in) and 2 (in, ±1); g2 4 (out by 3).
    expect(golden.bandAgreement).toBeCloseTo(10 / 15);
    expect(golden.spread).toEqual({ mean: 5, max: 10 });
  });

  it('report how often the rubric and the model agree when a model checked the grades, and say nothing of it otherwise', async () => {
    const { formatSelftest } = await import('../../src/ui/reports/selftest-report.js');
    const checked = (g: Grade, agreed: number, ruled: number, disputed: number): Grade => ({
      ...g,
      grader: 'rubric+model',
      agreement: { ruled, agreed },
      criteria: Array.from({ length: disputed }, (_, i) => ({ id: `c${i}`, dimension: 'metrics', text: 't', weight: 1, met: false, evidence: [], decidedBy: 'rubric', disputed: { rubricMet: true, modelEvidence: [] } })),
    });
    const withModel = yardstickReport('blind-test', [blind('s', 'strong', 4, [checked(grade(90, 4), 25, 27, 2)]), blind('w', 'weak', 0, [checked(grade(10, 0), 20, 20, 0)])]);
    expect(withModel.graders).toEqual({ ruled: 47, agreed: 45, disputed: 2 });
    expect(formatSelftest([withModel], 'rubric+model', 1).join('\n')).toContain('rubric and model agree on 96% of 47 criteria the model ruled on; 2 disputed');
    const rubricOnly = yardstickReport('blind-test', [blind('s', 'strong', 4, [grade(90, 4)])]);
    expect(rubricOnly.graders).toBeUndefined();
    expect(formatSelftest([rubricOnly], 'rubric', 1).join('\n')).not.toContain('agree on');
  });
});

async function report(set: YardstickName): Promise<ReturnType<typeof yardstickReport>> {
  const { sets, problems } = await loadYardsticks([set]);
  expect(problems).toEqual([]);
  const answers = sets[0]?.answers ?? [];
  const { cases, missing } = await gradeYardstick(answers, async (id) => (await loadQuestion(id)).prepared, async (p, text) => gradeAnswer(p, text), 1);
  expect(missing).toEqual([]);
  return yardstickReport(set, cases);
}

describe('the golden set', () => {
  it('is valid and covers at least 12 questions with 3 or more answers each', async () => {
    const { files, problems } = await loadGolden();
    expect(problems).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) expect(f.answers.length).toBeGreaterThanOrEqual(3);
  });

  it(`is ranked by the rubric grader with at least ${100 * TARGETS.goldenPairwise}% pairwise accuracy`, async () => {
    const r = await report('golden');
    expect(r.pairs).toBeGreaterThanOrEqual(30);
    expect(r.pairwise, `misordered: ${JSON.stringify(r.misordered)}`).toBeGreaterThanOrEqual(TARGETS.goldenPairwise);
    expect(r.spread.max).toBe(0);
  });
});

describe('the blind set', () => {
  it('has at least 5 answers to every question, split into two halves that each hold all 32 questions', async () => {
    const tuning = await loadBlind('tuning');
    const test = await loadBlind('test');
    expect([...tuning.problems, ...test.problems]).toEqual([]);
    for (const half of [tuning, test]) expect(new Set(half.files.map((f) => f.question)).size).toBe(32);
    const perQuestion = new Map<string, number>();
    for (const f of [...tuning.files, ...test.files]) perQuestion.set(f.question, (perQuestion.get(f.question) ?? 0) + f.answers.length);
    expect(Math.min(...perQuestion.values())).toBeGreaterThanOrEqual(5);
    const answers = [...tuning.files, ...test.files].flatMap((f) => f.answers);
    expect(answers.length).toBeGreaterThanOrEqual(160);
    // Each answer was labelled by two reviewers, neither of them its author.
    for (const a of answers) {
      expect(a.reviews.length).toBe(2);
      expect(a.reviews.map((r) => r.reviewer)).not.toContain(a.author);
    }
    const ids = new Set(answers.map((a) => a.id));
    expect(ids.size).toBe(answers.length);
  });

  it('test half (never tuned against): the rubric grader agrees with the reviewers as far as the targets ask', async () => {
    const r = await report('blind-test');
    expect(r.answers).toBeGreaterThanOrEqual(80);
    expect(r.spearman, 'Spearman between label and score').toBeGreaterThanOrEqual(TARGETS.spearman);
    expect(r.pairwise, `pairwise ranking; misordered: ${JSON.stringify(r.misordered)}`).toBeGreaterThanOrEqual(TARGETS.pairwise);
    for (const d of DIMENSIONS) expect(r.qwk[d], `QWK on ${d}`).toBeGreaterThanOrEqual(TARGETS.qwk);
    expect(r.notWeakAtZero, 'adequate or strong answers graded 0').toBe(0);
    expect(r.atZero / r.answers, 'share of answers graded 0').toBeLessThanOrEqual(TARGETS.atZeroShare);
    const mean = (label: string): number => r.meanByLabel.find((m) => m.label === label)?.mean ?? Number.NaN;
    expect(mean('strong')).toBeGreaterThan(mean('adequate'));
    expect(mean('adequate')).toBeGreaterThan(mean('weak'));
  });
});

describe('grading a yardstick several answers at a time', () => {
  it('keeps the answers in order whatever finishes first, and counts every grade', async () => {
    const answers = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id, i) => ({ answerId: id, questionId: i === 3 ? 'gone' : 'q23', label: 'weak', rank: 0, notWeak: false, truth: every(0), text: id }));
    let inFlight = 0;
    let most = 0;
    const progress: number[] = [];
    const { cases, missing } = await gradeYardstick(
      answers,
      async (id) => (id === 'gone' ? undefined : id),
      async (_p, text) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        // Later answers finish first.
        await new Promise((r) => setTimeout(r, 'gfedcba'.indexOf(text) * 2));
        inFlight -= 1;
        return { overall: text.charCodeAt(0) } as unknown as Grade;
      },
      1,
      (done) => progress.push(done),
      5,
    );
    expect(cases.map((c) => c.answerId)).toEqual(['a', 'b', 'c', 'e', 'f', 'g']);
    expect(missing).toEqual(['gone']);
    expect(most).toBe(4);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
