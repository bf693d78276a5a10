import { describe, expect, it } from 'vitest';
import { codeScore, DRIVER_MARK, readCaseRun, readScaleRun, runSummary } from '../../src/core/coding/results.js';
import { codingMarkdown, diffCodingAttempts, lineDiff, unifiedDiff, type CodingAttempt } from '../../src/core/coding/attempts.js';
import type { TestCase, TestRun } from '../../src/schemas/coding.js';
import type { CodingRecord } from '../../src/schemas/session.js';

const cases: TestCase[] = [
  { name: 'basic', category: 'correctness', visible: true, new: [], calls: [['f', []]] },
  { name: 'refill', category: 'correctness', visible: false, new: [], calls: [['f', []]] },
  { name: 'zero', category: 'edge', visible: false, new: [], calls: [['f', []]] },
];
const mark = (o: unknown): string => `${DRIVER_MARK}${JSON.stringify(o)}`;
const at = '2026-12-06T10:00:00.000Z';

describe('reading a test run', () => {
  it('keeps what the solution printed apart from the results, and shows its last lines', () => {
    const stdout = [mark({ start: 'basic' }), 'debug: 1', mark({ case: 'basic', passed: true }), mark({ start: 'refill' }), 'debug: 2', mark({ case: 'refill', passed: false, message: 'call 1, f() returned 1, expected 2' }), mark({ start: 'zero' }), mark({ case: 'zero', passed: true })].join('\n');
    const run = readCaseRun('hidden', at, cases, { outcome: 'ok', line: 'ran and exited cleanly', stdout });
    expect(run.cases.map((c) => [c.name, c.passed])).toEqual([['basic', true], ['refill', false], ['zero', true]]);
    expect(run.cases[1]?.message).toBe('call 1, f() returned 1, expected 2');
    expect(run.problem).toBeUndefined();
    expect(run.output).toBe('debug: 1\ndebug: 2');
    expect(runSummary(run)).toBe('correctness 1/2 · edge cases 1/1');
  });

  it('says in one line where a run that never finished stopped, and counts the cases after it as failed, not run', () => {
    const stdout = [mark({ start: 'basic' }), mark({ case: 'basic', passed: true }), mark({ start: 'refill' })].join('\n');
    const run = readCaseRun('hidden', at, cases, { outcome: 'timeout', line: 'stopped after 10 s: it did not finish (an endless loop, or far too slow)', stdout });
    expect(run.problem).toBe('stopped after 10 s: it did not finish (an endless loop, or far too slow), in "refill"');
    expect(run.notRun).toEqual(['refill', 'zero']);
    expect(run.cases.filter((c) => !c.passed).map((c) => c.message)).toEqual(['not run: the run stopped before it', 'not run: the run stopped before it']);
    // Correctness 1 of 2 and edge cases 0 of 1 weigh the same: (0.5 + 0) / 2 of the tests' three quarters.
    expect(codeScore(run)).toBe(19);
  });

  it('reports a solution that does not load as the run\'s one problem', () => {
    const run = readCaseRun('visible', at, cases.slice(0, 1), { outcome: 'ok', line: 'ran and exited cleanly', stdout: mark({ fatal: "it does not load: SyntaxError: Unexpected token '}' (solution.mjs line 12)" }) });
    expect(run.problem).toBe("it does not load: SyntaxError: Unexpected token '}' (solution.mjs line 12)");
    expect(run.cases[0]?.passed).toBe(false);
  });

  it('passes the scale test within the ratio, measuring tiny times from a floor, and fails it past the ratio or on a wrong answer', () => {
    const end = (scale: unknown) => ({ outcome: 'ok' as const, line: 'ran', stdout: [mark({ referenceMs: 80 }), mark({ scale })].join('\n') });
    const fast = readScaleRun(end({ referenceMs: 80, candidateMs: 120 }), 300_000, 10);
    expect(fast).toMatchObject({ passed: true, ratio: 1.5 });
    expect(fast.line).toBe("300,000 calls in 120 ms, 1.5x the reference's 80 ms (limit 10x)");
    // 3 ms against 1 ms is noise, not a 3x slowdown.
    expect(readScaleRun(end({ referenceMs: 1, candidateMs: 3 }), 1000, 10).ratio).toBe(1);
    const slow = readScaleRun(end({ referenceMs: 80, candidateMs: 2400 }), 300_000, 10);
    expect(slow.passed).toBe(false);
    expect(slow.line).toMatch(/^too slow: 300,000 calls in 2\.4 s, 30\.0x/);
    const wrong = readScaleRun(end({ referenceMs: 80, candidateMs: 90, mismatch: 'call 7, f(1) returned 2, the reference returned 3' }), 300_000, 10);
    expect(wrong).toMatchObject({ passed: false, line: 'wrong answer at scale: call 7, f(1) returned 2, the reference returned 3' });
  });

  it('fails a scale run stopped at the limit, naming the reference time it had', () => {
    const r = readScaleRun({ outcome: 'timeout', line: 'stopped after 20 s: it did not finish (an endless loop, or far too slow)', stdout: mark({ referenceMs: 85 }) }, 300_000, 10);
    expect(r.passed).toBe(false);
    expect(r.line).toBe('300,000 calls: stopped after 20 s: it did not finish (an endless loop, or far too slow) (the reference took 85 ms)');
  });
});

