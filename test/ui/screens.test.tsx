import { afterEach, describe, expect, it } from 'vitest';
import { staticEngine } from '../../src/ui/services.js';
import { gradedRound, fixture, prepared } from '../helpers.js';
import { parseFlawItemId, switches } from '../../src/core/practice/flaws.js';
import { drillScreen, eventually, keys, MemorySettings, MemoryStore, renderApp, type Harness } from './render.js';

let open: Harness | undefined;
afterEach(() => {
  open?.unmount();
  open = undefined;
});

const drill = drillScreen;

describe('rapid-fire drill', () => {
  it('grades each one-line answer at once, with accuracy and streak', async () => {
    const h = (open = await renderApp(drill(['rf-canary-ramp', 'rf-shadow-vs-canary'])));
    expect(h.frame()).toContain('Give a canary ramp');
    expect(h.frame()).toContain('01:00');
    await h.type('Canary at 1%, then 5%, 25%, 50%, 100%, baking 1 hour per stage across a peak, promoting only if p95 TTFT stays within 10% of the baseline, with auto rollback at any stage.');
    await h.press(keys.enter);
    const right = await h.waitFor('Named');
    expect(right).toMatch(/✓ Named \d \(3 needed\)/);
    // Naming more than needed reads as such, never "4 of the 3 needed".
    expect(right).not.toMatch(/Named \d of the \d needed/);
    expect(right).toContain('accuracy 1/1 · streak 1');
    // Why these are the answer, from the bank.
    expect(right).toContain('Why');
    await h.press(keys.enter);
    await h.type('Shadow and canary are the same thing really.');
    await h.press(keys.enter);
    const wrong = await h.waitFor('accuracy 1/2');
    expect(wrong).toContain('✗ Named');
    expect(wrong).toContain('streak 0');
    expect(wrong).toContain('Missed');
    await h.press(keys.enter);
    const summary = await h.waitFor('Drill complete');
    expect(summary).toContain('Accuracy 50%');
    expect(summary).toContain('best streak 1');
    await eventually(() => expect(h.store.only()).toMatchObject({ mode: 'drill', status: 'completed' }));
    expect(h.store.only().drill.map((d) => d.correct)).toEqual([true, false]);
  });

  it('submits what was typed when the prompt clock runs out', async () => {
    const h = (open = await renderApp(drill(['rf-canary-ramp'], 30)));
    expect(h.frame()).toContain('00:30');
    await h.type('1% then 5%');
    await h.elapse(30_000);
    const frame = await h.waitFor('Named');
    expect(frame).toContain('(time ran out)');
    expect(frame).toContain('You: 1% then 5%');
  });
});

