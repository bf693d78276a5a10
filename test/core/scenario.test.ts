/**
 * An interviewer that listens, driven with fake ports: clarifying questions answered from the
 * fact sheet while the clock runs, constraints credit for asking first, probes as long as the
 * budget allows, moving on, and the 45-minute scenario from the first question to the timeline.
 */
import { describe, expect, it } from 'vitest';
import { loadBank, NO_CACHE } from '../../src/adapters/fs-bank.js';
import { ModelInterviewer } from '../../src/adapters/llm/model-interviewer.js';
import { gradeAnswer, rubricGrader } from '../../src/core/grading/grade.js';
import { ASKED_CONSTRAINTS_CRITERION, creditClarifications, UNKNOWN_FACT } from '../../src/core/practice/clarify.js';
import { editorText } from '../../src/core/practice/editor.js';
import type { Interviewer } from '../../src/core/practice/follow-up.js';
import { roundQuestion } from '../../src/core/practice/plan.js';
import { clocks, MOVE_ON_TEXT } from '../../src/core/practice/round.js';
import { RoundController, type RoundPorts } from '../../src/core/practice/round-controller.js';
import { scenarioTimeline, SCENARIO_MINUTES, WRAP_UP } from '../../src/core/practice/scenario.js';
import { scriptedInterviewer } from '../../src/core/practice/scripted-interviewer.js';
import { planScenarioStart, type RoundStart } from '../../src/core/practice/start.js';
import type { LanguageModel } from '../../src/ports.js';
import { FakeClock, ManualTicker, MemoryStore, seededRandom } from '../fakes.js';

const bank = await loadBank({ cache: NO_CACHE });
const q01 = bank.question('q01')!;
const q23 = bank.question('q23')!;

function newRound(ids: readonly string[], minutes = 40): RoundStart {
  return { kind: 'new', questions: ids.map((id) => roundQuestion(bank.question(id)!.question)), minutes };
}

function running(start: RoundStart, interviewer: Interviewer = scriptedInterviewer, store = new MemoryStore()) {
  const clock = new FakeClock();
  const ticker = new ManualTicker();
  const ports: RoundPorts = { bank, grader: rubricGrader, interviewer, store, clock, ticker, random: seededRandom() };
  const round = new RoundController(ports, start);
  round.start();
  const elapse = (ms: number): void => {
    clock.advance(ms);
    ticker.tick();
  };
  return { round, clock, store, elapse };
}

async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function until(round: RoundController, kind: 'answering' | 'grading' | 'reviewing' | 'finished'): Promise<void> {
  for (let i = 0; i < 300 && round.getState().round.phase.kind !== kind; i++) await settle(1);
  expect(round.getState().round.phase.kind).toBe(kind);
}

async function answer(round: RoundController, text: string): Promise<void> {
  round.edit({ type: 'insert', text });
  expect(round.submit()).toBe('submitted');
  await until(round, 'reviewing');
}

const WEAK = 'I would put vLLM behind a load balancer and add GPUs when it gets slow.';

