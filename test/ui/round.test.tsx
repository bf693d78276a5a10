import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from '../helpers.js';
import chalk from 'chalk';
import { eventually, keys, MemoryStore, renderApp, roundScreen, type Harness } from './render.js';
import { ModelInterviewer } from '../../src/adapters/llm/model-interviewer.js';
import type { LanguageModel } from '../../src/ports.js';

let open: Harness | undefined;
afterEach(() => {
  open?.unmount();
  open = undefined;
});

const round = roundScreen;

async function start(ids: readonly string[], options: Parameters<typeof renderApp>[1] = {}, minutes = 40): Promise<Harness> {
  open = await renderApp(round(ids, minutes), options);
  return open;
}

describe('a timed round', () => {
  it('shows the prompt and both clocks, and typing edits a multi-line answer', async () => {
    const h = await start(['q23']);
    const first = h.frame();
    expect(first).toContain('q23');
    expect(first).toMatch(/question 12:00/);
    expect(first).toMatch(/round 40:00/);
    expect(first).toContain('Interviewer:');
    await h.type('Queue wait first');
    await h.press(keys.enter);
    await h.type('then prefill.');
    await h.press(keys.up);
    await h.press(keys.end);
    for (let i = 0; i < 'wait first'.length; i++) await h.press(keys.backspace);
    await h.type('delay');
    const frame = await h.waitFor('Queue delay');
    expect(frame).toMatch(/Queue delay\s*\n\s*then prefill\./);
    expect(frame).toContain('4 words');
  });

  it('submits with Ctrl+D, shows the grade with quoted evidence and the first gap, then the follow-up', async () => {
    const h = await start(['q23']);
    const weak = 'I would restart the slow replicas and add more GPUs.\nThen watch the dashboards.';
    await h.type(weak);
    await h.press(keys.ctrlD);
    const graded = await h.waitFor('Overall', 'the grade');
    expect(graded).toMatch(/constraints\s+[█░]{4} \d\/4/);
    expect(graded).toContain('Met (');
    expect(graded).toContain('Missed (');
    expect(graded).toContain('Enter answer the follow-up');
    // The review scrolls; the first gap and the follow-up are at its end.
    for (let i = 0; i < 120; i++) await h.press(keys.down);
    const end = h.frame();
    expect(end).toContain('First gap');
    expect(end).toMatch(/Interviewer \(presses (constraints|architecture|tradeoffs|metrics|rollback), (clarify|stress|break)[^)]*\)/);
    // The session is saved with the graded answer as soon as it is graded.
    const saved = h.store.only();
    expect(saved.questions[0]?.answers[0]?.text).toBe(weak);
    expect(saved.status).toBe('active');
  });

  it('quotes the answer as evidence for what it met', async () => {
    const h = await start(['q23'], { rows: 60, columns: 120 });
    await h.type(fixture('q23-strong.md'));
    await h.press(keys.ctrlD);
    const graded = await h.waitFor('Met (', 'the grade');
    expect(graded).toMatch(/✓ \[architecture\]/);
    // Evidence is a quote from the answer itself.
    const quotes = [...graded.matchAll(/“([^”]+)”/g)].map((m) => m[1] ?? '');
    expect(quotes.length).toBeGreaterThan(2);
    for (const q of quotes) expect(fixture('q23-strong.md').replace(/\s+/g, ' ')).toContain(q.replace(/…$/, '').replace(/\s+/g, ' ').trim());
  });

  it('a shows a strong answer beside yours, then what it earns that yours missed; a again goes back', async () => {
    const h = await start(['q23'], { columns: 120, rows: 40 });
    const weak = 'I would restart the slow replicas and add more GPUs. Then watch the dashboards.';
    await h.type(weak);
    await h.press(keys.ctrlD);
    const graded = await h.waitFor('Overall', 'the grade');
    expect(graded).toContain('a a strong answer');
    await h.press('a');
    const key = await h.waitFor('What a strong answer sounds like', 'the answer key');
    expect(key).toMatch(/Avoid: /);
    // Side by side at 120 columns: yours on the left, the reference on the right, on the same rows.
    expect(key).toMatch(/Yours\s+│ Reference, 90 seconds/);
    expect(key).toMatch(/I would restart the slow replicas.*│ \S/);
    expect(key).toContain('a your grade');
    for (let i = 0; i < 200; i++) await h.press(keys.down);
    expect(h.frame()).toContain('Where the reference earns what yours missed');
    await h.press('a');
    expect(await h.waitFor('Overall', 'the grade again')).not.toContain('What a strong answer sounds like');
  });

  it('puts the answer key beside yours from 92 columns, and says so when it cannot', async () => {
    const h = await start(['q23'], { columns: 92, rows: 30 });
    await h.type('Add more GPUs.');
    await h.press(keys.ctrlD);
    await h.waitFor('Overall', 'the grade');
    expect(h.frame()).toMatch(/Enter answer the follow-up · a a strong answer/);
    await h.press('a');
    expect(await h.waitFor('Reference, 90 seconds', 'the key')).toMatch(/Yours\s+│ Reference, 90 seconds/);
  });

  it('stacks the answer key under 92 columns', async () => {
    const h = await start(['q23'], { columns: 80, rows: 30 });
    await h.type('Add more GPUs.');
    await h.press(keys.ctrlD);
    await h.waitFor('Overall', 'the grade');
    await h.press('a');
    const key = await h.waitFor('Reference, 90 seconds', 'the stacked key');
    expect(key).not.toContain(' │ ');
    expect(key).toContain('(side by side from 92 columns)');
    expect(key).toMatch(/Yours\s*\n\s*Add more GPUs\./);
  });

  it('grades in the round\'s company mode and says so at the top of the grade', async () => {
    open = await renderApp(round(['q23'], 40, 'amazon'), { columns: 120, rows: 40 });
    await open.type('p95 TTFT is 4 s against a 1 s SLO and about 6% of agent conversations are hit. The routing change is behind a flag, so rolling it back takes under a minute.');
    await open.press(keys.ctrlD);
    const graded = await open.waitFor('Overall', 'the grade');
    expect(graded).toMatch(/Graded in Amazon mode: metrics counts 1\.3x and rollback counts 1\.5x/);
    expect(graded).toMatch(/Says how fast a bad change is undone .*\(Amazon mode\)/);
    await eventually(() => expect(open?.store.only().questions[0]?.answers[0]?.grade.company?.id).toBe('amazon'));
  });

  it('presses the weakest dimension, and company mode changes which one', async () => {
    // An answer with constraints and architecture but no trade-offs or rollback: both score 0,
    // so without a company the first weakest (trade-offs) is pressed, and Amazon's emphasis picks rollback.
    const answer = 'p95 TTFT rose from 900 ms to 4 s while p50 stayed at 350 ms. I split each request into queue wait, prefill and decode with tracing spans per stage.';
    const followUp = async (h: Harness): Promise<{ dimension?: string; text?: string }> => {
      await h.type(answer);
      await h.press(keys.ctrlD);
      await h.waitFor('Overall');
      for (let i = 0; i < 120; i++) await h.press(keys.down);
      const m = /Interviewer \(presses (\w+)[^)]*\): ([^?]+\?)/.exec(h.frame().replace(/\s+/g, ' '));
      return { dimension: m?.[1], text: m?.[2] };
    };
    const plain = await followUp(await start(['q23']));
    open?.unmount();
    open = await renderApp(round(['q23'], 40, 'amazon'));
    const amazon = await followUp(open);
    expect(plain.dimension).toBe('tradeoffs');
    expect(amazon.dimension).toBe('rollback');
    expect(plain.text).toBeDefined();
    expect(amazon.text).toBeDefined();
    expect(amazon.text).not.toBe(plain.text);
  });

  it('answers a follow-up and grades it on the dimension it pressed', async () => {
    const h = await start(['q23']);
    await h.type('I would restart the slow replicas.');
    await h.press(keys.ctrlD);
    await h.waitFor('Overall');
    await h.press(keys.enter);
    const followUp = await h.waitFor(/Interviewer \(follow-up on (\w+)\)/);
    const dimension = /follow-up on (\w+)/.exec(followUp)?.[1];
    await h.type('We page when p95 TTFT exceeds 1.5 s for 10 minutes and roll back anything that shipped that day.');
    await h.press(keys.ctrlD);
    const review = await h.waitFor('Your follow-up answer');
    expect(review).toContain(`on ${dimension}`);
    expect(review).toContain(`With your earlier answers, ${dimension} is now`);
    await eventually(() => expect(h.store.only().questions[0]?.answers.map((a) => a.kind)).toEqual(['initial', 'follow-up']));
    expect(h.store.only().questions[0]?.answers[1]?.dimension).toBe(dimension);
  });

  it('auto-submits the draft when the question clock reaches zero, and the grade says so', async () => {
    const h = await start(['q23']);
    await h.type('Split queue wait from prefill and decode');
    await h.elapse(11 * 60_000);
    expect(h.frame()).toMatch(/question 01:00/);
    await h.elapse(60_000);
    const frame = await h.waitFor('Overall');
    // Said first, above the grade.
    expect(frame).toContain('Time ran out');
    expect(frame).not.toContain('Type your answer');
    expect(h.store.only().questions[0]?.answers[0]).toMatchObject({ autoSubmitted: true, text: 'Split queue wait from prefill and decode' });
  });

  it('autosaves the draft being typed within two seconds', async () => {
    const h = await start(['q23']);
    await h.type('First thought: queue delay.');
    await h.elapse(1000);
    expect(h.store.only().questions[0]?.draft?.text).toBe('First thought: queue delay.');
    await h.type(' Second thought: prefill.');
    await h.elapse(250);
    await h.elapse(1000);
    const draft = h.store.only().questions[0]?.draft;
    expect(draft?.text).toBe('First thought: queue delay. Second thought: prefill.');
    expect(draft?.timeline.map((s) => s.length)).toEqual([27, 52]);
    // Submitted, the answer keeps how it grew: the timing insight in history reads it.
    await h.press(keys.ctrlD);
    await h.waitFor('Overall');
    await eventually(() => expect(h.store.only().questions[0]?.answers[0]?.timeline?.map((s) => s.length)).toEqual([27, 52]));
  });

  it('on an exit signal, writes the snapshot whose save had not finished', async () => {
    const store = new MemoryStore();
    // The disk stalls: no save finishes, so only the exit flush can write.
    store.save = () => new Promise(() => undefined);
    const h = await start(['q23'], { store });
    await h.type('Typed before the terminal closed.');
    await h.elapse(1000);
    expect(store.sessions.size).toBe(0);
    h.services.openSessions.flushSync();
    expect(store.only().questions[0]?.draft?.text).toBe('Typed before the terminal closed.');
  });

  it('asks before leaving, keeps everything, and home offers the unfinished round', async () => {
    const h = await start(['q23', 'q05']);
    await h.type('My half-written answer');
    await h.press(keys.esc);
    expect(h.frame()).toContain('Leave the round?');
    await h.press('n');
    expect(h.frame()).not.toContain('Leave the round?');
    await h.press(keys.ctrlC);
    expect(h.frame()).toContain('Leave the round?');
    await h.press('y');
    const home = await h.waitFor('Unfinished round');
    expect(home).toContain('3-word draft');
    expect(h.store.only().status).toBe('active');
    expect(h.store.only().questions[0]?.draft?.text).toBe('My half-written answer');
    // Resume puts the draft back in the editor.
    await h.press('r');
    const resumed = await h.waitFor('My half-written answer');
    expect(resumed).toContain('q23');
  });

  it('ends with a summary: per question and dimension, the overall, three gaps', async () => {
    const h = await start(['q23'], { rows: 50 }, 40);
    await h.type(fixture('q23-weak.md'));
    await h.press(keys.ctrlD);
    await h.waitFor('Overall');
    // Decline follow-ups by running the question clock down to under the follow-up minimum.
    await h.press(keys.enter);
    await h.waitFor('follow-up on');
    await h.type('No idea.');
    await h.press(keys.ctrlD);
    await h.waitFor('Your follow-up answer');
    await h.press(keys.enter);
    await h.waitFor('follow-up on');
    await h.type('Still no idea.');
    await h.press(keys.ctrlD);
    await h.waitFor('Your follow-up answer');
    // Probes keep coming while the question has time: n is how a candidate finishes.
    expect(h.frame()).toContain('n finish');
    await h.press('n');
    const summary = await h.waitFor('Round complete');
    expect(summary).toMatch(/Overall \d+\/100/);
    expect(summary).toContain('By dimension');
    expect(summary).toContain('The three gaps that matter most');
    expect(summary).toMatch(/1\. q23 · \w+:/);
    expect(summary).toMatch(/3\. q23 · \w+:/);
    expect(h.store.only().status).toBe('completed');
  });

  it('fits 80x24 and redraws to a resized terminal', async () => {
    const h = await start(['q23']);
    const widest = (f: string): number => Math.max(...f.split('\n').map((l) => [...l].length));
    expect(h.frame().split('\n').length).toBeLessThanOrEqual(24);
    expect(widest(h.frame())).toBeLessThanOrEqual(80);
    await h.type('word '.repeat(40));
    // 60x20 is the smallest terminal the round is laid out for; below it a one-line message shows (test/ui/layout.test.tsx).
    await h.resize(60, 20);
    const small = h.frame();
    expect(widest(small)).toBeLessThanOrEqual(60);
    expect(small.split('\n').length).toBeLessThanOrEqual(20);
    expect(small).toContain('word word');
  });

  it('uses no colour under NO_COLOR', async () => {
    // Ink's chalk decides colour from the test runner's stdout, which is not a terminal: force it on.
    const level = chalk.level;
    chalk.level = 1;
    const coloured = await start(['q23']);
    await coloured.type('x');
    expect(coloured.rawFrame()).toMatch(/\u001b\[3\dm/);
    coloured.unmount();
    open = await renderApp(round(['q23']), { color: false });
    await open.type('x');
    expect(open.rawFrame()).not.toMatch(/\u001b\[3\dm/);
    chalk.level = level;
  });

  it('submits the answer typed in the same read as Ctrl+D, all of it', async () => {
    const h = await start(['q23']);
    await h.type(`Queue delay first.${keys.ctrlD}`);
    await h.waitFor('Overall', 'the grade');
    await eventually(() => expect(h.store.only().questions[0]?.answers[0]?.text).toBe('Queue delay first.'));
  });

  it('refuses to submit an empty answer and says why', async () => {
    const h = await start(['q23']);
    await h.press(keys.ctrlD);
    expect(h.frame()).toContain('Nothing to submit yet');
    expect(h.store.only().questions[0]?.answers).toEqual([]);
  });
});

