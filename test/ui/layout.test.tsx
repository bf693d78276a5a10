/**
 * Small terminals: every screen fits the terminal it is drawn in (no line wider, no more rows),
 * keeps what a user must see (session id, clocks, counters, the score column), and below
 * 60x20 says so in one line instead of drawing a broken layout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { planScenarioStart } from '../../src/core/practice/start.js';
import { displayWidth } from '../../src/core/practice/editor.js';
import { digestOf, summarize } from '../../src/core/progress/history.js';
import type { Services } from '../../src/ui/services.js';
import type { Screen } from '../../src/ui/app.js';
import { fixture, gradedRound, prepared } from '../helpers.js';
import { drillScreen, keys, MemorySettings, MemoryStore, renderApp, roundScreen, type Harness } from './render.js';

let open: Harness | undefined;
let stopWatching: (() => void) | undefined;
afterEach(() => {
  stopWatching?.();
  stopWatching = undefined;
  open?.unmount();
  open = undefined;
});

const SIZES = [
  [60, 20],
  [80, 24],
  [160, 45],
] as const;

/** Every row of the frame is at most `columns` wide on screen, and there are at most `rows` of them. */
function expectFits(frame: string, columns: number, rows: number, where: string): void {
  const lines = frame.split('\n');
  expect(lines.length, `${where}: ${lines.length} rows in a ${columns}x${rows} terminal:\n${frame}`).toBeLessThanOrEqual(rows);
  for (const line of lines) expect(displayWidth(line), `${where}: a row wider than ${columns} columns:\n${line}\n\n${frame}`).toBeLessThanOrEqual(columns);
}

/** Renders at a size and checks every frame written from then on, not only the last one. */
async function renderAt(initial: Screen | ((services: Services) => Screen), columns: number, rows: number, options: Parameters<typeof renderApp>[1] = {}): Promise<Harness> {
  const h = (open = await renderApp(initial, { ...options, columns, rows }));
  const bad: string[] = [];
  stopWatching = h.onFrame((frame) => {
    const lines = frame.split('\n');
    if (lines.length > rows || lines.some((l) => displayWidth(l) > columns)) bad.push(frame);
  });
  const check = h.frame;
  return {
    ...h,
    frame: () => {
      expect(bad, `a frame did not fit ${columns}x${rows}:\n${bad[0] ?? ''}`).toEqual([]);
      return check();
    },
  };
}

/** A round on questions with the longest titles, with a company style: the longest header there is. */
const round = (ids: readonly string[], company: 'amazon' | undefined) => roundScreen(ids, 40, company);

const drill = (ids: readonly string[]) => drillScreen(ids);

async function withSessions(): Promise<MemoryStore> {
  const store = new MemoryStore();
  const q23 = await prepared('q23');
  const q05 = await prepared('q05');
  store.saveSync(gradedRound('20261120-090000-aaaa', '2026-11-20T09:00:00.000Z', [{ q: q23, text: fixture('q23-weak.md') }]));
  store.saveSync(gradedRound('20261121-090000-bbbb', '2026-11-21T09:00:00.000Z', [{ q: q23, text: fixture('q23-strong.md') }, { q: q05, text: fixture('q05-weak.md') }]));
  return store;
}