describe('clarifying questions during a round', () => {
  it("answers from the fact sheet while the clock keeps running, and keeps the question and answer in the session", async () => {
    const { round, store, elapse } = running(newRound(['q01']));
    const before = clocks(round.getState().round, round.getState().now).questionMs;
    expect(round.clarify('What is the peak traffic?')).toBe('asked');
    expect(round.clarify('And the latency SLO?')).toBe('busy');
    await settle();
    elapse(20_000);
    await settle();
    const state = round.getState();
    expect(state.round.phase.kind).toBe('answering');
    expect(clocks(state.round, state.now).questionMs).toBe(before - 20_000);
    const [traffic] = state.round.clarifications[0] ?? [];
    expect(traffic).toMatchObject({ question: 'What is the peak traffic?', facts: ['traffic'], source: 'scripted' });
    expect(traffic?.answer).toContain('1,200 requests a second');

    expect(round.clarify('Which cloud region are the users in?')).toBe('asked');
    await settle();
    expect(round.getState().round.clarifications[0]?.[1]?.answer).toBe(UNKNOWN_FACT);
    expect(round.clarify('   ')).toBe('empty');
    await settle();
    const saved = store.only().questions[0]?.clarifications;
    expect(saved?.map((c) => [c.question, c.facts])).toEqual([
      ['What is the peak traffic?', ['traffic']],
      ['Which cloud region are the users in?', []],
    ]);
  });

  it('asking for two business constraints before answering earns constraints credit, quoted from the questions; asking later earns nothing', async () => {
    const asked = running(newRound(['q01']));
    asked.round.clarify('What peak traffic do we need to handle?');
    await settle();
    asked.round.clarify('What is the p95 latency budget for the first token?');
    await settle();
    await answer(asked.round, WEAK);
    const phase = asked.round.getState().round.phase;
    if (phase.kind !== 'reviewing') throw new Error('expected a review');
    const credit = phase.answer.grade.criteria.find((c) => c.id === ASKED_CONSTRAINTS_CRITERION);
    expect(credit).toMatchObject({ met: true, dimension: 'constraints', asked: ['What peak traffic do we need to handle?', 'What is the p95 latency budget for the first token?'] });
    const plain = gradeAnswer(q01, WEAK);
    expect(phase.answer.grade.dimensions.constraints.share).toBeGreaterThan(plain.dimensions.constraints.share);
    expect(phase.answer.grade.overall).toBeGreaterThanOrEqual(plain.overall);

    const late = running(newRound(['q01']));
    await answer(late.round, WEAK);
    late.round.clarify('What peak traffic do we need to handle?');
    await settle();
    late.round.clarify('What is the p95 latency budget?');
    await settle();
    const first = late.store.only().questions[0]?.answers[0]?.grade;
    expect(first?.criteria.some((c) => c.id === ASKED_CONSTRAINTS_CRITERION)).toBe(false);
  });

  it('one constraint found out is no credit, only a note saying what would count; asking never lowers a grade', () => {
    const plain = gradeAnswer(q01, WEAK);
    const one = creditClarifications(q01, plain, ['What peak traffic do we need to handle?']);
    expect(one.overall).toBe(plain.overall);
    expect(one.notes.at(-1)).toMatch(/found 1 business constraint/);
    const none = creditClarifications(q01, plain, ['Which cloud region?']);
    expect(none.overall).toBe(plain.overall);
  });
});

describe('probes as the budget allows', () => {
  it('asks more than two follow-ups while the question has time, and none once it is nearly out', async () => {
    const { round } = running(newRound(['q23']));
    await answer(round, WEAK);
    let probes = 0;
    for (let i = 0; i < 6; i++) {
      const p = round.getState().round.phase;
      if (p.kind !== 'reviewing' || p.next === undefined) break;
      round.next();
      await answer(round, 'I am not sure; I would look at the dashboards.');
      probes += 1;
    }
    expect(probes).toBe(6);

    const short = running(newRound(['q23']));
    short.elapse(bank.question('q23')!.question.timeBudgetSec * 1000 - 30_000);
    await answer(short.round, WEAK);
    const p = short.round.getState().round.phase;
    expect(p.kind === 'reviewing' && p.next).toBe(undefined);
  });

  it('"I\'d rather move on" is recorded, the interviewer turns to another dimension, and n goes on to the next question', async () => {
    const { round, store } = running(newRound(['q23', 'q01']));
    await answer(round, WEAK);
    const shown = round.getState().round.phase;
    if (shown.kind !== 'reviewing' || shown.next === undefined) throw new Error('expected a follow-up');
    expect(round.skip()).toBe('skipped');
    await until(round, 'reviewing');
    const after = round.getState().round.phase;
    if (after.kind !== 'reviewing' || after.next === undefined) throw new Error('expected another follow-up');
    expect(after.answer).toMatchObject({ skipped: true, text: MOVE_ON_TEXT });
    expect(after.next.dimension).not.toBe(shown.next.dimension);
    await settle();
    expect(store.only().questions[0]?.answers[1]).toMatchObject({ kind: 'follow-up', skipped: true, text: MOVE_ON_TEXT, dimension: shown.next.dimension, prompt: shown.next.text });

    // Typed text is never thrown away: moving on is refused until it is submitted or cleared.
    round.next();
    round.edit({ type: 'insert', text: 'half a thought' });
    expect(round.skip()).toBe('typed');
    expect(editorText(round.getState().round.editor)).toBe('half a thought');
    round.edit({ type: 'killLineBack' });
    expect(round.skip(true)).toBe('skipped');
    await until(round, 'answering');
    const next = round.getState().round;
    expect(next.index).toBe(1);
    expect(next.phase.kind === 'answering' && next.phase.step.kind).toBe('initial');
    // What was moved on from adds nothing to the question's combined grade.
    expect(round.getState().combined[0]).toEqual(gradeAnswer(q23, WEAK));
  });
});