describe('when saving fails', () => {
  class FullDisk extends MemoryStore {
    override async save(): Promise<void> {
      throw new Error('ENOSPC: no space left on device, write');
    }
  }

  it('keeps the header and the leave question on screen, and the question does not claim all is saved', async () => {
    const h = await start(['q23'], { store: new FullDisk(), rows: 24 });
    await h.type('Queue delay first.');
    await h.waitFor('no space left on device');
    await h.press(keys.esc);
    const asking = await h.waitFor('Leave the round?');
    expect(asking.split('\n')[0]).toContain('q23');
    expect(asking).toContain('could not save the session: ENOSPC');
    expect(asking).toContain('Unsaved work is lost.');
    expect(asking).not.toContain('All is saved');
    expect(asking).toContain('leave anyway');
  });
});

describe('an interviewer that listens', () => {
  it('Ctrl+O asks a clarifying question while the clock runs; the reply shows under the prompt and two constraints asked first earn credit', async () => {
    const h = await start(['q01']);
    await h.press(keys.ctrlO);
    expect(h.frame()).toContain('the clock keeps running');
    await h.type('What peak traffic do we need to handle?');
    expect(h.frame()).toContain('Ask: What peak traffic do we need to handle?');
    await h.elapse(3000);
    expect(h.frame()).toMatch(/question 11:57/);
    await h.press(keys.enter);
    const reply = await h.waitFor(/1,200\s+requests a second/);
    expect(reply.replace(/\s+/g, ' ')).toContain('You: What peak traffic do we need to handle? Interviewer: ');
    await h.press(keys.ctrlO);
    await h.type('Which cloud region are the users in?');
    await h.press(keys.enter);
    await h.waitFor('State your assumption');
    await h.press(keys.ctrlO);
    await h.type('What is the p95 latency budget for the first token?');
    await h.press(keys.enter);
    const three = await h.waitFor(/latency budget for the first token\?\s+Interviewer:\s+Product/, 'the third reply');
    // Whole exchanges only, the newest kept; what does not fit is counted, never cut in half.
    expect(three).toContain('earlier question');
    expect(three).not.toMatch(/^\s+roughly 10% a month/m);
    await h.type('I would put vLLM behind a load balancer and add GPUs when it gets slow.');
    await h.press(keys.ctrlD);
    await h.waitFor('Overall');
    const credit = 'you asked “What peak traffic do we need to handle?”';
    for (let i = 0; i < 60 && !h.frame().replace(/\s+/g, ' ').includes(credit); i++) await h.press(keys.down);
    expect(h.frame().replace(/\s+/g, ' ')).toContain(credit);
    expect(h.frame().replace(/\s+/g, ' ')).toContain('Asked for the business constraints before designing');
    const saved = h.store.only().questions[0];
    expect(saved?.clarifications?.map((c) => c.facts.length > 0)).toEqual([true, false, true]);
    expect(saved?.answers[0]?.grade.criteria.find((c) => c.id === 'asked-constraints')?.met).toBe(true);
  });

  it("s moves on from a follow-up (\"I'd rather move on\" is saved), n goes on to the next question, Ctrl+N passes one over with nothing typed", async () => {
    const h = await start(['q23', 'q05']);
    await h.type('I would restart the slow replicas.');
    await h.press(keys.ctrlD);
    await h.waitFor('s move on from it');
    await h.press('s');
    await h.waitFor('You moved on');
    await h.press(keys.enter);
    await h.waitFor(/Interviewer \(follow-up on \w+\)/);
    expect(h.frame()).toContain('Ctrl+N move on');
    await h.type('x');
    await h.press(keys.ctrlN);
    expect(h.frame()).toContain('Submit what you typed, or clear it to move on.');
    await h.press(keys.backspace);
    await h.press(keys.ctrlN);
    await h.waitFor('You moved on');
    await h.press('n');
    await h.waitFor('[2/2] q05');
    const answers = h.store.only().questions[0]?.answers ?? [];
    expect(answers.map((a) => [a.kind, a.skipped ?? false])).toEqual([
      ['initial', false],
      ['follow-up', true],
      ['follow-up', true],
      ['follow-up', true],
    ]);
    expect(answers[1]?.text).toBe("I'd rather move on.");
  });

  it('names the company mode on the round screen', async () => {
    open = await renderApp(round(['q23'], 40, 'startup'));
    expect(open.frame()).toContain('startup-style ·');
  });
});

