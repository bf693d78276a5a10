/**
 * The coding round as a user meets it: the home entry, the problem list, a save in the user's
 * editor (or Ctrl+S in the built-in one) running the visible tests, submitting, answering the
 * follow-ups, and finding the round in history. The tests run for real (a few child processes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBank, NO_CACHE } from '../../src/adapters/fs-bank.js';
import { eventually, keys, MemoryCodingTools, MemoryStore, renderApp, type Harness } from './render.js';

let open: Harness | undefined;
afterEach(() => {
  open?.unmount();
  open = undefined;
});

const bank = await loadBank({ cache: NO_CACHE });
const entry = bank.coding().find((e) => e.problem.id === 'token-bucket');
if (entry === undefined) throw new Error('token-bucket failed to load');
const reference = readFileSync(join(entry.dir, 'reference.mjs'), 'utf8');

/** The child processes take real time: wait in real time, not in event-loop turns. */
async function waitReal(h: Harness, pattern: string | RegExp, ms = 30_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const frame = h.frame();
    if (typeof pattern === 'string' ? frame.includes(pattern) : pattern.test(frame)) return frame;
    if (Date.now() > end) throw new Error(`waited for ${String(pattern)}; the screen shows:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the coding round', () => {
  it('is on the home screen, and says when Python is not available', async () => {
    const h = (open = await renderApp({ kind: 'home' }, { coding: new MemoryCodingTools({ python: false }) }));
    const home = await h.waitFor('JavaScript only: python3 is not on this machine');
    expect(home).toMatch(/Coding round\s+o/);
    await h.press('o');
    const menu = (await h.waitFor((f) => f.replace(/\s+/g, ' ').includes('Python 3 needs python3, which is not on this machine'))).replace(/\s+/g, ' ');
    expect(menu).toContain('Per-tenant token bucket');
    expect(menu).toContain('Language: JavaScript (Node)');
    expect(menu).toContain('Editor: the built-in one');
    await h.press('l');
    expect(await h.waitFor(/JavaScript\s+only\./)).toContain('Language: JavaScript (Node)');
  });

  it("runs the visible tests when the user's editor saves, the hidden and scale tests on submit, then grades the follow-ups with quotes", { timeout: 90_000 }, async () => {
    const tools = new MemoryCodingTools({ editor: 'vim', onEdit: () => reference });
    const h = (open = await renderApp({ kind: 'coding', start: { kind: 'new', problemId: 'token-bucket', language: 'node' } }, { coding: tools, columns: 100, rows: 40 }));
    const start = await h.waitFor('Your code: /memory/');
    expect(start).toContain('Per-tenant token bucket');
    expect(start).toContain('30:00');
    expect(start).toContain('e edit in vim');
    // A save from another window runs the visible tests.
    const file = [...tools.files.keys()][0] ?? '';
    tools.write(file, entry.starter.node);
    const failing = await waitReal(h, 'correctness 0/4');
    expect(failing).toMatch(/✗ a new tenant can burst up to its bucket/);
    expect(failing).toContain('tryTake is not written yet');
    // The user's editor: coach hands it the file and runs the tests on what it left there.
    await h.press('e');
    expect(tools.edits).toEqual([file]);
    const passing = await waitReal(h, 'correctness 4/4');
    expect(passing).toContain('every visible test passes');
    await h.press('s');
    const submitted = await waitReal(h, 'Interviewer (1 of 3)');
    expect(submitted).toMatch(/Submitted\s+code 100\/100 · correctness 8\/8 · edge cases 6\/6 · scale passed/);
    expect(submitted).toMatch(/✓ scale: 20,000 calls in/);
    await h.type('Elapsed goes negative and drains the bucket. I would use a monotonic clock and clamp negative elapsed to zero.');
    await h.press(keys.ctrlD);
    const review = await h.waitFor('Named 2 (2 needed)');
    expect(review).toContain('“I would use a monotonic clock and clamp negative elapsed to zero.”');
    expect(review).toContain('What a strong answer says');
    for (const answer of ['Every replica admits the full limit, so 8x. Put the counter in Redis with a Lua script, and fail open if it is down.', 'Reserve max_tokens at admission and refund the unused part at the end.']) {
      await h.press(keys.enter);
      await h.waitFor('Interviewer (');
      await h.type(answer);
      await h.press(keys.ctrlD);
      await h.waitFor(/Named \d/);
    }
    await h.press(keys.enter);
    const done = await h.waitFor('The reference solution');
    expect(done).toMatch(/Overall \d+\/100/);
    await eventually(() => expect(h.store.only()).toMatchObject({ mode: 'coding', status: 'completed' }));
    const saved = h.store.only().coding?.[0];
    expect(saved?.submission?.code).toBe(reference);
    expect(saved?.followUps.map((f) => f.correct)).toEqual([true, true, true]);
    expect(saved?.runs.map((r) => r.cases.filter((c) => c.passed).length)).toEqual([0, 4]);
  });

  it('edits in the built-in editor when no editor is set: Ctrl+S saves and runs the tests, Esc closes it', { timeout: 30_000 }, async () => {
    const tools = new MemoryCodingTools();
    const h = (open = await renderApp({ kind: 'coding', start: { kind: 'new', problemId: 'token-bucket', language: 'node' } }, { coding: tools, columns: 100, rows: 40 }));
    await h.waitFor('Your code:');
    expect(h.frame()).toMatch(/e edit · t run tests/);
    await h.press('e');
    await h.waitFor('Ctrl+S save and run the visible tests');
    expect(h.frame()).toContain('export class TokenBucketLimiter');
    await h.type('// a note\n');
    await h.press(keys.ctrlS);
    await waitReal(h, /Visible tests: correctness 0\/4/);
    await h.press(keys.esc);
    const closed = await h.waitFor('Your code:');
    expect(closed).toContain('correctness 0/4');
    await eventually(() => expect(h.store.only().coding?.[0]?.code).toContain('// a note'));
  });

  it('leaves with the code saved, and home offers to resume it', { timeout: 30_000 }, async () => {
    const store = new MemoryStore();
    const h = (open = await renderApp({ kind: 'coding', start: { kind: 'new', problemId: 'token-bucket', language: 'node' } }, { store, coding: new MemoryCodingTools() }));
    await h.waitFor('Your code:');
    await h.press(keys.esc);
    expect(await h.waitFor('Leave this round?')).toContain('Your code is saved; resume it from home.');
    await h.press('y');
    const home = await h.waitFor('Unfinished coding round');
    expect(home.replace(/\s+/g, ' ')).toContain('Per-tenant token bucket for an LLM gateway, not yet submitted');
    await h.press('r');
    expect(await h.waitFor('Your code:')).toContain('Coding round · Per-tenant token bucket');
  });

  it('shows a submitted round in history with its failing tests and code, and exports it', { timeout: 60_000 }, async () => {
    const tools = new MemoryCodingTools({ editor: 'vim', onEdit: (code) => code.replace("throw new Error('available is not written yet');", 'return 0;') });
    const store = new MemoryStore();
    const h = (open = await renderApp({ kind: 'coding', start: { kind: 'new', problemId: 'token-bucket', language: 'node' } }, { store, coding: tools, columns: 100, rows: 40 }));
    await h.waitFor('Your code:');
    await h.press('e');
    await waitReal(h, 'correctness 0/4');
    await h.press('s');
    await waitReal(h, 'Interviewer (1 of 3)');
    await h.press(keys.esc);
    await h.press('y');
    await h.waitFor('Unfinished coding round');
    await h.press('h');
    await h.waitFor(/coding\s+1 problem/);
    await h.press(keys.enter);
    const detail = await h.waitFor('coding round');
    expect(detail).toMatch(/Code \d+\/100/);
    expect(detail).toContain('✗ a new tenant can burst up to its bucket');
    await h.press('e');
    await h.waitFor('Wrote ');
    const md = [...h.reports.written.values()][0] ?? '';
    expect(md).toContain('# Coding round');
    expect(md).toContain('```js');
    expect(md).toContain('return 0;');
  });
});