describe('the 45-minute scenario', () => {
  it('plans one question with a 45-minute clock, preferring one not practised', () => {
    const planned = planScenarioStart(bank, { company: undefined }, seededRandom(), { practised: bank.questions().map((p) => p.question.id).filter((id) => id !== 'q17') });
    if (!planned.ok || planned.start.kind !== 'new') throw new Error('expected a plan');
    expect(planned.start.questions.map((q) => q.id)).toEqual(['q17']);
    expect(planned.start.minutes).toBe(SCENARIO_MINUTES);
    expect(planned.start.scenario).toBe(true);
    expect(planScenarioStart(bank, { company: undefined }, seededRandom(), { questionId: 'q99' })).toMatchObject({ ok: false });
  });

  it('clarify, design, probes until the clock, a two-minute wrap-up, then a timeline of what was asked, pressed and answered', async () => {
    const planned = planScenarioStart(bank, { company: 'amazon' }, seededRandom(), { questionId: 'q20' });
    if (!planned.ok) throw new Error(planned.reason);
    const { round, store, elapse } = running(planned.start);
    expect(round.getState()).toMatchObject({ scenario: true, company: 'amazon' });
    elapse(30_000);
    round.clarify('What traffic do we see at peak, and what is the latency SLO?');
    await settle();
    elapse(30_000);
    round.clarify('What does the fleet cost today?');
    await settle();
    elapse(8 * 60_000);
    await answer(round, 'Replay last month of traffic through a simulator for both policies, scale on queue depth, keep a warm pool, canary it and roll back if p95 TTFT passes 1 s for 10 minutes.');
    let probes = 0;
    // Each probe answered in four minutes, until the question's clock runs out mid-answer.
    for (let i = 0; i < 20; i++) {
      const p = round.getState().round.phase;
      if (p.kind !== 'reviewing' || p.next === undefined) break;
      round.next();
      round.edit({ type: 'insert', text: `Probe ${i}: I would measure p95 TTFT per replica and the queue depth before deciding.` });
      for (let m = 0; m < 4 && round.getState().round.phase.kind === 'answering'; m++) elapse(60_000);
      await settle();
      if (round.getState().round.phase.kind === 'answering') round.submit();
      await until(round, 'reviewing');
      probes += 1;
    }
    expect(probes).toBeGreaterThanOrEqual(4);
    const last = round.getState().round;
    expect(clocks(last, round.getState().now).questionMs).toBeLessThan(45_000);
    round.next();
    const wrap = round.getState().round;
    if (wrap.phase.kind !== 'answering') throw new Error(`expected the wrap-up, got ${wrap.phase.kind} after ${probes} probes, ${wrap.roundLeftMs} ms left`);
    expect(wrap.phase.step).toMatchObject({ kind: 'wrap-up', prompt: WRAP_UP.prompt });
    expect(clocks(wrap, round.getState().now).questionMs).toBe(Math.min(WRAP_UP.ms, wrap.roundLeftMs));
    elapse(60_000);
    await answer(round, 'Monday: instrument queue delay per replica and replay the launch bursts; the predictive policy waits.');
    round.next();
    await until(round, 'finished');
    await settle();

    const timeline = scenarioTimeline(round.getState().round);
    expect(timeline.entries.map((e) => e.kind)).toEqual(['clarify', 'clarify', 'design', ...Array.from({ length: probes }, () => 'probe'), 'wrap-up']);
    expect(timeline.entries[0]).toMatchObject({ at: 30_000, known: true });
    expect(timeline.spent.clarifying).toBe(60_000);
    expect(timeline.spent.design).toBe(8 * 60_000);
    expect(timeline.spent.wrapUp).toBe(60_000);
    expect(timeline.probes).toBe(probes);
    const saved = store.only();
    expect(saved).toMatchObject({ status: 'completed', settings: { scenario: true, minutes: 45, company: 'amazon' } });
    expect(saved.questions[0]?.answers.at(-1)).toMatchObject({ kind: 'wrap-up' });
    expect(saved.questions[0]?.answers.filter((a) => a.kind === 'follow-up').every((a) => a.level !== undefined && a.pressing !== undefined)).toBe(true);
  });

  it('a scenario left during the wrap-up resumes on the wrap-up, with its clock', async () => {
    const planned = planScenarioStart(bank, { company: undefined }, seededRandom(), { questionId: 'q23' });
    if (!planned.ok) throw new Error(planned.reason);
    const store = new MemoryStore();
    const first = running(planned.start, scriptedInterviewer, store);
    await answer(first.round, WEAK);
    expect(first.round.skip(true)).toBe('skipped');
    await until(first.round, 'answering');
    expect(first.round.getState().round.phase).toMatchObject({ step: { kind: 'wrap-up' } });
    first.round.edit({ type: 'insert', text: 'First I would' });
    first.elapse(30_000);
    first.round.leave();
    await settle();
    first.round.dispose();
    const again = running({ kind: 'resume', session: store.only() }, scriptedInterviewer, store);
    const state = again.round.getState();
    expect(state.scenario).toBe(true);
    expect(state.round.phase).toMatchObject({ kind: 'answering', step: { kind: 'wrap-up' } });
    expect(editorText(state.round.editor)).toBe('First I would');
    expect(clocks(state.round, state.now).questionMs).toBe(WRAP_UP.ms - 30_000);
  });
});