describe('with a model interviewer', () => {
  const model = (reply: string): LanguageModel => ({
    slots: 6,
    info: { name: 'fake', path: '/dev/null', backend: 'cpu', gpuNames: [], gpuLayers: 0, totalLayers: 0, threads: 1, contextSize: 4096, sizeBytes: 0 },
    complete: async (r) => {
      r.onText?.(reply);
      return reply;
    },
    dispose: async () => undefined,
  });

  it("shows the model's follow-up and records that the model asked it", async () => {
    const interviewer = new ModelInterviewer(model('You said you would restart replicas: what number tells you the restart worked?'), { timeoutMs: 5000, slot: 5 });
    open = await renderApp(round(['q23']), { interviewer });
    await open.type('I would restart the slow replicas.');
    await open.press(keys.ctrlD);
    await open.waitFor('Overall');
    for (let i = 0; i < 120; i++) await open.press(keys.down);
    expect(open.frame().replace(/\s+/g, ' ')).toContain('You said you would restart replicas: what number tells you the restart worked?');
    await open.press(keys.enter);
    await open.type('p95 TTFT back under 1.5 s for an hour.');
    await open.press(keys.ctrlD);
    await open.waitFor('Your follow-up answer');
    const h = open;
    await eventually(() => expect(h.store.only().questions[0]?.answers[1]).toMatchObject({ followUpSource: 'model', prompt: 'You said you would restart replicas: what number tells you the restart worked?' }));
  });

  it('replaces a garbage follow-up with the ladder, says so on screen, and the session records why', async () => {
    const interviewer = new ModelInterviewer(model('ivedtools王nofollowlèsциаль adult etOb et?'), { timeoutMs: 5000, slot: 5 });
    open = await renderApp(round(['q23']), { interviewer });
    await open.type('I would restart the slow replicas.');
    await open.press(keys.ctrlD);
    await open.waitFor('Overall');
    for (let i = 0; i < 120; i++) await open.press(keys.down);
    expect(open.frame()).not.toContain('ivedtools');
    expect(open.frame()).toMatch(/Interviewer \(presses \w+[^)]*\)/);
    expect(open.frame().replace(/\s+/g, ' ')).toMatch(/The model's follow-up was dropped \(it was mostly not words\); this one is (from the question's own ladder|coach's general question on \w+)\./);
    await open.press(keys.enter);
    await open.type('Something.');
    await open.press(keys.ctrlD);
    await open.waitFor('Your follow-up answer');
    const h = open;
    await eventually(() => expect(h.store.only().questions[0]?.answers[1]?.followUpFallback).toBe("the model's follow-up was mostly not words"));
    expect(h.store.only().questions[0]?.answers[1]?.followUpSource).toMatch(/ladder|template/);
  });

  it("drops a follow-up with a figure nobody gave, and one line with the ladder's question says why, in the review and while answering", async () => {
    const interviewer = new ModelInterviewer(model('You said you would restart replicas: what happens when traffic reaches 7300 requests a second?'), { timeoutMs: 5000, slot: 5 });
    open = await renderApp(round(['q23']), { interviewer, columns: 160, rows: 40 });
    await open.type('I would restart the slow replicas.');
    await open.press(keys.ctrlD);
    await open.waitFor('Overall');
    for (let i = 0; i < 120; i++) await open.press(keys.down);
    const line = "The model's follow-up was dropped (it named a figure, 7300, that nobody had given); this one is from the question's own ladder.";
    const review = open.frame();
    expect(review).not.toContain('7300 requests');
    expect(review.split('\n').filter((l) => l.includes('was dropped')).map((l) => l.trim())).toEqual([line]);
    await open.press(keys.enter);
    const answering = (await open.waitFor('Interviewer (follow-up on')).split('\n');
    const at = answering.findIndex((l) => l.includes('was dropped'));
    expect(answering[at]?.trim()).toBe(line);
    const asked = answering.findIndex((l) => l.includes('Interviewer (follow-up on'));
    expect(asked).toBeGreaterThanOrEqual(0);
    expect(asked).toBeLessThan(at);
  });
});

