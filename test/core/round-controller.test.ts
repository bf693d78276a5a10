import { describe, expect, it } from 'vitest';
import { loadBank, NO_CACHE } from '../../src/adapters/fs-bank.js';
import { gradeAnswer, rubricGrader, type Grader } from '../../src/core/grading/grade.js';
import { editorText } from '../../src/core/practice/editor.js';
import { roundQuestion } from '../../src/core/practice/plan.js';
import { RoundController, type RoundPorts } from '../../src/core/practice/round-controller.js';
import { scriptedInterviewer } from '../../src/core/practice/scripted-interviewer.js';
import { OpenSessions } from '../../src/core/practice/session-saver.js';
import type { RoundStart } from '../../src/core/practice/start.js';
import { AUTOSAVE_MS } from '../../src/core/practice/ticks.js';
import { roundSummary } from '../../src/core/progress/session-record.js';
import type { Session } from '../../src/schemas/session.js';
import { FakeClock, ManualTicker, MemoryStore, seededRandom } from '../fakes.js';

const bank = await loadBank({ cache: NO_CACHE });
const q23 = bank.question('q23');
if (q23 === undefined) throw new Error('bank did not load');

function newRound(ids: readonly string[]): RoundStart {
  return { kind: 'new', questions: ids.map((id) => roundQuestion(bank.question(id)!.question)), minutes: 40 };
}

function running(options: { start?: RoundStart; store?: MemoryStore; grader?: Grader; openSessions?: OpenSessions } = {}) {
  const clock = new FakeClock();
  const ticker = new ManualTicker();
  const store = options.store ?? new MemoryStore();
  const ports: RoundPorts = { bank, grader: options.grader ?? rubricGrader, interviewer: scriptedInterviewer, store, clock, ticker, random: seededRandom(), openSessions: options.openSessions };
  const round = new RoundController(ports, options.start ?? newRound(['q23']));
  round.start();
  const elapse = (ms: number): void => {
    clock.advance(ms);
    ticker.tick();
  };
  return { round, clock, ticker, store, elapse };
}

/** Lets the grader, the interviewer and the save chain run: promise and setImmediate turns only. */
async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function until(round: RoundController, kind: 'answering' | 'grading' | 'reviewing' | 'finished'): Promise<void> {
  for (let i = 0; i < 200 && round.getState().round.phase.kind !== kind; i++) await settle(1);
  expect(round.getState().round.phase.kind).toBe(kind);
}

/** A store whose saves wait until the test lets each one finish, in the order they were asked for. */
class GatedStore extends MemoryStore {
  readonly asked: { readonly session: Session; readonly finish: () => void }[] = [];
  override save(session: Session): Promise<void> {
    return new Promise((resolve) => {
      this.asked.push({ session, finish: () => void super.save(session).then(resolve) });
    });
  }
}

