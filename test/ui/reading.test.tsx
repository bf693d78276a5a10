/**
 * The reading model, at 80x24: every scrolling view says where it stands and what is hidden
 * ("lines 1-17 of 60 · ↓ 43 more below"), Home and End reach its first and last lines, and the line
 * a reader must not miss (time ran out) is at the top. The answer editor says when text is above
 * or below what it shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, gradedRound, prepared } from '../helpers.js';
import { drillScreen, keys, MemoryStore, renderApp, roundScreen, type Harness } from './render.js';
import { planScenarioStart } from '../../src/core/practice/start.js';

let open: Harness | undefined;
afterEach(() => {
  open?.unmount();
  open = undefined;
});

const POSITION = /── lines (\d+)-(\d+) of (\d+)/;
const KEYS = { home: '\u001b[H', end: '\u001b[F' };

/** The view starts at its first line, says what is below, and End brings its last line and "end"; Home goes back. */
async function readsWhole(h: Harness, last: string | RegExp, what: string): Promise<void> {
  const top = h.frame();
  const at = POSITION.exec(top);
  expect(at, `${what}: a position line`).not.toBeNull();
  expect(at?.[1]).toBe('1');
  expect(top).toMatch(/↓ \d+ more below/);
  await h.press(KEYS.end);
  const bottom = h.frame();
  const end = POSITION.exec(bottom);
  expect(end?.[2], `${what}: End shows the last line`).toBe(end?.[3]);
  expect(bottom).toMatch(/↑ \d+ more above · end/);
  if (typeof last === 'string') expect(bottom).toContain(last);
  else expect(bottom).toMatch(last);
  await h.press(KEYS.home);
  expect(POSITION.exec(h.frame())?.[1], `${what}: Home shows the first line`).toBe('1');
}

