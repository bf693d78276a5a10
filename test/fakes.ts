/** Fakes of the ports that need no terminal: a hand-driven clock and ticker, sessions kept in memory. */
import type { SessionClaim, SessionProblem, SessionStore, Ticker } from '../src/ports.js';
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
