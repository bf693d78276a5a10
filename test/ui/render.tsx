/** The one render helper for UI tests: fake terminal streams, fake ports, a hand-driven clock and ticker. */
import { EventEmitter } from 'node:events';
import React from 'react';
import { render } from 'ink-testing-library';
import { loadBank } from '../../src/adapters/fs-bank.js';
import type { DrillChecker, EngineMonitor, Grader, Interviewer, QuestionBank, ReportWriter, SettingsRead, SettingsStore } from '../../src/ports.js';
import { FakeClock, ManualTicker, MemoryCodingTools, MemoryStore, seededRandom } from '../fakes.js';
import { OpenSessions } from '../../src/core/practice/session-saver.js';
import { loadYardsticks } from '../../src/adapters/golden.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/schemas/settings.js';
import { rubricGrader } from '../../src/core/grading/grade.js';
import { App, type Screen } from '../../src/ui/app.js';
import { staticEngine, type Services } from '../../src/ui/services.js';
import { scriptedInterviewer } from '../../src/core/practice/scripted-interviewer.js';
import { listOnlyChecker } from '../../src/adapters/llm/model-drill.js';
import { roundQuestion } from '../../src/core/practice/plan.js';

export { FakeClock, ManualTicker, MemoryCodingTools, MemoryStore, seededRandom } from '../fakes.js';

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export class MemorySettings implements SettingsStore {
  readonly path = '/memory/config.json';
  constructor(
    public settings: Settings = DEFAULT_SETTINGS,
    readonly problems: string[] = [],
  ) {}
  read(): SettingsRead {
    return { settings: this.settings, problems: this.problems };
  }
  async write(patch: Partial<Settings>): Promise<Settings> {
    this.settings = { ...this.settings, ...patch };
    return this.settings;
  }
}

/** Exported reports kept in memory, by path. */
export class MemoryReports implements ReportWriter {
  readonly dir = '/memory/sessions/exports';
  readonly written = new Map<string, string>();
  async write(name: string, text: string): Promise<string> {
    const path = `${this.dir}/${name}`;
    this.written.set(path, text);
    return path;
  }
}

let bankPromise: Promise<QuestionBank> | undefined;
export function bank(): Promise<QuestionBank> {
  bankPromise ??= loadBank();
  return bankPromise;
}

export interface Harness {
  readonly services: Services;
  readonly clock: FakeClock;
  readonly ticker: ManualTicker;
  readonly store: MemoryStore;
  readonly settings: MemorySettings;
  readonly reports: MemoryReports;
  /** The last frame, without colour codes. */
  frame(): string;
  /** The last frame as written, colour codes and all. */
  rawFrame(): string;
  press(keys: string): Promise<void>;
  /** Types text as one read, like a paste. */
  type(text: string): Promise<void>;
  /** Advances the fake clock and fires one tick. */
  elapse(ms: number): Promise<void>;
  /** `turns`: how many event-loop turns to wait; work that reads files (the golden set) needs more. */
  waitFor(predicate: string | RegExp | ((frame: string) => boolean), what?: string, turns?: number): Promise<string>;
  resize(columns: number, rows: number): Promise<void>;
  /** Whether the terminal is in raw mode now, as the app last set it. */
  raw(): boolean;
  /** Called with each frame as it is written, and whether the terminal was in raw mode right then. */
  onFrame(listener: (frame: string, raw: boolean) => void): () => void;
  unmount(): void;
}

/** Lets React and Ink's input handling run: promise and setImmediate turns only, never a timer. */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