describe.each(SIZES)('at %ix%i', (columns, rows) => {
  it('home shows the whole menu', async () => {
    const h = await renderAt({ kind: 'home' }, columns, rows);
    const frame = await h.waitFor('0 sessions');
    expectFits(h.frame(), columns, rows, 'home');
    for (const entry of ['Timed round', '45-min scenario', 'Rapid-fire drill', 'Spot the flaw', 'Interview prep', 'History', 'Settings', 'Quit']) expect(frame).toContain(entry);
    expect(frame).toContain('choose');
  });

  it('the interview prep menu keeps all five drills, and a script drill keeps its word count', async () => {
    const h = await renderAt({ kind: 'home' }, columns, rows);
    await h.waitFor('0 sessions');
    await h.press('p');
    const menu = await h.waitFor('1-5 jump', 'the prep menu');
    expectFits(menu, columns, rows, 'prep menu');
    for (const name of ['Numbers drill', 'Diagnostic scripts drill', 'First-three-questions drill', 'Incident triage drill', 'Failure story drill']) expect(menu).toContain(name);
    await h.press('2');
    const script = await h.waitFor('Enter submit', 'a script drill');
    expectFits(script, columns, rows, 'a script drill');
    expect(script).toMatch(/0\/150 words/);
    expect(script.split('\n')[0]).toMatch(/\d\d:\d\d$/);
  });

  it('a round: both clocks while answering, the whole question reachable, the session id on the summary', async () => {
    const h = await renderAt(round(['q30', 'q32'], 'amazon'), columns, rows);
    const answering = h.frame();
    expectFits(answering, columns, rows, 'answering');
    expect(answering.split('\n')[0]).toContain('q30');
    expect(answering).toContain('question 12:00');
    expect(answering).toContain('round 40:00');
    // The end of the question is on screen, or PgDn brings it there.
    const end = 'what you are doing about it.';
    for (let i = 0; i < 10 && !h.frame().replace(/\s+/g, ' ').includes(end); i++) await h.press(keys.pageDown);
    expect(h.frame().replace(/\s+/g, ' ')).toContain(end);
    expectFits(h.frame(), columns, rows, 'answering, the question scrolled');
    await h.type(fixture('q23-weak.md'));
    expectFits(h.frame(), columns, rows, 'answering, typed');
    await h.press(keys.ctrlD);
    const review = await h.waitFor('Overall');
    expectFits(review, columns, rows, 'review');
    expect(review).toMatch(/question \d\d:\d\d/);
    expect(review).toMatch(/round \d\d:\d\d/);
    await h.press('n');
    await h.waitFor('q32');
    await h.type('Compare the model and the index in a 2x2 on the same eval set.');
    await h.press(keys.ctrlD);
    await h.waitFor('Overall');
    await h.press('n');
    const summary = await h.waitFor('Round complete');
    expectFits(summary, columns, rows, 'summary');
    const id = h.store.only().id;
    expect(summary.split('\n')[0]).toContain(`session ${id}`);
    // The summary's first line, whole.
    expect(summary.split('\n')).toContain('Round complete');
    for (let i = 0; i < 20; i++) await h.press(keys.pageDown);
    expectFits(h.frame(), columns, rows, 'summary, scrolled to the end');
    // At the end: the summary fits whole, or its position line says the end is reached.
    const last = h.frame();
    expect(!/── lines \d+-\d+ of \d+/.test(last) || /lines \d+-(\d+) of \1 · .*end/.test(last)).toBe(true);
    for (let i = 0; i < 6; i++) await h.press(keys.up);
    expect(h.frame()).toContain('The three gaps that matter most');
  });

  it('a scenario: both clocks while answering, the session id on its summary', async () => {
    const h = await renderAt((services) => {
      const planned = planScenarioStart(services.bank, services.settings.read().settings, services.random, { questionId: 'q32', company: 'amazon' });
      if (!planned.ok) throw new Error(planned.reason);
      return { kind: 'round', start: planned.start };
    }, columns, rows);
    const answering = h.frame();
    expectFits(answering, columns, rows, 'scenario');
    expect(answering).toMatch(/probing 4\d:\d\d/);
    expect(answering).toContain('scenario 45:00');
    // A clarifying question and its answer sit under the prompt; everything still fits.
    await h.press(keys.ctrlO);
    await h.type('What is the peak traffic, and what latency SLO do we hold?');
    await h.press(keys.enter);
    const asked = await h.waitFor((f) => f.includes('You: What is the peak') && !f.includes('Interviewer: …'), 'the answer to the clarifying question');
    expectFits(asked, columns, rows, 'scenario, a question asked');
    expect(asked.split('\n')[0]).toMatch(/probing 4\d:\d\d  scenario 4\d:\d\d/);
    // The newest answer is shown, and the earlier exchange too or a line saying it is above.
    await h.press(keys.ctrlO);
    await h.type('Who owns the fleet and the budget, and how much can we spend?');
    await h.press(keys.enter);
    const twice = await h.waitFor((f) => f.includes('You: Who owns the fleet') && !f.includes('Interviewer: …'), 'the answer to the second question');
    expectFits(twice, columns, rows, 'scenario, two questions asked');
    expect(twice.replace(/\s+/g, ' ')).toContain('A replica costs');
    expect(twice).toMatch(/You: What is the peak|1 earlier question above/);
    await h.type('Hold the index fixed and swap the model back on the same labelled set.');
    await h.press(keys.ctrlD);
    await h.waitFor('Noted.');
    await h.press('n');
    const wrapUp = await h.waitFor('Interviewer (wrap-up)');
    expectFits(wrapUp, columns, rows, 'the wrap-up');
    expect(wrapUp).toMatch(/wrap-up 02:00/);
    expect(wrapUp).toMatch(/scenario \d\d:\d\d/);
    await h.type('On Monday I would ship the owner list and the canary gate.');
    await h.press(keys.ctrlD);
    await h.waitFor('Enter finish the scenario');
    await h.press(keys.enter);
    const summary = await h.waitFor('Scenario complete');
    expectFits(summary, columns, rows, 'scenario summary');
    expect(summary.split('\n')[0]).toContain(`session ${h.store.only().id}`);
    expect(summary.split('\n')).toContain('Scenario complete');
  });

  it('a drill: the header keeps its counters and the clock', async () => {
    const h = await renderAt(drill(['rf-canary-ramp', 'rf-shadow-vs-canary']), columns, rows);
    const answering = h.frame();
    expectFits(answering, columns, rows, 'drill');
    expect(answering.split('\n')[0]).toMatch(/1 of 2|1\/2/);
    expect(answering.split('\n')[0]).toContain('accuracy 0/0 · streak 0');
    expect(answering.split('\n')[0]).toContain('01:00');
    await h.type('Canary at 1%, then 5%, 25%, 50%, 100%, baking 1 hour per stage across a peak, promoting only if p95 TTFT stays within 10% of the baseline, with auto rollback at any stage.');
    expectFits(h.frame(), columns, rows, 'drill, typed');
    await h.press(keys.enter);
    const review = await h.waitFor('Named');
    expectFits(review, columns, rows, 'drill review');
    expect(review.split('\n')[0]).toContain('accuracy 1/1 · streak 1');
    await h.press(keys.enter);
    await h.type('No idea.');
    await h.press(keys.enter);
    await h.waitFor('accuracy 1/2');
    await h.press(keys.enter);
    const summary = await h.waitFor('Drill complete');
    expectFits(summary, columns, rows, 'drill summary');
    expect(summary.split('\n')).toContain('Drill complete');
  });

  it('spot the flaw: the header keeps its counters and the long answer scrolls', async () => {
    const h = await renderAt({ kind: 'home' }, columns, rows);
    await h.waitFor('Spot the flaw');
    await h.press('f');
    const first = await h.waitFor('what is wrong with this answer');
    expectFits(first, columns, rows, 'spot the flaw');
    expect(first.split('\n')[0]).toMatch(/1 of 4|1\/4/);
    expect(first.split('\n')[0]).toContain('accuracy 0/0 · streak 0');
    expect(first.split('\n')[0]).toMatch(/\d\d:\d\d$/);
    if (/lines 1-\d+ of \d+/.test(first)) {
      await h.press(keys.pageDown);
      expect(h.frame()).not.toMatch(/lines 1-\d+ of/);
    }
    await h.type('The rollback has no trigger and the canary has no metric.');
    await h.press(keys.enter);
    const review = await h.waitFor(/Named \d of the \d flaws? planted/);
    expectFits(review, columns, rows, 'spot the flaw, reviewed');
    expect(review.split('\n')[0]).toMatch(/accuracy [01]\/1 · streak [01]/);
  });

  it("history: each row keeps its score, and a session's page fits", async () => {
    const store = await withSessions();
    const h = await renderAt({ kind: 'history' }, columns, rows, { store });
    const list = await h.waitFor('2 sessions');
    expectFits(list, columns, rows, 'history');
    for (const session of store.sessions.values()) {
      const overall = summarize(digestOf(session)).overall;
      if (overall === undefined) throw new Error('a graded round has a score');
      const row = list.split('\n').find((l) => l.includes(session.id));
      expect(row, `the row of ${session.id}`).toBeDefined();
      expect(row?.trimEnd()).toMatch(new RegExp(`\\s${Math.round(overall)}$`));
    }
    expect(list).toContain('score');
    await h.press(keys.enter);
    const detail = await h.waitFor('Session 20261121-090000-bbbb');
    expectFits(detail, columns, rows, 'a session');
    await h.press('d');
    const diff = await h.waitFor('Attempt diff');
    expectFits(diff, columns, rows, 'the attempt diff');
    expect(diff.split('\n')[0]).toContain('20261121-090000-bbbb');
  });
});