describe('the round controller', () => {
  it('runs a round with no terminal: answer, grade, follow-up, answer, summary, and the saved session follows every step', async () => {
    const { round, store, elapse } = running();
    await settle();
    expect(store.only().status).toBe('active');
    const first = 'I would restart the slow replicas and add more GPUs.';
    round.edit({ type: 'insert', text: first });
    elapse(AUTOSAVE_MS);
    await settle();
    expect(store.only().questions[0]?.draft?.text).toBe(first);

    expect(round.submit()).toBe('submitted');
    await until(round, 'reviewing');
    const reviewed = round.getState();
    const phase = reviewed.round.phase;
    if (phase.kind !== 'reviewing' || phase.next === undefined) throw new Error('expected a follow-up');
    expect(phase.answer.grade).toEqual(gradeAnswer(q23, first));
    expect(reviewed.combined[0]).toEqual(phase.answer.grade);
    await settle();
    expect(store.only().questions[0]?.answers.map((a) => a.text)).toEqual([first]);

    round.next();
    const asked = round.getState().round.phase;
    expect(asked.kind === 'answering' && asked.step).toMatchObject({ kind: 'follow-up', prompt: phase.next.text, dimension: phase.next.dimension });
    expect(editorText(round.getState().round.editor)).toBe('');
    const second = 'We page when p95 TTFT exceeds 1.5 s for 10 minutes and roll back what shipped that day.';
    round.edit({ type: 'insert', text: second });
    round.submit();
    await until(round, 'reviewing');
    // The follow-up answer is graded with the first: what the review and the summary compare against.
    const together = gradeAnswer(q23, `${first}\n\n${second}`);
    expect(round.getState().combined[0]).toEqual(together);
    await settle();
    const saved = store.only().questions[0]?.answers;
    expect(saved?.map((a) => [a.kind, a.dimension])).toEqual([
      ['initial', undefined],
      ['follow-up', phase.next.dimension],
    ]);

    // Probes come while the question has time, not two at most: answer them until the interviewer has none left.
    let probes = 1;
    for (let i = 0; i < 40; i++) {
      const p = round.getState().round.phase;
      if (p.kind !== 'reviewing' || p.next === undefined) break;
      round.next();
      round.edit({ type: 'insert', text: 'Still no idea.' });
      round.submit();
      await until(round, 'reviewing');
      probes += 1;
    }
    expect(probes).toBeGreaterThan(2);
    const last = round.getState().round.phase;
    expect(last.kind === 'reviewing' && last.next).toBe(undefined);
    round.next();
    await until(round, 'finished');
    await settle();
    const done = store.only();
    expect(done.status).toBe('completed');
    expect(done.questions[0]?.finishedAt).toBeDefined();
    const state = round.getState();
    const summary = roundSummary(state.round, () => undefined, (qid) => state.combined[state.round.questions.findIndex((q) => q.id === qid)]);
    expect(summary.questions[0]?.combined).toEqual(gradeAnswer(q23, done.questions[0]!.answers.map((a) => a.text).join('\n\n')));
  });

  it('submits what was typed just before, in the same turn: an edit then a submit is never one edit behind', () => {
    const { round } = running();
    round.edit({ type: 'insert', text: 'abc' });
    expect(round.submit()).toBe('submitted');
    const phase = round.getState().round.phase;
    expect(phase.kind === 'grading' && phase.text).toBe('abc');
  });

  it('refuses an empty answer, and there is nothing to submit outside answering', async () => {
    const { round } = running();
    round.edit({ type: 'insert', text: '   ' });
    expect(round.submit()).toBe('empty');
    round.edit({ type: 'insert', text: 'p95 TTFT' });
    round.submit();
    expect(round.submit()).toBe('not-answering');
    await until(round, 'reviewing');
  });

  it('writes the newest unsaved snapshot synchronously when flushed, and nothing once every save has landed', async () => {
    const store = new GatedStore();
    const openSessions = new OpenSessions();
    const { round } = running({ store, openSessions });
    round.edit({ type: 'insert', text: 'Half an answer' });
    round.leave();
    // The first save is still on its way, so the leave's snapshot is only in memory.
    expect(store.sessions.size).toBe(0);
    openSessions.flushSync();
    expect(store.only().questions[0]?.draft?.text).toBe('Half an answer');
    for (let i = 0; i < 2; i++) {
      store.asked[i]?.finish();
      await settle();
    }
    const written = store.written.length;
    openSessions.flushSync();
    expect(store.written).toHaveLength(written);
    expect(store.only().questions[0]?.draft?.text).toBe('Half an answer');
  });

  it('an exit flush writes what was typed since the last autosave, not only a snapshot already queued', async () => {
    const { round, store } = running();
    await settle();
    const typed = 'p95 went up on Tuesday; I check what shipped that day and which tenant is slow.';
    round.edit({ type: 'insert', text: typed });
    // No tick: nothing was autosaved, and no save is in flight.
    expect(store.only().questions[0]?.draft?.text ?? '').toBe('');
    round.flushSync();
    expect(store.written.at(-1)?.questions[0]?.draft?.text).toBe(typed);
  });

  it('a session another coach holds is never written: the screen says which process has it', async () => {
    const store = new MemoryStore();
    const first = running({ store });
    first.round.edit({ type: 'insert', text: 'Their answer, typed in the other terminal.' });
    first.round.leave();
    await settle();
    first.round.dispose();
    const saved = store.only();
    store.heldBy.set(saved.id, 4242);
    const writes = store.written.length;
    const second = running({ start: { kind: 'resume', session: saved }, store });
    second.round.edit({ type: 'insert', text: ' And mine.' });
    second.elapse(AUTOSAVE_MS);
    second.round.flushSync();
    await settle();
    expect(store.written.length).toBe(writes);
    expect(second.round.getState().saveError).toBe(`session ${saved.id} is open in another coach (pid 4242); nothing in this window is saved`);
  });

  it('holds its session while it runs and gives it back once the last save has landed', async () => {
    const { round, store } = running();
    await settle();
    const id = round.getState().sessionId;
    expect(store.claimed.has(id)).toBe(true);
    round.dispose();
    await settle();
    expect(store.claimed.has(id)).toBe(false);
  });

  it('saves one snapshot at a time, so an older one never lands after a newer one', async () => {
    const store = new GatedStore();
    const { round } = running({ store });
    round.edit({ type: 'insert', text: 'Newer' });
    round.leave();
    await settle();
    // The leave's save waits for the first to finish instead of racing it.
    expect(store.asked).toHaveLength(1);
    store.asked[0]?.finish();
    await settle();
    expect(store.asked).toHaveLength(2);
    store.asked[1]?.finish();
    await settle();
    expect(store.written.map((s) => s.questions[0]?.draft?.text)).toEqual(['', 'Newer']);
    expect(store.only().questions[0]?.draft?.text).toBe('Newer');
  });

  it('falls back to the rubric grade when the grader throws or rejects', async () => {
    const throwing: Grader = {
      kind: 'rubric+model',
      grade: () => {
        throw new Error('the model died');
      },
    };
    const rejecting: Grader = { kind: 'rubric+model', grade: async () => Promise.reject(new Error('timed out')) };
    for (const grader of [throwing, rejecting]) {
      const { round, store } = running({ grader });
      round.edit({ type: 'insert', text: 'Split queue wait from prefill and decode.' });
      round.submit();
      await until(round, 'reviewing');
      const phase = round.getState().round.phase;
      expect(phase.kind === 'reviewing' && phase.answer.grade).toEqual(gradeAnswer(q23, 'Split queue wait from prefill and decode.'));
      await settle();
      expect(store.only().questions[0]?.answers[0]?.grade.grader).toBe('rubric');
    }
  });

  it('shows a failed save as state and carries on; the next save that works clears it', async () => {
    const store = new MemoryStore();
    let failing = true;
    const save = store.save.bind(store);
    store.save = async (session) => (failing ? Promise.reject(new Error('disk full')) : save(session));
    const { round } = running({ store });
    await settle();
    expect(round.getState().saveError).toBe('could not save the session: disk full');
    failing = false;
    round.edit({ type: 'insert', text: 'still here' });
    round.leave();
    await settle();
    expect(round.getState().saveError).toBeUndefined();
    expect(store.only().questions[0]?.draft?.text).toBe('still here');
  });

  it('resumes a left round with the draft back in the editor, and a finished follow-up graded with the answers before it', async () => {
    const { round, store } = running({ start: newRound(['q23', 'q05']) });
    round.edit({ type: 'insert', text: 'I would restart the slow replicas.' });
    round.submit();
    await until(round, 'reviewing');
    round.next();
    round.edit({ type: 'insert', text: 'Roll back when p95 TTFT is over 2 s for 5 minutes.' });
    round.leave();
    round.dispose();
    await settle();
    const resumed = running({ start: { kind: 'resume', session: store.only() }, store });
    const state = resumed.round.getState();
    expect(state.sessionId).toBe(store.only().id);
    expect(editorText(state.round.editor)).toBe('Roll back when p95 TTFT is over 2 s for 5 minutes.');
    resumed.round.submit();
    await until(resumed.round, 'reviewing');
    expect(resumed.round.getState().combined[0]).toEqual(gradeAnswer(q23, 'I would restart the slow replicas.\n\nRoll back when p95 TTFT is over 2 s for 5 minutes.'));
  });

  it('stops its clock and abandons a grade in progress when disposed', async () => {
    let signal: AbortSignal | undefined;
    const slow: Grader = { kind: 'rubric+model', grade: (_p, _a, s) => ((signal = s), new Promise(() => undefined)) };
    const { round, store, elapse } = running({ grader: slow });
    round.edit({ type: 'insert', text: 'An answer' });
    round.submit();
    await settle();
    round.dispose();
    expect(signal?.aborted).toBe(true);
    const saves = store.written.length;
    const now = round.getState().now;
    elapse(60_000);
    await settle();
    expect(round.getState().now).toBe(now);
    expect(store.written).toHaveLength(saves);
  });
});