describe('comparing attempts', () => {
  it('diffs code line by line into unified hunks', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n');
    const after = ['a', 'b', 'C', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n');
    const diff = lineDiff(before, after);
    expect(diff.filter((l) => l.op !== ' ')).toEqual([{ op: '-', text: 'c' }, { op: '+', text: 'C' }, { op: '+', text: 'k' }]);
    expect(unifiedDiff(diff, 1)).toEqual(['@@ -2,3 +2,3 @@', ' b', '-c', '+C', ' d', '@@ -10,1 +10,2 @@', ' j', '+k']);
    expect(unifiedDiff(lineDiff('same', 'same'))).toEqual([]);
  });

  it('names the tests an attempt fixed and broke, the scale verdicts and the code diff', () => {
    const run = (passed: readonly boolean[], scale: boolean): TestRun => ({
      kind: 'hidden',
      at,
      cases: cases.map((c, i) => ({ name: c.name, category: c.category, visible: c.visible, passed: passed[i] ?? false })),
      notRun: [],
      scale: { calls: 1000, maxRatio: 10, passed: scale, line: scale ? 'fast' : 'too slow' },
    });
    const attempt = (id: string, code: string, r: TestRun): CodingAttempt => {
      const record: CodingRecord = { problemId: 'token-bucket', title: 'Token bucket', language: 'node', startedAt: at, budgetSec: 1800, code, savedAt: at, runs: [], followUps: [], submission: { at, elapsedMs: 600_000, code, run: r, score: codeScore(r), autoSubmitted: false } };
      return { sessionId: id, at, record: { ...record, submission: record.submission! } };
    };
    const d = diffCodingAttempts(attempt('s1', 'let x = 1;\nlist.find()', run([true, false, true], false)), attempt('s2', 'let x = 1;\nmap.get()', run([true, true, false], true)));
    expect(d.fixed).toEqual(['refill']);
    expect(d.broken).toEqual(['zero']);
    expect(d.scale).toEqual({ from: 'too slow', to: 'fast' });
    expect(d.code).toEqual(['@@ -1,2 +1,2 @@', ' let x = 1;', '-list.find()', '+map.get()']);
  });

  it('fences exported code with more backticks than the code holds', () => {
    const code = 'const s = ```not a fence```;';
    const record: CodingRecord = { problemId: 'token-bucket', title: 'Token bucket', language: 'node', startedAt: at, budgetSec: 1800, code, savedAt: at, runs: [], followUps: [] };
    const md = codingMarkdown(record, (s) => s);
    expect(md).toContain('````js');
    expect(md).toContain('*Not submitted.*');
  });
});