describe.each(SIZES)('settings at %ix%i', (columns, rows) => {
  const path = '/home/someone/models/qwen2.5-3b-instruct-q4_k_m.gguf';
  const cases = [
    ['a saved model', path, { path, from: 'setting' as const }],
    ['a saved model and $COACH_MODEL', path, { path: '/models/from-env.gguf', from: 'environment' as const }],
    ['$COACH_MODEL only', undefined, { path: '/models/from-env.gguf', from: 'environment' as const }],
    ['no model', undefined, undefined],
  ] as const;
  it.each(cases)('the model row with %s fits, before Enter and after', async (_, modelPath, model) => {
    const settings = new MemorySettings({ minutes: 40, questions: 3, drillCount: 10, ...(modelPath === undefined ? {} : { modelPath }) });
    const h = await renderAt({ kind: 'settings' }, columns, rows, { settings, sessionsDir: { dir: '/home/someone/coach/sessions', from: 'default' }, ...(model === undefined ? {} : { model }) });
    for (let i = 0; i < 7; i++) await h.press(keys.down);
    expectFits(await h.waitFor(/❯ Model/), columns, rows, 'the model row');
    await h.press(keys.enter);
    expectFits(await h.waitFor(/Saved|cleared|names|Add a model/), columns, rows, 'after Enter on the model row');
  });
});