describe('a model interviewer answering clarifying questions', () => {
  const model = (reply: string): LanguageModel => ({
    slots: 6,
    info: { name: 'fake', path: '/dev/null', backend: 'cpu', gpuNames: [], gpuLayers: 0, totalLayers: 0, threads: 1, contextSize: 4096, sizeBytes: 0 },
    complete: async () => reply,
    dispose: async () => undefined,
  });
  const ask = (reply: string, question = 'What is the peak traffic?') => new ModelInterviewer(model(reply), { timeoutMs: 5000, slot: 5 }).clarify({ prepared: q01, question });

  it("keeps the model's words when every figure is on the sheet", async () => {
    const turn = await ask('At peak we see about 1,200 requests a second.');
    expect(turn).toMatchObject({ source: 'model', text: 'At peak we see about 1,200 requests a second.' });
    expect(turn.facts).toContain('traffic');
  });

  it('replaces a reply with an invented figure by the sheet, and says why', async () => {
    const turn = await ask('Peak is 50,000 requests a second.');
    expect(turn.source).toBe('scripted');
    expect(turn.text).toContain('1,200 requests a second');
    expect(turn.fallback).toMatch(/^the model's reply named a figure the fact sheet does not state \(50000\)$/);
  });

  it('"UNKNOWN" stands only when the sheet has nothing either', async () => {
    expect((await ask('UNKNOWN')).fallback).toMatch(/^the model's reply said "unknown", though the fact sheet answers it$/);
    expect(await ask('UNKNOWN', 'Which cloud region are the users in?')).toMatchObject({ source: 'model', text: UNKNOWN_FACT, facts: [] });
  });
});