describe('history', () => {
  async function withSessions(): Promise<MemoryStore> {
    const store = new MemoryStore();
    const q23 = await prepared('q23');
    const q05 = await prepared('q05');
    store.saveSync(gradedRound('20261120-090000-aaaa', '2026-11-20T09:00:00.000Z', [{ q: q23, text: fixture('q23-weak.md') }]));
    store.saveSync(gradedRound('20261121-090000-bbbb', '2026-11-21T09:00:00.000Z', [{ q: q23, text: fixture('q23-strong.md') }, { q: q05, text: fixture('q05-weak.md') }]));
    return store;
  }

  it('lists sessions with their scores, trends and weakest areas', async () => {
    const h = (open = await renderApp({ kind: 'history' }, { store: await withSessions() }));
    const frame = await h.waitFor('2 sessions');
    expect(frame).toMatch(/❯ 20261121-090000-bbbb\s+2026-11-21 09:00\s+round\s+2 questions/);
    expect(frame).toMatch(/20261120-090000-aaaa\s+2026-11-20 09:00\s+round\s+1 question\s/);
    expect(frame).toContain('Trend over the last 2 graded rounds');
    expect(frame).toMatch(/rollback\s+[▁▂▃▄▅▆▇█]{2}/);
    expect(frame).toContain('Weakest:');
    expect(frame).toMatch(/Consistency: overall \d+ ± \d+ over 2 rounds \(CV \d\.\d\d/);
  });

  it('opens a session: each answer with its evidence highlighted, its grade and its first gap', async () => {
    const h = (open = await renderApp({ kind: 'history' }, { store: await withSessions(), rows: 200, columns: 100 }));
    await h.waitFor('2 sessions');
    await h.press(keys.down);
    await h.press(keys.enter);
    const detail = await h.waitFor('Session 20261120-090000-aaaa');
    expect(detail).toContain('q23 · ');
    expect(detail).toMatch(/Answer {2}240 s, 40% of the budget/);
    expect(detail).toContain('First gap');
    expect(detail).toContain('Missed (');
    await h.press(keys.esc);
    await h.waitFor('2 sessions');
  });

  it('highlights the quoted evidence inside the answer text', async () => {
    const { default: chalk } = await import('chalk');
    const level = chalk.level;
    chalk.level = 1;
    try {
      const h = (open = await renderApp({ kind: 'history' }, { store: await withSessions(), rows: 300, columns: 120 }));
      await h.waitFor('2 sessions');
      await h.press(keys.enter);
      await h.waitFor('Session 20261121-090000-bbbb');
      // Underlined (the evidence mark) text appears inside the answer body, not only in the criteria list.
      const underlined = [...h.rawFrame().matchAll(/\u001b\[4m(?:\u001b\[[0-9;]*m)*([^\u001b]+)/g)].map((m) => m[1] ?? '');
      expect(underlined.length).toBeGreaterThan(3);
      expect(underlined.some((u) => fixture('q23-strong.md').includes(u.trim()) && u.trim().length > 10)).toBe(true);
    } finally {
      chalk.level = level;
    }
  });

  it('shows an answer, a title and a prompt from a session file without their escape sequences', async () => {
    const evil = '\u001b]0;PWNED\u0007\u001b[2J\u009b31m';
    const session = gradedRound('20261121-090000-bbbb', '2026-11-21T09:00:00.000Z', [
      { q: await prepared('q23'), text: fixture('q23-strong.md').replace('p95 TTFT went from', `p95 TTFT${evil} went from`), followUp: `We roll back${evil} when p95 TTFT stays above 1 s.` },
    ]);
    const question = session.questions[0];
    const followUp = question?.answers[1];
    if (question === undefined || followUp === undefined) throw new Error('fixture has no follow-up');
    question.title = `High p95${evil}`;
    followUp.prompt = `And then${evil}?`;
    const store = new MemoryStore();
    store.saveSync(session);
    const h = (open = await renderApp({ kind: 'history' }, { store, rows: 300, columns: 120 }));
    await h.waitFor('1 session');
    await h.press(keys.enter);
    const detail = await h.waitFor('Session 20261121-090000-bbbb');
    expect(detail).toContain('q23 · High p95\n');
    expect(detail).toContain('p95 TTFT went from about 900 ms');
    expect(detail).toContain('Follow-up on rollback: And then?');
    // Ink's own colour codes (ESC [ … m) are all that may reach the terminal.
    expect(h.rawFrame().replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('reports unreadable files instead of failing', async () => {
    const store = await withSessions();
    store.problems = [{ file: 'broken.json', message: 'not valid JSON' }];
    const h = (open = await renderApp({ kind: 'history' }, { store }));
    const frame = await h.waitFor('2 sessions');
    expect(frame).toContain('Skipped 1 unreadable file: broken.json: not valid JSON');
  });
});

describe('home', () => {
  it('shows the grader and interviewer, and opens each screen by key', async () => {
    const h = (open = await renderApp({ kind: 'home' }));
    const frame = await h.waitFor('0 sessions');
    expect(frame).toContain('Grader rubric · interviewer scripted');
    expect(frame).toContain('3 questions, 40 minutes');
    await h.press('h');
    await h.waitFor('History');
    await h.press(keys.esc);
    await h.waitFor('Timed round');
    await h.press('t');
    const round = await h.waitFor('Interviewer:');
    expect(round).toMatch(/^\[1\/3\] q\d\d /);
  });

  it('offers an unfinished session, and closing it keeps its answers in history', async () => {
    const store = new MemoryStore();
    const session = gradedRound('20261122-080000-cccc', '2026-11-22T08:00:00.000Z', [{ q: await prepared('q23'), text: 'Restart the replicas.' }]);
    store.saveSync({ ...session, status: 'active' });
    const h = (open = await renderApp({ kind: 'home' }, { store }));
    const frame = await h.waitFor('Unfinished round');
    expect(frame).toContain('q23, 1 answer graded');
    await h.press('x');
    await h.waitFor('Closed session 20261122-080000-cccc');
    expect(h.frame()).not.toContain('Unfinished round');
    await eventually(() => expect(store.only().status).toBe('closed'));
    expect(store.only().questions[0]?.answers).toHaveLength(1);
  });

  it('starting a new round closes the unfinished one instead of leaving it active behind the new one, and home says it will', async () => {
    const store = new MemoryStore();
    const session = gradedRound('20261122-080000-cccc', '2026-11-22T08:00:00.000Z', [{ q: await prepared('q23'), text: 'Restart the replicas.' }]);
    store.saveSync({ ...session, status: 'active' });
    const h = (open = await renderApp({ kind: 'home' }, { store }));
    expect(await h.waitFor('Unfinished round')).toMatch(/a new\s+round\s+closes\s+it\s+too/);
    await h.press('t');
    await h.waitFor('Interviewer:');
    await eventually(() => expect(store.sessions.get(session.id)?.status).toBe('closed'));
    expect(store.sessions.get(session.id)?.questions[0]?.answers).toHaveLength(1);
    const fresh = [...store.sessions.values()].find((x) => x.id !== session.id);
    expect(fresh?.status).toBe('active');
  });

  it('names a bad settings value and carries on with the default', async () => {
    const settings = new MemorySettings(undefined, ['/memory/config.json: minutes: Too small: expected number to be >=5; using the default']);
    const h = (open = await renderApp({ kind: 'home' }, { settings }));
    expect(await h.waitFor('Settings:')).toContain('minutes: Too small');
  });
});

describe('settings', () => {
  it('changes round length, company and drill seconds, and saves each change', async () => {
    const settings = new MemorySettings();
    const h = (open = await renderApp({ kind: 'settings' }, { settings }));
    expect(h.frame()).toContain('‹ 40 ›');
    await h.press(keys.right);
    await h.waitFor('‹ 45 ›');
    await h.press(keys.down);
    await h.press(keys.down);
    await h.press(keys.right);
    await h.waitFor('‹ amazon ›');
    await eventually(() => expect(settings.settings).toMatchObject({ minutes: 45, company: 'amazon' }));
    await h.press(keys.left);
    await eventually(() => expect(settings.settings.company).toBeUndefined());
  });

  it('shows the sessions directory in force and where it comes from, and says when a variable still wins', async () => {
    const settings = new MemorySettings();
    const h = (open = await renderApp({ kind: 'settings' }, { settings, columns: 120, sessionsDir: { dir: '/tmp/coach-env-sessions', from: 'environment' } }));
    expect(h.frame()).toMatch(/in use now\s+\/tmp\/coach-env-sessions \(from \$COACH_SESSIONS_DIR, which wins over this setting\)/);
    // Enter on a number row changes nothing, and says which keys do.
    await h.press(keys.enter);
    expect(await h.waitFor('change this; Enter is for the sessions directory and the model')).toContain('‹ 40 ›');
    expect(settings.settings.minutes).toBe(40);
    for (let i = 0; i < 6; i++) await h.press(keys.down);
    await h.press(keys.enter);
    await h.type('/tmp/mine');
    await h.press(keys.enter);
    await h.waitFor('Saved; $COACH_SESSIONS_DIR still decides while it is given.');
    await eventually(() => expect(settings.settings.sessionsDir).toBe('/tmp/mine'));
  });

  it('says the default is in use when nothing chose a directory', async () => {
    const h = (open = await renderApp({ kind: 'settings' }, { columns: 120, sessionsDir: { dir: '/work/coach/sessions', from: 'default' } }));
    expect(h.frame()).toMatch(/in use now\s+\/work\/coach\/sessions \(the default\)/);
  });

  describe('the model row', () => {
    const saved = (modelPath?: string): MemorySettings => new MemorySettings({ minutes: 40, questions: 3, drillCount: 10, ...(modelPath === undefined ? {} : { modelPath }) });
    const toModelRow = async (h: Harness): Promise<string> => {
      for (let i = 0; i < 7; i++) await h.press(keys.down);
      return h.waitFor(/❯ Model/);
    };

    it('says before Enter that Enter stops using the saved model; Enter clears it and lets the running model go at once', async () => {
      const settings = saved('/models/a.gguf');
      let stops = 0;
      const engine = { ...staticEngine({ state: 'ready', info: { name: 'a', path: '/models/a.gguf', backend: 'cpu', gpuNames: [], gpuLayers: 0, totalLayers: 2, threads: 2, contextSize: 4096, sizeBytes: 1 } }), stop: async () => void (stops += 1) };
      const h = (open = await renderApp({ kind: 'settings' }, { settings, engine, model: { path: '/models/a.gguf', from: 'setting' } }));
      const before = await toModelRow(h);
      expect(before).toMatch(/❯ Model\s+\/models\/a\.gguf\n\s+Enter stops using it now\n/);
      expect(before).toContain('Enter stop using it');
      await h.press(keys.enter);
      const after = await h.waitFor('Saved; the model is no longer used');
      await eventually(() => expect(settings.settings.modelPath).toBeUndefined());
      expect(stops).toBe(1);
      expect(after).toMatch(/❯ Model\s+none \(rubric grader, scripted interviewer\)/);
      expect(after).not.toContain('in use now  /models/a.gguf');
    });

    it('clears the saved model and says in one line that $COACH_MODEL still names one', async () => {
      const settings = saved('/models/a.gguf');
      const h = (open = await renderApp({ kind: 'settings' }, { settings, columns: 120, model: { path: '/models/b.gguf', from: 'environment' } }));
      const before = await toModelRow(h);
      expect(before).toContain('Enter clears it; $COACH_MODEL still decides');
      expect(before).toMatch(/in use now\s+\/models\/b\.gguf \(from \$COACH_MODEL\)/);
      await h.press(keys.enter);
      const after = await h.waitFor('The saved model is cleared');
      await eventually(() => expect(settings.settings.modelPath).toBeUndefined());
      expect(after.split('\n').filter((l) => l.includes('$COACH_MODEL still names'))).toEqual([' The saved model is cleared, but $COACH_MODEL still names one (the row above): unset it to stop using a model.']);
      expect(after).toMatch(/❯ Model\s+none saved\n\s+unset \$COACH_MODEL to stop using it/);
    });

    it('with no model, says how to add one from the shell and changes nothing', async () => {
      const settings = saved();
      const h = (open = await renderApp({ kind: 'settings' }, { settings }));
      const before = await toModelRow(h);
      expect(before).toMatch(/❯ Model\s+none \(rubric grader, scripted interviewer\)\n\s+run coach model use FILE\.gguf or coach model pull/);
      await h.press(keys.enter);
      await h.waitFor('Add a model from the shell: coach model use FILE.gguf, or coach model pull.');
      await h.press(keys.right);
      expect(settings.settings).toEqual(saved().settings);
    });
  });
});

describe('the home screen and the model', () => {
  it('says where the model runs once it is ready, and why it is not used when it failed', async () => {
    const info = { name: 'Qwen2.5 3B Instruct', path: '/m.gguf', backend: 'cuda' as const, gpuNames: ['NVIDIA H100'], gpuLayers: 37, totalLayers: 37, threads: 2, contextSize: 4096, sizeBytes: 2 * 1024 ** 3 };
    const ready = (open = await renderApp({ kind: 'home' }, { engine: staticEngine({ state: 'ready', info }) }));
    const frame = await ready.waitFor('Grader rubric + model');
    expect(frame).toContain('Qwen2.5 3B Instruct (2.0 GB) on CUDA (NVIDIA H100), 37/37 layers on the GPU');
    ready.unmount();
    const failed = (open = await renderApp({ kind: 'home' }, { engine: staticEngine({ state: 'failed', path: '/m.gguf', reason: '/m.gguf is truncated' }) }));
    expect(await failed.waitFor('Model not used')).toContain('/m.gguf is truncated');
    expect(failed.frame()).toContain('Grader rubric · interviewer scripted');
  });
});

describe('a drill with a model', () => {
  it('checks the answers again at the end and shows what the model credited', async () => {
    const credit: import('../../src/ports.js').DrillChecker = {
      kind: 'list+model',
      checkMany: async (entries) =>
        entries.map(({ grade }) => {
          const [first, ...rest] = grade.missed;
          if (first === undefined) return grade;
          const named = [...grade.named, { ...first, evidence: [{ start: 0, end: 5, text: 'Shado' }], byModel: true }];
          return { ...grade, named, missed: rest, correct: named.length >= grade.atLeast };
        }),
    };
    const h = (open = await renderApp(drill(['rf-shadow-vs-canary']), { drillChecker: credit }));
    await h.type('Shadow and canary are the same thing really.');
    await h.press(keys.enter);
    await h.waitFor('Named');
    await h.press(keys.enter);
    const summary = await h.waitFor('The model credited 1 more item');
    expect(summary).toContain('Drill complete');
    await eventually(() => expect(h.store.only().drill[0]?.named.length).toBeGreaterThan(0));
  });
});

describe('what is due', () => {
  it('appearing after the menu is drawn does not move the selection', async () => {
    const store = new MemoryStore();
    store.saveSync(gradedRound('20261120-090000-dddd', '2026-11-20T09:00:00.000Z', [{ q: await prepared('q17'), text: fixture('q17-weak.md') }]));
    const h = (open = await renderApp({ kind: 'home' }, { store }));
    await h.waitFor('1 session');
    await h.press(keys.down);
    expect(h.frame()).toMatch(/❯ 45-min scenario/);
    await h.press(keys.down);
    expect(h.frame()).toMatch(/❯ Rapid-fire drill/);
    await h.elapse(100);
    await h.waitFor('What is due');
    expect(h.frame()).toMatch(/❯ Rapid-fire drill/);
    await h.press(keys.enter);
    await h.waitFor('Rapid-fire drill · prompt 1 of');
  });

  it('shows on the home screen, and n starts a round that asks it first', async () => {
    const store = new MemoryStore();
    store.saveSync(gradedRound('20261120-090000-dddd', '2026-11-20T09:00:00.000Z', [{ q: await prepared('q17'), text: fixture('q17-weak.md') }]));
    const h = (open = await renderApp({ kind: 'home' }, { store }));
    await h.waitFor('1 session');
    // The due list is worked out a tick after the screen is drawn.
    expect(h.frame()).not.toContain('What is due');
    await h.elapse(100);
    const home = await h.waitFor('What is due');
    expect(home).toMatch(/What is due\s+n\s+q17 \w+\+\w+/);
    await h.press('n');
    const round = await h.waitFor('Interviewer:');
    expect(round).toMatch(/^\[1\/3\] q17 /);
  });
});

describe('attempt diff in history', () => {
  it('d in a session compares its answer with the attempt before it, and says when there is none', async () => {
    const store = new MemoryStore();
    const q23 = await prepared('q23');
    store.saveSync(gradedRound('20261120-090000-aaaa', '2026-11-20T09:00:00.000Z', [{ q: q23, text: fixture('q23-weak.md') }]));
    store.saveSync(gradedRound('20261121-090000-bbbb', '2026-11-21T09:00:00.000Z', [{ q: q23, text: fixture('q23-strong.md') }]));
    const h = (open = await renderApp({ kind: 'history' }, { store, rows: 60, columns: 100 }));
    await h.waitFor('2 sessions');
    await h.press(keys.enter);
    await h.waitFor('Session 20261121-090000-bbbb');
    await h.press('d');
    const diff = await h.waitFor('Attempt diff');
    expect(diff).toMatch(/Overall \d+ -> \d+ \(\+\d+\)/);
    expect(diff).toMatch(/Now stated \(\d+\)/);
    await h.press(keys.esc);
    await h.waitFor('Session 20261121-090000-bbbb');
    await h.press(keys.esc);
    await h.waitFor('2 sessions');
    await h.press(keys.down);
    await h.press(keys.enter);
    await h.waitFor('Session 20261120-090000-aaaa');
    await h.press('d');
    expect(await h.waitFor('nothing earlier to compare with')).toContain('first attempt at q23');
  });
});

describe('spot the flaw', () => {
  it('f on home starts it: the long answer scrolls, and naming the planted flaws is graded with the interviewer\'s version', async () => {
    const h = (open = await renderApp({ kind: 'home' }));
    await h.waitFor('Spot the flaw');
    await h.press('f');
    const first = await h.waitFor('Spot-the-flaw drill · prompt 1 of 4');
    expect(first).toContain('what is wrong with this answer');
    // At 24 rows the question and the answer do not fit: they scroll above the editor.
    expect(first).toMatch(/lines 1-\d+ of \d+ · PgUp\/PgDn/);
    await h.press(keys.pageDown);
    expect(h.frame()).not.toMatch(/lines 1-\d+ of/);
    await h.press(keys.pageUp);
    expect(h.frame()).toMatch(/lines 1-\d+ of/);
    // The critique an interviewer would give for the flaws planted in this answer.
    const planned = h.store.only().settings.plan?.[0] ?? '';
    const parsed = parseFlawItemId(planned);
    const set = h.services.bank.spotTheFlaw().find((e) => e.set.question === parsed?.questionId);
    const critique = switches(set?.set ?? { question: 'q00', concepts: [], parts: [] })
      .filter((p) => parsed?.flags.includes(p.flag) === true)
      .map((p) => p.critique)
      .join(' ');
    await h.type(critique.replace(/\s+/g, ' '));
    await h.press(keys.enter);
    const review = await h.waitFor(/Named \d of the \d flaws? planted/);
    expect(review).toMatch(/✓ Named (\d) of the \1 flaws? planted/);
    await h.resize(100, 60);
    expect(await h.waitFor('How an interviewer would put it')).toContain('accuracy 1/1');
    await eventually(() => expect(h.store.only()).toMatchObject({ mode: 'drill', settings: { variant: 'spot-the-flaw' } }));
    expect(h.store.only().drill[0]).toMatchObject({ correct: true, title: expect.stringMatching(/^Spot the flaw: q\d\d /) });
  });
});

describe('a leech', () => {
  it('is offered on home as a focused drill on its dimension, which l starts', async () => {
    const store = new MemoryStore();
    const q07 = await prepared('q07');
    // Learned, then forgotten a month later, again and again: every lapse is one more.
    let day = Date.parse('2025-01-06T09:00:00.000Z');
    for (let i = 0; i < 8; i++) {
      for (const kind of ['strong', 'weak']) {
        const at = new Date(day);
        const id = `${at.toISOString().slice(0, 10).replace(/-/g, '')}-090000-${kind === 'strong' ? 'aaaa' : 'bbbb'}`;
        store.saveSync(gradedRound(id, at.toISOString(), [{ q: q07, text: fixture(`q07-${kind}.md`) }]));
        day += (kind === 'strong' ? 30 : 1) * 86_400_000;
      }
    }
    const h = (open = await renderApp({ kind: 'home' }, { store }));
    await h.waitFor('16 sessions');
    await h.elapse(100);
    const home = await h.waitFor('Focused drill');
    expect(home).toMatch(/Focused drill\s+l\s+q07 (\w+): lapsed [89] times \(a leech\)/);
    const dimension = /q07 (\w+): lapsed/.exec(home)?.[1] ?? '';
    await h.press('l');
    const drill = await h.waitFor('Focused drill · prompt 1 of 5');
    expect(drill).toContain('part of your answer');
    await eventually(() => expect(h.store.sessions.size).toBe(17));
    const session = [...h.store.sessions.values()].find((s) => s.mode === 'drill');
    expect(session?.settings).toMatchObject({ variant: 'focus', plan: [`focus:q07:${dimension}`, expect.any(String), expect.any(String), expect.any(String), `focus:q07:${dimension}`] });
  });
});

describe('export from history', () => {
  it('e in a session writes its Markdown report and says where', async () => {
    const store = new MemoryStore();
    store.saveSync(gradedRound('20261121-090000-bbbb', '2026-11-21T09:00:00.000Z', [{ q: await prepared('q23'), text: fixture('q23-strong.md') }]));
    const h = (open = await renderApp({ kind: 'history' }, { store, columns: 100, rows: 40 }));
    await h.waitFor('1 session');
    await h.press(keys.enter);
    await h.waitFor('e export Markdown');
    await h.press('e');
    const frame = await h.waitFor('Wrote /memory/sessions/exports/20261121-090000-bbbb.md');
    expect(frame).toContain('evidence in bold');
    const md = h.reports.written.get('/memory/sessions/exports/20261121-090000-bbbb.md') ?? '';
    expect(md).toMatch(/^# Mock interview round/);
    expect(md).toContain('## q23 · ');
    expect(md).toMatch(/\*\*[^*]+\*\*/);
  });
});

describe('grader self-test from settings', () => {
  it('g grades the golden set and both blind halves with the active grader and shows their agreement', async () => {
    const h = (open = await renderApp({ kind: 'settings' }, { columns: 140, rows: 40 }));
    await h.waitFor('Grader self-test');
    await h.press('g');
    const report = await h.waitFor('blind, test half', undefined, 30_000);
    expect(report).toMatch(/Grader self-test: rubric grader, 1 grade per answer/);
    const block = (name: string): RegExpExecArray | null => new RegExp(`${name}, (\\d+) answers[^\\n]*\\n\\s+Spearman ([\\d.-]+) · pairwise (\\d+)%`).exec(report);
    const golden = block('golden set');
    expect(Number(golden?.[1])).toBeGreaterThanOrEqual(40);
    expect(Number(golden?.[2])).toBeGreaterThan(0.75);
    expect(Number(golden?.[3])).toBeGreaterThanOrEqual(90);
    expect(Number(block('blind, test half')?.[1])).toBeGreaterThanOrEqual(80);
    expect(report).toMatch(/Golden band agreement: \d+%/);
    await h.press(keys.esc);
    await h.waitFor('Round length');
  });
});

describe('a drill paused by the leave question', () => {
  it('stops the prompt clock while "Leave?" is up and goes on when you stay', async () => {
    const h = (open = await renderApp(drill(['rf-canary-ramp'], 30)));
    await h.elapse(5_000);
    expect(h.frame()).toContain('00:25');
    await h.press(keys.esc);
    await h.waitFor('Leave');
    await h.elapse(60_000);
    expect(h.frame()).toContain('00:25');
    expect(h.frame()).not.toContain('Named');
    await h.press('n');
    await h.elapse(5_000);
    expect(h.frame()).toContain('00:20');
  });
});