describe('a terminal smaller than 60x20', () => {
  it('home says so in one line with the size needed, and resizing back brings the menu again', async () => {
    const h = (open = await renderApp({ kind: 'home' }, { columns: 50, rows: 15 }));
    const small = h.frame();
    expect(small.split('\n')).toHaveLength(1);
    expect(small).toMatch(/too small/i);
    expect(small).toContain('60x20');
    expect(small).toContain('50x15');
    expect(displayWidth(small)).toBeLessThanOrEqual(50);
    await h.resize(80, 24);
    const back = await h.waitFor('Timed round');
    expect(back).not.toMatch(/too small/i);
    expectFits(back, 80, 24, 'home after the resize');
  });

  it('a round keeps running behind the message: its draft and clocks are there when the terminal grows', async () => {
    const h = (open = await renderApp(round(['q23'], undefined), { columns: 80, rows: 24 }));
    await h.type('Queue delay first, then prefill.');
    await h.resize(59, 30);
    expect(h.frame()).toMatch(/too small/i);
    expect(h.frame()).toContain('59x30');
    await h.resize(100, 19);
    expect(h.frame()).toContain('100x19');
    await h.elapse(60_000);
    await h.resize(60, 20);
    const back = h.frame();
    expectFits(back, 60, 20, 'the round after the resize');
    expect(back).toContain('Queue delay first, then prefill.');
    expect(back).toContain('question 11:00');
    expect(back).toContain('round 39:00');
  });

  it('on a terminal too narrow for the whole message, it is cut after the size needed, not wrapped', async () => {
    const h = (open = await renderApp({ kind: 'home' }, { columns: 30, rows: 5 }));
    expect(h.frame().split('\n')).toHaveLength(1);
    expect(h.frame()).toMatch(/^Too small: coach needs 60x20/);
    expect(displayWidth(h.frame())).toBeLessThanOrEqual(30);
  });
});
