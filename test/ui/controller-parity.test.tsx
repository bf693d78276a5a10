/**
 * The TUI saves exactly what the round and drill controllers save on their own, snapshot for
 * snapshot, for the same keys, clock and ticks: the screens add nothing to a session and lose nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rubricGrader } from '../../src/core/grading/grade.js';
import { DrillController } from '../../src/core/practice/drill-controller.js';
import { drillCatalog } from '../../src/core/practice/drill-items.js';
import { roundQuestion } from '../../src/core/practice/plan.js';
import { RoundController } from '../../src/core/practice/round-controller.js';
import { scriptedInterviewer } from '../../src/core/practice/scripted-interviewer.js';
import type { DrillStart, RoundStart } from '../../src/core/practice/start.js';
import { listOnlyChecker } from '../../src/adapters/llm/model-drill.js';
import { bank, FakeClock, keys, ManualTicker, MemoryStore, renderApp, seededRandom, settle, type Harness } from './render.js';

let open: Harness | undefined;
afterEach(() => {
  open?.unmount();
  open = undefined;
});

/** One step of a script, as keys for the TUI and as the same action on a bare controller. */
type Step = { readonly type: string } | { readonly press: 'submit' | 'next' | 'nextQuestion' } | { readonly elapse: number } | { readonly ask: string };

const FIRST = 'First thought: queue delay.';
const roundScript: readonly Step[] = [
  { ask: 'What is the p95 latency target?' },
  { elapse: 1000 },
  { type: FIRST },
  { elapse: 1000 },
  { type: ' Then prefill and decode, traced per stage.' },
  { elapse: 250 },
  { elapse: 1000 },
  { press: 'submit' },
  { press: 'next' },
  { type: 'We page when p95 TTFT exceeds 1.5 s for 10 minutes.' },
  { elapse: 1500 },
  { press: 'submit' },
  { press: 'next' },
  { type: 'Canary 5% for 30 minutes; roll back on an error rate over 2%.' },
  { press: 'submit' },
  // Probes come while the question has time: moving on to the next question is the candidate's call.
  { press: 'nextQuestion' },
];

const drillScript: readonly Step[] = [
  { type: 'error rate, latency p99' },
  { elapse: 1000 },
  { type: ', cost' },
  { elapse: 1200 },
  { press: 'submit' },
  { press: 'next' },
  { type: 'shadow gets no user impact' },
  { elapse: 31_000 },
  { press: 'next' },
];

interface Driven {
  ask?(question: string): void;
  skip?(): void;
  edit(text: string): void;
  submit(): void;
  next(): void;
  busy(): boolean;
}

async function runBare(driven: Driven, script: readonly Step[], clock: FakeClock, ticker: ManualTicker): Promise<void> {
  for (const step of script) {
    if ('type' in step) driven.edit(step.type);
    else if ('ask' in step) driven.ask?.(step.ask);
    else if ('elapse' in step) {
      clock.advance(step.elapse);
      ticker.tick();
    } else if (step.press === 'submit') driven.submit();
    else if (step.press === 'nextQuestion') driven.skip?.();
    else driven.next();
    for (let i = 0; i < 200 && driven.busy(); i++) await settle(1);
    await settle(10);
  }
}

async function runTui(h: Harness, script: readonly Step[], submitKey: string): Promise<void> {
  for (const step of script) {
    if ('type' in step) await h.type(step.type);
    else if ('ask' in step) {
      await h.press(keys.ctrlO);
      await h.type(step.ask);
      await h.press(keys.enter);
    } else if ('elapse' in step) await h.elapse(step.elapse);
    else await h.press(step.press === 'submit' ? submitKey : step.press === 'nextQuestion' ? 'n' : keys.enter);
    await h.waitFor((f) => !/Grading|is writing a follow-up|thinking/.test(f), 'the grade');
    await settle(10);
  }
}

describe('the TUI and the bare controllers', () => {
  it('save the same round sessions, snapshot for snapshot', async () => {
    const b = await bank();
    const start: RoundStart = { kind: 'new', questions: ['q23', 'q05'].map((id) => roundQuestion(b.question(id)!.question)), minutes: 40, company: 'amazon' };
    const store = new MemoryStore();
    open = await renderApp({ kind: 'round', start }, { store, rows: 60, columns: 120 });
    await runTui(open, roundScript, keys.ctrlD);
    expect(open.frame()).toContain('[2/2] q05');

    const bare = new MemoryStore();
    const clock = new FakeClock();
    const ticker = new ManualTicker();
    const round = new RoundController({ bank: b, grader: rubricGrader, interviewer: scriptedInterviewer, store: bare, clock, ticker, random: seededRandom() }, start);
    round.start();
    await runBare(
      {
        ask: (question) => round.clarify(question),
        skip: () => round.skip(true),
        edit: (text) => round.edit({ type: 'insert', text }),
        submit: () => round.submit(),
        next: () => round.next(),
        busy: () => round.getState().round.phase.kind === 'grading',
      },
      roundScript,
      clock,
      ticker,
    );
    expect(store.written.length).toBeGreaterThan(8);
    expect(store.written).toEqual(bare.written);
    expect(store.written.at(-1)?.questions[0]?.answers[0]?.text).toBe(`${FIRST} Then prefill and decode, traced per stage.`);
    expect(store.written.at(-1)?.questions[0]?.clarifications?.map((c) => c.question)).toEqual(['What is the p95 latency target?']);
    expect(store.written.at(-1)?.questions[0]?.answers.at(-1)?.skipped).toBe(true);
  });

  it('save the same drill sessions, snapshot for snapshot', async () => {
    const b = await bank();
    const catalog = drillCatalog(b);
    const start: DrillStart = { kind: 'new', items: ['rf-canary-ramp', 'rf-shadow-vs-canary', 'rf-automated-rollback-criteria'].map((id) => catalog.prompt(id, 30)!), seconds: 30 };
    const store = new MemoryStore();
    open = await renderApp({ kind: 'drill', start }, { store });
    await runTui(open, drillScript, keys.enter);
    expect(open.frame()).toContain('prompt 3 of 3');

    const bare = new MemoryStore();
    const clock = new FakeClock();
    const ticker = new ManualTicker();
    const drill = new DrillController({ bank: b, drillChecker: listOnlyChecker, store: bare, clock, ticker, random: seededRandom() }, start);
    drill.start();
    await runBare({ edit: (text) => drill.edit({ type: 'insert', text }), submit: () => drill.submit(), next: () => drill.next(), busy: () => false }, drillScript, clock, ticker);
    expect(store.written.length).toBeGreaterThan(5);
    expect(store.written).toEqual(bare.written);
  });
});