describe('a grader that checks in the background', () => {
  /** A model grader stand-in: the rubric grade at once, the check held until the test releases it with one disputed criterion. */
  function checking(): { grader: Grader; release: () => void; asked: number } {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const state = { asked: 0 };
    const grader: Grader = {
      kind: 'rubric+model',
      grade: async (p, answer) => gradeAnswer(p, answer),
      review: async (_p, _answer, grade) => {
        state.asked += 1;
        await gate;
        const i = grade.criteria.findIndex((c) => c.met);
        const criteria = grade.criteria.map((c, j) => (j === i ? { ...c, met: false, disputed: { rubricMet: true, modelEvidence: [] } } : c));
        return { ...grade, grader: 'rubric+model', criteria, agreement: { ruled: criteria.length, agreed: criteria.length - 1 } };
      },
    };
    return {
      grader,
      release: () => release(),
      get asked() {
        return state.asked;
      },
    };
  }

  it('shows the rubric grade at once, goes on while the model works, and stores and saves its verdicts when they arrive', async () => {
    const model = checking();
    const { round, store, elapse } = running({ grader: model.grader, start: newRound(['q23', 'q07']) });
    await settle();
    round.edit({ type: 'insert', text: 'We page when p95 TTFT exceeds 1.5 s for 10 minutes and roll back the Tuesday deploy.' });
    round.submit();
    await until(round, 'reviewing');
    expect(model.asked).toBe(1);
    const shown = round.getState();
    expect(shown.round.phase.kind === 'reviewing' && shown.round.phase.answer.grade.grader).toBe('rubric');
    expect(shown.checks).toMatchObject([{ state: 'working', question: 0, answer: 0 }]);
    elapse(5000);
    // The model is still working: the candidate moves on.
    round.next();
    await until(round, 'answering');
    model.release();
    for (let i = 0; i < 100 && round.getState().checks[0]?.state !== 'done'; i++) await settle(1);
    await round.settled();
    const after = round.getState();
    expect(after.checks[0]).toMatchObject({ state: 'done', summary: expect.stringMatching(/agrees on \d+; 1 disputed/) });
    const stored = after.round.answers[0]?.[0]?.grade;
    expect(stored?.grader).toBe('rubric+model');
    expect(stored?.criteria.filter((c) => c.disputed !== undefined)).toHaveLength(1);
    const saved = store.only();
    expect(saved.questions[0]?.answers[0]?.grade.grader).toBe('rubric+model');
    expect(saved.grader).toBe('rubric+model');
    round.dispose();
  });

  it('stores the verdicts with the answer when they arrive before the follow-up is written', async () => {
    const model = checking();
    model.release();
    let write = (): void => undefined;
    const writing = new Promise<void>((resolve) => {
      write = resolve;
    });
    const slowInterviewer = { ...scriptedInterviewer, followUp: async (...args: Parameters<typeof scriptedInterviewer.followUp>) => ((await writing), scriptedInterviewer.followUp(...args)) };
    const clock = new FakeClock();
    const store = new MemoryStore();
    const round = new RoundController({ bank, grader: model.grader, interviewer: slowInterviewer, store, clock, ticker: new ManualTicker(), random: seededRandom() }, newRound(['q23']));
    round.start();
    round.edit({ type: 'insert', text: 'We page when p95 TTFT exceeds 1.5 s for 10 minutes and roll back the Tuesday deploy.' });
    round.submit();
    for (let i = 0; i < 100 && round.getState().checks[0]?.state !== 'done'; i++) await settle(1);
    expect(round.getState().round.phase.kind).toBe('grading');
    expect(round.getState().pending?.grade.grader).toBe('rubric+model');
    write();
    await until(round, 'reviewing');
    const phase = round.getState().round.phase;
    expect(phase.kind === 'reviewing' && phase.answer.grade.grader).toBe('rubric+model');
    expect(round.getState().round.answers[0]?.[0]?.grade.grader).toBe('rubric+model');
    await round.settled();
    expect(store.only().questions[0]?.answers[0]?.grade.grader).toBe('rubric+model');
    round.dispose();
  });
});