describe('clocks and words', () => {
  it('a 5-minute round on a 12-minute question starts both clocks at 05:00', async () => {
    const h = await start(['q23'], {}, 5);
    const first = h.frame();
    expect(first).toMatch(/question 05:00/);
    expect(first).toMatch(/round 05:00/);
  });

  it('the clocks stop while "Leave the round?" is up, and go on from there when you stay', async () => {
    const h = await start(['q23']);
    await h.elapse(10_000);
    expect(h.frame()).toMatch(/question 11:50/);
    await h.press(keys.esc);
    await h.waitFor('Leave the round?');
    await h.elapse(60_000);
    const asking = h.frame();
    expect(asking).toMatch(/question 11:50/);
    expect(asking).toMatch(/round 39:50 \(paused\)/);
    await h.press('n');
    await h.elapse(5_000);
    const after = h.frame();
    expect(after).toMatch(/question 11:45/);
    expect(after).toMatch(/round 39:45/);
  });

  it('counts one word as "1 word"', async () => {
    const h = await start(['q23']);
    await h.type('Queue');
    const frame = await h.waitFor('1 word');
    expect(frame).not.toContain('1 words');
  });
});

describe('a grade the model checks in the background', () => {
  it('updates the grade on screen in place when the verdicts arrive while it is being read', async () => {
    const { gradeAnswer } = await import('../../src/core/grading/grade.js');
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const grader = {
      kind: 'rubric+model' as const,
      grade: async (p: Parameters<typeof gradeAnswer>[0], a: string) => gradeAnswer(p, a),
      review: async (_p: unknown, _a: string, grade: ReturnType<typeof gradeAnswer>) => {
        await gate;
        const i = grade.criteria.findIndex((c) => c.met);
        return { ...grade, grader: 'rubric+model' as const, agreement: { ruled: grade.criteria.length, agreed: grade.criteria.length - 1 }, criteria: grade.criteria.map((c, j) => (j === i ? { ...c, met: false, disputed: { rubricMet: true, modelEvidence: [] } } : c)) };
      },
    };
    const h = await start(['q23'], { grader, rows: 60, columns: 120 });
    await h.type('We page when p95 TTFT exceeds 1.5 s for 10 minutes and roll back the Tuesday deploy.');
    await h.press(keys.ctrlD);
    const before = await h.waitFor('Enter answer the follow-up', 'the review');
    expect(before).toContain('rubric grader');
    expect(before).toMatch(/Model check: working/);
    release();
    const after = await h.waitFor(/Model check: The model checked/, 'the verdicts');
    expect(after).toMatch(/rubric \+ model grader, agreeing on \d+ of \d+ criteria/);
    expect(after).toContain('Disputed (1)');
  });
});
