import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/adapters/fs-bank.js';
import { gradeCodingFollowUp } from '../../src/core/coding/follow-ups.js';

const entries = (await loadBank()).coding();

/** The points a follow-up answer is credited with, as the round shows them. */
function named(problem: string, followUp: string, answer: string): string[] {
  const entry = entries.find((e) => e.problem.id === problem);
  const f = entry?.problem.followUps.find((x) => x.id === followUp);
  if (entry === undefined || f === undefined) throw new Error(`no follow-up ${problem}/${followUp}`);
  return gradeCodingFollowUp(f, answer, entry.lexicon).named.map((n) => n.id);
}

describe('coding follow-up grading', () => {
  it('quotes the sentence that makes the point, not the first that brushes against it', () => {
    const entry = entries.find((e) => e.problem.id === 'kv-allocator');
    const f = entry?.problem.followUps.find((x) => x.id === 'out-of-blocks');
    if (entry === undefined || f === undefined) throw new Error('no kv-allocator/out-of-blocks');
    const makes = 'To avoid it we admit new prompts only while free blocks stay above a watermark reserved for decode growth.';
    const answer = `Past the headroom, the scheduler has to preempt a victim, the most recently admitted sequence. ${makes}`;
    const headroom = gradeCodingFollowUp(f, answer, entry.lexicon).named.find((n) => n.id === 'headroom');
    expect(headroom?.evidence.map((e) => e.text)).toEqual([makes]);
  });

  it('credits "averaging p95s is wrong" only where the verdict is about the average, not a neighbour\'s', () => {
    expect(named('burn-rate', 'eight-replicas', 'Averaging the p95s is wrong, one slow replica disappears into the mean.')).toContain('avg-wrong');
    // The verdict ("the real bug") is about the error rates; the next sentence says the average of p95s is fine.
    const backwards = 'Averaging the error rates is the real bug. The p95s are fine to average, so the mean of their p95s is the fleet p95.';
    expect(named('burn-rate', 'eight-replicas', backwards)).not.toContain('avg-wrong');
  });

  it('does not credit a point the answer denies or states the opposite of', () => {
    expect(named('prefix-cache', 'tenants', 'The cache sits in GPU memory tenants cannot read, so nothing leaks.')).not.toContain('timing');
    expect(named('prefix-cache', 'tenants', 'A tenant can probe for another tenant\'s prompt by timing the first token: a hit comes back faster.')).toContain('timing');
    expect(named('kv-allocator', 'block-size', 'At 16 the main waste is external fragmentation from freed blocks scattered around the pool.')).not.toContain('no-external');
    expect(named('kv-allocator', 'block-size', "There's no external fragmentation, since any free block can go to any sequence.")).toContain('no-external');
    expect(named('batch-scheduler', 'recompute-vs-swap', 'Swap space makes things faster in general.')).not.toContain('swap');
    expect(named('batch-scheduler', 'recompute-vs-swap', 'Swapping copies the blocks out to pinned host RAM over PCIe and back.')).toContain('swap');
  });
});
