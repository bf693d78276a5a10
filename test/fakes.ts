/** Fakes of the ports that need no terminal: a hand-driven clock and ticker, sessions kept in memory. */
import type { CodingTools, SessionClaim, SessionProblem, SessionStore, Ticker } from '../src/ports.js';
import { runTests } from '../src/adapters/coding/run-tests.js';
import type { Session } from '../src/schemas/session.js';
import { digestOf, type HistorySession } from '../src/core/progress/history.js';

export class FakeClock {
  constructor(public t = Date.parse('2026-11-22T10:00:00.000Z')) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export class ManualTicker implements Ticker {
  private readonly callbacks = new Set<() => void>();
  every(_ms: number, callback: () => void): () => void {
    this.callbacks.add(callback);
    return () => this.callbacks.delete(callback);
  }
  tick(): void {
    for (const c of [...this.callbacks]) c();
  }
}

export class MemoryStore implements SessionStore {
  readonly dir = '/memory/sessions';
  readonly sessions = new Map<string, Session>();
  problems: SessionProblem[] = [];
  saves = 0;
  /** Every snapshot written, in the order it landed; synchronous writes too. */
  readonly written: Session[] = [];
  async save(session: Session): Promise<void> {
    this.saves += 1;
    this.written.push(structuredClone(session));
    this.sessions.set(session.id, structuredClone(session));
  }
  saveSync(session: Session): void {
    this.written.push(structuredClone(session));
    this.sessions.set(session.id, structuredClone(session));
  }
  async load(id: string): Promise<Session | undefined> {
    return this.sessions.get(id);
  }
  async list(): Promise<{ sessions: Session[]; problems: SessionProblem[] }> {
    const sessions = [...this.sessions.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return { sessions, problems: this.problems };
  }
  async digests(): Promise<{ sessions: HistorySession[]; problems: SessionProblem[] }> {
    const { sessions, problems } = await this.list();
    return { sessions: sessions.map(digestOf), problems };
  }
  async unfinished(): Promise<Session | undefined> {
    return (await this.list()).sessions.find((s) => s.status === 'active' && !this.heldBy.has(s.id));
  }
  /** Sessions another (pretend) coach holds, by id, with its pid. */
  readonly heldBy = new Map<string, number>();
  /** Ids held by this process right now. */
  readonly claimed = new Set<string>();
  claim(id: string): SessionClaim {
    const pid = this.heldBy.get(id);
    if (pid !== undefined) return { ok: false, pid };
    this.claimed.add(id);
    return { ok: true, release: () => this.claimed.delete(id) };
  }
  heldElsewhere(id: string): number | undefined {
    return this.heldBy.get(id);
  }
  async closeUnfinished(mode: Session['mode'], except: string, at: string): Promise<readonly string[]> {
    const closing = [...this.sessions.values()].filter((s) => s.status === 'active' && s.mode === mode && s.id !== except && !this.heldBy.has(s.id));
    for (const s of closing) await this.save({ ...s, status: 'closed', updatedAt: at, endedAt: at });
    return closing.map((s) => s.id);
  }
  only(): Session {
    const [first, ...rest] = this.sessions.values();
    if (first === undefined || rest.length > 0) throw new Error(`expected one session, found ${this.sessions.size}`);
    return first;
  }
}

/** A fixed sequence, so plans and session ids are the same every run. */
export function seededRandom(seed = 7): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/**
 * The coding round's tools with the files in memory and the tests run for real (runTests): `edit`
 * runs `editor` on the file's text, as a user's editor would change it; `write` is a save from
 * another window, which the watch sees.
 */
export class MemoryCodingTools implements CodingTools {
  readonly files = new Map<string, string>();
  readonly edits: string[] = [];
  private readonly watchers = new Map<string, Set<(code: string) => void>>();
  constructor(private readonly options: { readonly editor?: string; readonly python?: boolean; readonly onEdit?: (code: string) => string } = {}) {}
  run: CodingTools['run'] = (entry, language, code, kind, at) => runTests(entry, language, code, kind, at, { scaleCalls: 20_000 });
  pythonAvailable = (): Promise<boolean> => Promise.resolve(this.options.python ?? false);
  editorCommand = (): string | undefined => this.options.editor;
  writeSolution = (sessionId: string, language: 'node' | 'python', code: string): Promise<string> => {
    const path = `/memory/${sessionId}/solution.${language === 'node' ? 'mjs' : 'py'}`;
    this.files.set(path, code);
    return Promise.resolve(path);
  };
  readSolution = (path: string): Promise<string | undefined> => Promise.resolve(this.files.get(path));
  edit = (path: string): string | undefined => {
    this.edits.push(path);
    const onEdit = this.options.onEdit;
    if (onEdit === undefined) return 'no editor';
    this.files.set(path, onEdit(this.files.get(path) ?? ''));
    return undefined;
  };
  watch = (path: string, onChange: (code: string) => void): (() => void) => {
    const set = this.watchers.get(path) ?? new Set();
    set.add(onChange);
    this.watchers.set(path, set);
    return () => set.delete(onChange);
  };
  /** A save in another editor window. */
  write(path: string, code: string): void {
    this.files.set(path, code);
    for (const w of this.watchers.get(path) ?? []) w(code);
  }
}
