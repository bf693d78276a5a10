import { describe, expect, it } from 'vitest';
import { loadBank, NO_CACHE } from '../../src/adapters/fs-bank.js';
import type { DrillChecker } from '../../src/core/grading/drill-grade.js';
import { DrillController, type DrillPorts } from '../../src/core/practice/drill-controller.js';
import { drillCatalog } from '../../src/core/practice/drill-items.js';
import { editorText } from '../../src/core/practice/editor.js';
import { OpenSessions } from '../../src/core/practice/session-saver.js';
import type { DrillStart } from '../../src/core/practice/start.js';
import { AUTOSAVE_MS } from '../../src/core/practice/ticks.js';
import type { Session } from '../../src/schemas/session.js';
import { FakeClock, ManualTicker, MemoryStore, seededRandom } from '../fakes.js';

const bank = await loadBank({ cache: NO_CACHE });
const catalog = drillCatalog(bank);
const listOnly: DrillChecker = { kind: 'list', checkMany: async (entries) => entries.map((e) => e.grade) };

function newDrill(ids: readonly string[], seconds = 30): DrillStart {
  return { kind: 'new', items: ids.map((id) => catalog.prompt(id, seconds)!), seconds };
}

function running(options: { start?: DrillStart; store?: MemoryStore; drillChecker?: DrillChecker; openSessions?: OpenSessions } = {}) {
  const clock = new FakeClock();
  const ticker = new ManualTicker();
  const store = options.store ?? new MemoryStore();
  const ports: DrillPorts = { bank, drillChecker: options.drillChecker ?? listOnly, store, clock, ticker, random: seededRandom(), openSessions: options.openSessions };
  const drill = new DrillController(ports, options.start ?? newDrill(['rf-canary-ramp', 'rf-shadow-vs-canary']));
  drill.start();
  const elapse = (ms: number): void => {
    clock.advance(ms);
    ticker.tick();
  };
  return { drill, store, elapse };
}

async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('the drill controller', () => {
  it('runs a drill with no terminal: graded at once, auto-submitted at zero, saved, and re-checked by the model at the end', async () => {
    const credit: DrillChecker = {
      kind: 'list+model',
      checkMany: async (entries) =>
        entries.map(({ grade }) => {
          const [first, ...rest] = grade.missed;
          return first === undefined ? grade : { ...grade, named: [...grade.named, { ...first, evidence: [], byModel: true }], missed: rest };
        }),
    };
    const { drill, store, elapse } = running({ drillChecker: credit });
    drill.edit({ type: 'insert', text: 'Canary at 1%, then 5%, 25%, 100%' });
    elapse(AUTOSAVE_MS);
    await settle();
    expect(store.only().drillDraft?.text).toBe('Canary at 1%, then 5%, 25%, 100%');
    expect(drill.submit()).toBe('submitted');
    expect(drill.getState().drill.phase.kind).toBe('reviewing');
    drill.next();
    expect(editorText(drill.getState().drill.editor)).toBe('');
    drill.edit({ type: 'insert', text: 'shadow' });
    elapse(30_000);
    const timedOut = drill.getState().drill.phase;
    expect(timedOut.kind === 'reviewing' && timedOut.result).toMatchObject({ answer: 'shadow', autoSubmitted: true });
    drill.next();
    expect(drill.getState().drill.phase).toEqual({ kind: 'finished', reason: 'completed' });
    expect(drill.getState().recheck).toBe('running');
    await settle();
    const named = (s: Session): number => s.drill.reduce((n, d) => n + d.named.length, 0);
    expect(drill.getState().recheck).toEqual({ credited: 2 });
    const saved = store.only();
    expect(saved.status).toBe('completed');
    expect(saved.drill.map((d) => d.answer)).toEqual(['Canary at 1%, then 5%, 25%, 100%', 'shadow']);
    expect(named(saved)).toBe(drill.getState().drill.results.reduce((n, r) => n + r.grade.named.length, 0));
    expect(store.written.filter((s) => s.status === 'completed').map(named)).toEqual([named(saved) - 2, named(saved)]);
  });

  it('submits what was typed just before, in the same turn', () => {
    const { drill } = running();
    drill.edit({ type: 'insert', text: 'canary' });
    expect(drill.submit()).toBe('submitted');
    const phase = drill.getState().drill.phase;
    expect(phase.kind === 'reviewing' && phase.result.answer).toBe('canary');
  });

  it('writes the newest unsaved snapshot synchronously when flushed', async () => {
    const store = new MemoryStore();
    store.save = () => new Promise(() => undefined);
    const openSessions = new OpenSessions();
    const { drill } = running({ store, openSessions });
    drill.edit({ type: 'insert', text: 'half an answer' });
    drill.leave();
    expect(store.sessions.size).toBe(0);
    openSessions.flushSync();
    expect(store.only().drillDraft?.text).toBe('half an answer');
  });

  it('an exit flush writes what was typed since the last autosave', async () => {
    const store = new MemoryStore();
    const openSessions = new OpenSessions();
    const { drill } = running({ store, openSessions });
    await settle();
    drill.edit({ type: 'insert', text: 'error rate, p99 latency, cost per request' });
    expect(store.only().drillDraft?.text ?? '').toBe('');
    openSessions.flushSync();
    expect(store.only().drillDraft?.text).toBe('error rate, p99 latency, cost per request');
  });

  it('resumes a left drill on the prompt it stopped at, with the draft back in the editor', async () => {
    const { drill, store } = running();
    drill.edit({ type: 'insert', text: 'canary' });
    drill.submit();
    drill.next();
    drill.edit({ type: 'insert', text: 'half' });
    drill.leave();
    drill.dispose();
    await settle();
    const resumed = running({ start: { kind: 'resume', session: store.only() }, store }).drill.getState();
    expect(resumed.drill.index).toBe(1);
    expect(editorText(resumed.drill.editor)).toBe('half');
    expect(resumed.drill.results.map((r) => r.answer)).toEqual(['canary']);
  });
});