export async function renderApp(
  initial: Screen | ((services: Services) => Screen),
  options: { columns?: number; rows?: number; color?: boolean; store?: MemoryStore; settings?: MemorySettings; clock?: FakeClock; grader?: Grader; interviewer?: Interviewer; engine?: EngineMonitor; drillChecker?: DrillChecker; sessionsDir?: Services['sessionsDir']; model?: Services['model']; coding?: Services['coding'] } = {},
): Promise<Harness> {
  const clock = options.clock ?? new FakeClock();
  const ticker = new ManualTicker();
  const store = options.store ?? new MemoryStore();
  const settings = options.settings ?? new MemorySettings();
  const reports = new MemoryReports();
  const services: Services = {
    ...(options.sessionsDir === undefined ? {} : { sessionsDir: options.sessionsDir }),
    ...(options.model === undefined ? {} : { model: options.model }),
    bank: await bank(),
    store,
    openSessions: new OpenSessions(),
    settings,
    clock,
    ticker,
    grader: options.grader ?? rubricGrader,
    interviewer: options.interviewer ?? scriptedInterviewer,
    drillChecker: options.drillChecker ?? listOnlyChecker,
    reports,
    coding: options.coding ?? new MemoryCodingTools(),
    yardsticks: () => loadYardsticks(),
    engine: options.engine ?? staticEngine(),
    random: seededRandom(),
  };
  const screen = typeof initial === 'function' ? initial(services) : initial;
  const instance = render(<App services={services} initial={screen} color={options.color ?? true} />);
  // ink-testing-library's terminal is 100 columns with no rows and never resizes; give it a size
  // (80x24 unless asked) and let resize() change it, as a real terminal's SIGWINCH would.
  const stdout = instance.stdout as unknown as EventEmitter & { columns: number; rows: number };
  const size = (columns: number, rows: number): void => {
    Object.defineProperty(stdout, 'columns', { value: columns, writable: true, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: rows, writable: true, configurable: true });
    stdout.emit('resize');
  };
  size(options.columns ?? 80, options.rows ?? 24);
  const stdin = instance.stdin;
  // ink-testing-library's stdin ignores raw mode; keep track of it, as a terminal's line discipline does.
  // Ink listens for 'readable' exactly while raw mode is on; it was turned on during the first render.
  let raw = stdin.listenerCount('readable') > 0;
  const fakeStdin = stdin as unknown as { setRawMode: (on: boolean) => void };
  const setRawMode = fakeStdin.setRawMode.bind(stdin);
  fakeStdin.setRawMode = (on: boolean): void => {
    raw = on;
    setRawMode(on);
  };
  const frameListeners = new Set<(frame: string, raw: boolean) => void>();
  const out = instance.stdout as unknown as { write: (text: string) => boolean };
  const write = out.write.bind(out);
  out.write = (text: string): boolean => {
    const written = write(text);
    for (const listener of [...frameListeners]) listener(text.replace(ANSI, ''), raw);
    return written;
  };
  const rawFrame = (): string => instance.lastFrame() ?? '';
  const frame = (): string => rawFrame().replace(ANSI, '');
  const harness: Harness = {
    services,
    clock,
    ticker,
    store,
    settings,
    reports,
    frame,
    rawFrame,
    async press(keys) {
      stdin.write(keys);
      await settle();
    },
    async type(text) {
      stdin.write(text);
      await settle();
    },
    async elapse(ms) {
      clock.advance(ms);
      ticker.tick();
      await settle();
    },
    async waitFor(predicate, what, turns = 500) {
      const test = (f: string): boolean => (typeof predicate === 'string' ? f.includes(predicate) : predicate instanceof RegExp ? predicate.test(f) : predicate(f));
      for (let i = 0; i < turns; i++) {
        if (test(frame())) return frame();
        await settle(1);
      }
      throw new Error(`waited for ${what ?? String(predicate)}; the screen shows:\n${frame()}`);
    },
    async resize(columns, rows) {
      size(columns, rows);
      await settle();
    },
    raw: () => raw,
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    unmount: () => instance.unmount(),
  };
  await settle();
  return harness;
}

export { keys } from '../keys.js';

/** Retries an assertion across React and promise turns (saves are asynchronous), never sleeping. */
export async function eventually(assertion: () => void): Promise<void> {
  let last: unknown;
  for (let i = 0; i < 200; i++) {
    try {
      assertion();
      return;
    } catch (error) {
      last = error;
      await settle(1);
    }
  }
  throw last;
}

/** A new round on these bank questions, as the app would start it. */
export function roundScreen(ids: readonly string[], minutes = 40, company?: 'amazon' | 'google' | 'startup') {
  return (services: Services): Screen => ({
    kind: 'round',
    start: {
      kind: 'new',
      questions: ids.map((id) => {
        const p = services.bank.question(id);
        if (p === undefined) throw new Error(`no ${id}`);
        return roundQuestion(p.question);
      }),
      minutes,
      company,
    },
  });
}

/** A new rapid-fire drill on these items; `seconds` overrides each item's own time. */
export function drillScreen(ids: readonly string[], seconds?: number) {
  return (services: Services): Screen => {
    const items = new Map(services.bank.rapidFire().map((e) => [e.item.id, e.item]));
    return {
      kind: 'drill',
      start: {
        kind: 'new',
        items: ids.map((id) => {
          const item = items.get(id);
          if (item === undefined) throw new Error(`no ${id}`);
          return { id, prompt: item.prompt, seconds: seconds ?? item.seconds, explain: item.explain };
        }),
        seconds,
      },
    };
  };
}
