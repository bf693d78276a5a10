import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/adapters/fs-bank.js';
import { loadCodingBlind } from '../../src/adapters/golden.js';
import type { CodingEntry } from '../../src/core/bank.js';
import { CODING_TARGETS, codingYardstickReport } from '../../src/core/progress/coding-selftest.js';
import { compileLexicon } from '../../src/core/grading/lexicon.js';
import type { CodingBlindAnswer } from '../../src/schemas/golden.js';
import { formatCodingSelftest } from '../../src/ui/reports/selftest-report.js';

const lexicon = compileLexicon(
  [
    { id: 'refill', terms: ['refill'] },
    { id: 'burst', terms: ['burst'] },
    { id: 'clock', terms: ['monotonic clock'] },
  ],
  ["don't", 'not', 'never'],
);
const entry = {
  problem: {
    id: 'bucket',
    followUps: [
      {
        id: 'why',
        prompt: 'Why?',
        atLeast: 2,
        explain: 'Because.',
        expected: [
          { id: 'refill', label: 'Refill', signals: [{ all: ['refill'] }] },
          { id: 'burst', label: 'Burst', signals: [{ all: ['burst'] }] },
          { id: 'clock', label: 'Clock', signals: [{ all: ['clock'] }] },
        ],
      },
    ],
  },
  lexicon,
} as unknown as CodingEntry;

const answer = (id: string, text: string, intent: CodingBlindAnswer['intent'], makes: string[], reviewed: string[], overall: 'strong' | 'adequate' | 'weak'): CodingBlindAnswer => ({
  id,
  problem: 'bucket',
  followUp: 'why',
  intent,
  makes,
  review: { reviewer: 'r', makes: reviewed, overall },
  text,
});

describe('coding follow-up self-test', () => {
  it('counts only the points author and reviewer agree on, and passes by kind only where they agree on the answer', () => {
    const r = codingYardstickReport(
      'tuning',
      [
        // Grader credits refill and burst; both labellers say refill and burst, they split on clock.
        answer('00000001', 'It refills every second and allows a burst up to capacity.', 'strong', ['refill', 'burst', 'clock'], ['refill', 'burst'], 'strong'),
        // Grader credits burst, which both say is not made: a false credit; it misses refill.
        answer('00000002', 'Make the burst bigger, and top the bucket up each second.', 'weak', ['refill'], ['refill'], 'weak'),
        // The reviewer calls a "tricky" answer adequate: it counts toward no pass rate.
        answer('00000003', 'A refill and a burst, with a monotonic clock.', 'tricky', [], [], 'adequate'),
        answer('00000004', 'Something else entirely.', 'adequate', [], [], 'weak'),
        { ...answer('00000005', 'Unknown follow-up here.', 'weak', [], [], 'weak'), followUp: 'gone' },
      ],
      [entry],
    );
    expect(r.unknown).toEqual(['bucket/gone']);
    expect(r.answers).toBe(4);
    expect(r.followUps).toBe(1);
    expect(r.split).toBe(1);
    expect(r.agreed).toBe(11);
    expect(r.truePositive).toBe(2);
    // Answer 3: refill, burst and clock all credited against both labellers; answer 2: burst.
    expect(r.falsePositive).toBe(4);
    expect(r.falseNegative).toBe(1);
    expect(r.precision).toBeCloseTo(2 / 6);
    expect(r.recall).toBeCloseTo(2 / 3);
    expect(r.strong).toEqual({ answers: 1, passed: 1 });
    expect(r.weak).toEqual({ answers: 1, passed: 0 });
    expect(r.tricky).toEqual({ answers: 0, passed: 0 });
    expect(r.misses).toContainEqual({ answerId: '00000002', problem: 'bucket', followUp: 'why', point: 'refill', kind: 'missed' });
    expect(r.misses).toContainEqual({ answerId: '00000002', problem: 'bucket', followUp: 'why', point: 'burst', kind: 'credited' });

    const text = formatCodingSelftest([r], true).join('\n');
    expect(text).toContain('tuning half, 4 answers to 1 follow-up');
    expect(text).toContain('points credited 6, 4 against both labellers: precision 33% · recall 67% of 3 made');
    expect(text).toContain('passed: strong 1 of 1 · weak 0 of 1 · right words, wrong idea 0 of 0');
    expect(text).toContain('labellers split on 1 of 12 point decisions');
    expect(text).toContain('00000002 bucket/why burst: credited, not made');
    // The test half is reported in aggregate only: nobody may tune against its misses.
    const testText = formatCodingSelftest([{ ...r, half: 'test' }], true).join('\n');
    expect(testText).toContain('test half, 4 answers to 1 follow-up');
    expect(testText).not.toContain('00000002');
    expect(testText).toContain("The test half's misses are not listed");
  });
});

describe('the coding follow-up answers', () => {
  it('hold both halves, each answering every follow-up of every problem, labelled by a reviewer with points the follow-up has', async () => {
    const entries = (await loadBank()).coding();
    const followUps = entries.flatMap((e) => e.problem.followUps.map((f) => ({ key: `${e.problem.id}/${f.id}`, points: f.expected.map((x) => x.id) })));
    const tuning = await loadCodingBlind('tuning');
    const test = await loadCodingBlind('test');
    expect([...tuning.problems, ...test.problems]).toEqual([]);
    const ids = new Set<string>();
    for (const half of [tuning.file, test.file]) {
      const answers = half?.answers ?? [];
      expect(new Set(answers.map((a) => `${a.problem}/${a.followUp}`))).toEqual(new Set(followUps.map((f) => f.key)));
      for (const a of answers) {
        ids.add(a.id);
        const points = followUps.find((f) => f.key === `${a.problem}/${a.followUp}`)?.points ?? [];
        for (const p of [...a.makes, ...a.review.makes]) expect(points, `${a.id} names ${p}`).toContain(p);
      }
    }
    expect(ids.size).toBe((tuning.file?.answers.length ?? 0) + (test.file?.answers.length ?? 0));
  });

  it('test half (never tuned against): the follow-up grading agrees with the labellers as far as the targets ask', async () => {
    const { file } = await loadCodingBlind('test');
    const r = codingYardstickReport('test', file?.answers ?? [], (await loadBank()).coding());
    // Counts only: the test half's misses are never printed, so nobody tunes against them.
    const misses = `${r.falsePositive} credited against both labellers, ${r.falseNegative} made and not credited`;
    expect(r.unknown).toEqual([]);
    expect(r.answers).toBeGreaterThanOrEqual(30);
    expect(r.precision, `precision; misses: ${misses}`).toBeGreaterThanOrEqual(CODING_TARGETS.precision);
    expect(r.recall, `recall; misses: ${misses}`).toBeGreaterThanOrEqual(CODING_TARGETS.recall);
    expect(r.strong.passed / r.strong.answers, 'strong answers passed').toBeGreaterThanOrEqual(CODING_TARGETS.strongPassed);
    const wrong = { answers: r.weak.answers + r.tricky.answers, passed: r.weak.passed + r.tricky.passed };
    expect(wrong.passed / wrong.answers, 'weak and right-words-wrong-idea answers passed').toBeLessThanOrEqual(CODING_TARGETS.weakPassed);
  });
});
