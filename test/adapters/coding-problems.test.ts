/**
 * Every coding problem in the bank, run for real: its reference solutions pass every hidden test
 * and the scale test; a correct but quadratic solution fails the scale test, and so does one with a
 * linear cost per call where one is kept; a solution that
 * never returns is stopped at the limit and reported, naming the test it was in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBank, NO_CACHE } from '../../src/adapters/fs-bank.js';
import { pythonAvailable, runTests } from '../../src/adapters/coding/run-tests.js';
import type { CodingEntry } from '../../src/core/bank.js';
import { codeScore } from '../../src/core/coding/results.js';

const bank = await loadBank({ cache: NO_CACHE });
const problems = bank.coding();
const at = new Date('2026-12-06T10:00:00Z');
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'coding');
let python = false;
beforeAll(async () => {
  python = await pythonAvailable();
});

function read(entry: CodingEntry, file: string): string {
  return readFileSync(join(entry.dir, file), 'utf8');
}

describe('the coding bank', () => {
  it('loads with no problems', () => {
    expect(bank.problems.filter((p) => p.file.startsWith('questions/coding'))).toEqual([]);
  });

  it('has the six problems of the coding round', () => {
    expect(problems.map((p) => p.problem.id).sort()).toEqual(['batch-scheduler', 'burn-rate', 'kv-allocator', 'prefix-cache', 'stream-buffer', 'token-bucket']);
  });
});

describe.each(problems.map((p) => [p.problem.id, p] as const))('%s', (_id, entry) => {
  it('the Node reference passes every hidden test and the scale test', { timeout: 60_000 }, async () => {
    const run = await runTests(entry, 'node', read(entry, 'reference.mjs'), 'hidden', at);
    expect(run.problem).toBeUndefined();
    expect(run.cases.filter((c) => !c.passed)).toEqual([]);
    expect(run.cases).toHaveLength(entry.cases.length);
    expect(run.scale?.line).not.toMatch(/wrong|threw|stopped/);
    expect(run.scale?.passed).toBe(true);
    expect(codeScore(run)).toBe(100);
  });

  it('the Python reference passes every hidden test and the scale test', { timeout: 60_000 }, async (ctx) => {
    if (!python) ctx.skip();
    const run = await runTests(entry, 'python', read(entry, 'reference.py'), 'hidden', at);
    expect(run.problem).toBeUndefined();
    expect(run.cases.filter((c) => !c.passed)).toEqual([]);
    expect(run.scale?.passed).toBe(true);
  });

  it('a correct but quadratic solution passes the cases and fails the scale test', { timeout: 60_000 }, async () => {
    const naive = join(fixtures, entry.problem.id, 'naive.mjs');
    expect(existsSync(naive), `${naive} is missing`).toBe(true);
    // Eight seconds is plenty: the reference takes well under one.
    const run = await runTests(entry, 'node', readFileSync(naive, 'utf8'), 'hidden', at, { scaleLimits: { wallMs: 8000 } });
    expect(run.cases.filter((c) => !c.passed)).toEqual([]);
    expect(run.scale?.passed).toBe(false);
    expect(run.scale?.line).toMatch(/too slow|stopped after/);
  });

  // A solution as an engineer under time pressure writes it, correct, with one cost that grows with
  // what the structure holds (a sorted array spliced, a queue refiltered, a total summed per call).
  it('a correct solution with a linear cost per call fails the scale test too', { timeout: 60_000 }, async () => {
    const linear = join(fixtures, entry.problem.id, 'linear.mjs');
    expect(existsSync(linear), `${linear} is missing`).toBe(true);
    const run = await runTests(entry, 'node', readFileSync(linear, 'utf8'), 'hidden', at, { scaleLimits: { wallMs: 8000 } });
    expect(run.cases.filter((c) => !c.passed)).toEqual([]);
    expect(run.scale?.passed).toBe(false);
    expect(run.scale?.line).toMatch(/too slow|stopped after/);
  });

  // Where the workload was tuned around a common efficient idiom (prefix-cache's Map as the LRU
  // order), that solution is kept and must pass.
  const efficient = join(fixtures, entry.problem.id, 'efficient.mjs');
  if (existsSync(efficient)) {
    it('an efficient solution written differently from the reference passes the scale test', { timeout: 60_000 }, async () => {
      const run = await runTests(entry, 'node', readFileSync(efficient, 'utf8'), 'hidden', at);
      expect(run.cases.filter((c) => !c.passed)).toEqual([]);
      expect(run.scale?.line).not.toMatch(/too slow|stopped/);
      expect(run.scale?.passed).toBe(true);
    });
  }

  it('the starter file loads and fails the visible tests with a message, not a crash', async () => {
    const node = await runTests(entry, 'node', entry.starter.node, 'visible', at);
    expect(node.problem).toBeUndefined();
    expect(node.cases.length).toBeGreaterThan(0);
    expect(node.cases.every((c) => !c.passed && (c.message ?? '').length > 0)).toBe(true);
  });
});

describe('a solution that never returns', () => {
  const entry = problems[0];
  it('is stopped at the limit, reported in one line naming the test, and the other tests are listed as not run', { timeout: 30_000 }, async () => {
    if (entry === undefined) throw new Error('no coding problems');
    const looping = entry.starter.node.replace(/constructor\(([^)]*)\)\s*\{/, 'constructor($1) {\n    for (;;) {}');
    const run = await runTests(entry, 'node', looping, 'visible', at, { caseLimits: { wallMs: 1500 } });
    expect(run.problem).toMatch(/^stopped after 1\.5 s: it did not finish .*, in "/);
    expect(run.cases.every((c) => !c.passed)).toBe(true);
    expect(run.cases.at(-1)?.message).toBe('not run: the run stopped before it');
  });

  it('in Python is stopped the same way', { timeout: 30_000 }, async (ctx) => {
    if (!python || entry === undefined) ctx.skip();
    if (entry === undefined) return;
    const looping = entry.starter.python.replace(/def __init__\(([^)]*)\):/, 'def __init__($1):\n        while True: pass');
    const run = await runTests(entry, 'python', looping, 'visible', at, { caseLimits: { wallMs: 1500 } });
    expect(run.problem).toMatch(/^stopped after 1\.5 s/);
  });
});