describe('every scrolling view at 80x24 says where it stands, and End reaches the last line', () => {
  it('a round: the grade, then the summary', async () => {
    const h = (open = await renderApp(roundScreen(['q23']), { columns: 80, rows: 24 }));
    await h.type(fixture('q23-weak.md'));
    await h.press(keys.ctrlD);
    await h.waitFor('Overall', 'the grade');
    await readsWhole(h, /Interviewer \(presses/, 'the grade');
    await h.press('n');
    await h.waitFor('Round complete', 'the summary');
    await readsWhole(h, /gaps that matter most|\d\. q23/, 'the round summary');
  });

  it('a scenario: its summary, with the header naming the company mode', async () => {
    const h = (open = await renderApp(
      (services) => {
        const planned = planScenarioStart(services.bank, services.settings.read().settings, services.random, { questionId: 'q32', company: 'amazon' });
        if (!planned.ok) throw new Error(planned.reason);
        return { kind: 'round', start: planned.start };
      },
      { columns: 80, rows: 24 },
    ));
    expect(h.frame().split('\n')[0]).toContain('Amazon-style');
    await h.type('Hold the index fixed and swap the model back on the same labelled set.');
    await h.press(keys.ctrlD);
    await h.waitFor('Noted.');
    await h.press('n');
    await h.waitFor('Interviewer (wrap-up)');
    await h.type('On Monday I would ship the owner list and the canary gate.');
    await h.press(keys.ctrlD);
    await h.waitFor('Enter finish the scenario');
    await h.press(keys.enter);
    await h.waitFor('Scenario complete', 'the scenario summary');
    await readsWhole(h, /wrap-up .*\/100 on its own/, 'the scenario summary');
  });

  it('a drill: the summary of ten prompts', async () => {
    const ids = ['rf-serving-metrics-beyond-p50', 'rf-automated-rollback-criteria', 'rf-queue-delay-separate-sli', 'rf-continuous-vs-static', 'rf-batch-size-tail-cost'];
    const h = (open = await renderApp(drillScreen([...ids, ...ids]), { columns: 80, rows: 24 }));
    for (let i = 0; i < 10; i++) {
      await h.waitFor('Enter submit', `prompt ${i + 1}`);
      await h.type('latency');
      await h.press(keys.enter);
      await h.waitFor('Enter ', `review ${i + 1}`);
      await h.press(keys.enter);
    }
    await h.waitFor('Drill complete', 'the drill summary');
    await readsWhole(h, /✗ .*\n(.*\n)*.*── lines/, 'the drill summary');
    // All ten prompts can be read: five appear twice.
    await h.press(KEYS.end);
    expect(h.frame()).toMatch(/Two reasons continuous batching|raising the max batch size/);
  });

  it('spot the flaw: the review of a critique', async () => {
    const h = (open = await renderApp({ kind: 'home' }, { columns: 80, rows: 24 }));
    await h.waitFor('Spot the flaw');
    await h.press('f');
    await h.waitFor('Spot-the-flaw drill · prompt 1 of 4', 'the first answer');
    await h.type('There is no rollback plan and no numbers on the metrics.');
    await h.press(keys.enter);
    await h.waitFor('How an interviewer would put it', 'the review');
    await readsWhole(h, /Enter next prompt/, 'the spot-the-flaw review');
  });

  it('the grader self-test', async () => {
    const h = (open = await renderApp({ kind: 'selftest' }, { columns: 80, rows: 24 }));
    await h.waitFor(/Spearman/, 'the self-test', 5000);
    await readsWhole(h, /expected \d, graded \d|Targets on the blind test half/, 'the self-test');
  });

  it("history: a session's page", async () => {
    const store = new MemoryStore();
    const q23 = await prepared('q23');
    store.saveSync(gradedRound('20261121-090000-bbbb', '2026-11-21T09:00:00.000Z', [{ q: q23, text: fixture('q23-strong.md') }]));
    const h = (open = await renderApp({ kind: 'history' }, { store, columns: 80, rows: 24 }));
    await h.waitFor('1 session', 'the list');
    await h.press(keys.enter);
    await h.waitFor('20261121-090000-bbbb ·', 'the session page');
    await readsWhole(h, /First gap|Red flags|none/, "the session's page");
  });
});

describe('what a reader must not miss', () => {
  it('puts "time ran out" at the top of the grade, not under it', async () => {
    const h = (open = await renderApp(roundScreen(['q23']), { columns: 80, rows: 24 }));
    await h.type('Split queue wait from prefill and decode');
    await h.elapse(12 * 60_000);
    const graded = await h.waitFor('Overall', 'the grade');
    const body = graded.split('\n').slice(2, 6).join('\n');
    expect(body).toContain('Time ran out: the answer was submitted as it stood.');
  });

  it('puts what changed the grade (lines not counted, a grader that fell back) above the grade', async () => {
    const h = (open = await renderApp(roundScreen(['q23']), { columns: 80, rows: 24 }));
    await h.type('TTFT, queue delay, prefill, decode, KV cache, batching, canary, rollback, tracing');
    await h.press(keys.ctrlD);
    const graded = await h.waitFor('Overall', 'the grade');
    const top = graded.split('\n').slice(2, 8).join('\n');
    expect(top).toMatch(/Note: 1 line reads as a keyword list/);
  });

  it('marks text above and below the lines the editor shows', async () => {
    const h = (open = await renderApp(roundScreen(['q23']), { columns: 80, rows: 24 }));
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1} of a long answer`);
    await h.type(lines.join('\n'));
    const typed = await h.waitFor('line 30 of a long answer', 'the end of the answer');
    expect(typed).toContain('↑ more above');
    expect(typed).not.toContain('line 1 of a long answer\n');
    for (let i = 0; i < 29; i++) await h.press(keys.up);
    const top = h.frame();
    expect(top).toContain('line 1 of a long answer');
    expect(top).toContain('↓ more below');
    expect(top).not.toContain('↑ more above');
  });
});
