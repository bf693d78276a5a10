import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBank, NO_CACHE } from '../../src/adapters/fs-bank.js';
import { runTests } from '../../src/adapters/coding/run-tests.js';
import { CodingController, codingOverall, type CodeRunner, type CodingStart } from '../../src/core/practice/coding-controller.js';
import { AUTOSAVE_MS } from '../../src/core/practice/ticks.js';
import { Session } from '../../src/schemas/session.js';
import { FakeClock, ManualTicker, MemoryStore, seededRandom } from '../fakes.js';

const bank = await loadBank({ cache: NO_CACHE });
const entry = bank.coding().find((e) => e.problem.id === 'token-bucket');
if (entry === undefined) throw new Error('token-bucket failed to load');
const reference = readFileSync(join(entry.dir, 'reference.mjs'), 'utf8');

/** Runs the tests for real, with a smaller scale test; counts the runs and can hold one back. */
class CountingRunner implements CodeRunner {
  readonly runs: { kind: string; code: string }[] = [];
  run: CodeRunner['run'] = (e, language, code, kind, at) => {
    this.runs.push({ kind, code });
    return runTests(e, language, code, kind, at, { scaleCalls: 20_000 });
  };
}

function running(options: { start?: CodingStart; store?: MemoryStore; clock?: FakeClock } = {}) {
  const clock = options.clock ?? new FakeClock();
  const ticker = new ManualTicker();
  const store = options.store ?? new MemoryStore();
  const runner = new CountingRunner();
  const round = new CodingController({ bank, runner, store, clock, ticker, random: seededRandom() }, options.start ?? { kind: 'new', problemId: 'token-bucket', language: 'node' });
  round.start();
  const elapse = (ms: number): void => {
    clock.advance(ms);
    ticker.tick();
  };
  return { round, store, runner, clock, elapse };
}

async function until(predicate: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 30_000;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the coding round controller', () => {
  it('starts from the starter file, runs the visible tests on each save, submits, asks the follow-ups and saves a completed session', { timeout: 60_000 }, async () => {
    const { round, store, runner } = running();
    expect(round.getState().code).toBe(entry.starter.node);
    await round.settled();
    expect(store.only().mode).toBe('coding');
    expect(store.only().status).toBe('active');

    round.codeSaved(entry.starter.node.replace('// TODO', '// thinking'));
    await until(() => round.getState().runs.length === 1, 'the first visible run');
    const first = round.getState().runs[0];
    expect(first?.kind).toBe('visible');
    expect(first?.cases.every((c) => c.visible && !c.passed)).toBe(true);
    expect(first?.cases[0]?.message).toMatch(/tryTake is not written yet/);

    round.codeSaved(reference);
    await until(() => round.getState().runs.length === 2, 'the second visible run');
    expect(round.getState().runs[1]?.cases.every((c) => c.passed)).toBe(true);
    // The code is in the session before any test ran on it.
    expect(store.only().coding?.[0]?.code).toBe(reference);

    round.submitCode();
    expect(round.getState().phase.kind).toBe('submitting');
    await until(() => round.getState().phase.kind === 'follow-up', 'the hidden tests');
    const submission = round.getState().submission;
    expect(submission?.score).toBe(100);
    expect(submission?.run.cases).toHaveLength(entry.cases.length);
    expect(submission?.run.scale?.passed).toBe(true);
    expect(runner.runs.map((r) => r.kind)).toEqual(['visible', 'visible', 'hidden']);

    expect(round.submitAnswer()).toBe('empty');
    round.edit({ type: 'insert', text: 'A backwards step makes elapsed negative. Use a monotonic clock and clamp negative elapsed to zero.' });
    expect(round.submitAnswer()).toBe('submitted');
    const review = round.getState().phase;
    expect(review.kind).toBe('reviewing');
    const graded = round.getState().followUps[0];
    expect(graded?.named.map((n) => n.id)).toEqual(['monotonic', 'clamp']);
    expect(graded?.named[0]?.quote).toMatch(/monotonic clock/);
    expect(graded?.correct).toBe(true);

    for (const answer of ['Each replica admits the full limit, so the tenant gets 8x; keep the bucket in Redis with a Lua script.', 'I do not know.']) {
      round.next();
      expect(round.getState().phase.kind).toBe('follow-up');
      round.edit({ type: 'insert', text: answer });
      round.submitAnswer();
    }
    round.next();
    expect(round.getState().phase.kind).toBe('finished');
    const state = round.getState();
    expect(state.overall).toBe(codingOverall(100, state.followUps));
    expect(state.overall).toBeLessThan(100);
    await until(() => store.only().status === 'completed', 'the completed save');
    const saved = Session.parse(store.only());
    expect(saved.coding?.[0]?.followUps).toHaveLength(3);
    expect(saved.coding?.[0]?.submission?.code).toBe(reference);
    expect(saved.coding?.[0]?.overall).toBe(state.overall);
  });

  it('runs the visible tests again after a save that came while they ran, on the newest code', { timeout: 30_000 }, async () => {
    const { round, runner } = running();
    round.codeSaved('export class TokenBucketLimiter {}');
    round.codeSaved(reference);
    await until(() => round.getState().runs.length === 2 && !round.getState().running, 'both runs');
    expect(runner.runs.map((r) => r.code)).toEqual(['export class TokenBucketLimiter {}', reference]);
    expect(round.getState().runs[1]?.cases.every((c) => c.passed)).toBe(true);
  });

  it('submits the code as it stands when the clock runs out, saying so', { timeout: 60_000 }, async () => {
    const { round, elapse } = running();
    round.openEditor();
    round.edit({ type: 'set', text: reference });
    elapse(entry.problem.minutes * 60_000);
    expect(round.getState().phase).toEqual({ kind: 'submitting', auto: true });
    await until(() => round.getState().submission !== undefined, 'the submission');
    expect(round.getState().submission?.autoSubmitted).toBe(true);
    expect(round.getState().submission?.code).toBe(reference);
  });

  it('keeps what the built-in editor holds: autosaved while typing, and written by an exit flush', async () => {
    const { round, store, elapse } = running();
    round.openEditor();
    round.edit({ type: 'set', text: '// first idea\n' });
    elapse(AUTOSAVE_MS);
    await round.settled();
    expect(store.only().coding?.[0]?.code.startsWith('// first idea')).toBe(true);
    round.edit({ type: 'insert', text: '// second\n' });
    round.flushSync();
    expect(store.written.at(-1)?.coding?.[0]?.code.startsWith('// first idea\n// second')).toBe(true);
  });

  it('resumes a round left before submitting: the code, the runs, and the clock with the time it had left', { timeout: 30_000 }, async () => {
    const clock = new FakeClock();
    const first = running({ clock });
    first.round.codeSaved(reference);
    await until(() => first.round.getState().runs.length === 1, 'a run');
    first.elapse(10 * 60_000);
    first.round.leave();
    first.round.dispose();
    await until(() => first.store.only().coding?.[0]?.runs.length === 1, 'the leave save');
    const left = first.store.only();
    clock.advance(24 * 3_600_000);
    const second = running({ start: { kind: 'resume', session: left }, clock, store: first.store });
    const state = second.round.getState();
    expect(state.code).toBe(reference);
    expect(state.runs).toHaveLength(1);
    expect(state.phase.kind).toBe('coding');
    // 30 minutes, 10 used: 20 left, however long the round sat on disk.
    expect(state.clock.startedAt + state.clock.durationMs - clock.now()).toBe(20 * 60_000);
  });
});
