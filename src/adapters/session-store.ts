import { createHash } from 'node:crypto';
import { lstat, readFile, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { SessionClaim, SessionProblem, SessionStore } from '../ports.js';
import type { Session } from '../schemas/session.js';
import type { SessionsDirInForce } from '../ports.js';
import { digestOf, sessionOverall, type HistorySession } from '../core/progress/history.js';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
import { claimSession, heldElsewhere } from './session-lock.js';
import { formatPath } from './fs-bank.js';
import { ioReason, readTextFile, UnreadableFile, type ReadLimits } from './read-text.js';
import { defaultCacheDir, schemaFingerprint } from './yaml-cache.js';

/** One file's entry in the session index: its identity on disk and its digest, or why it is unusable. */
interface IndexEntry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly digest?: HistorySession;
  readonly problem?: string;
}

interface IndexFile {
  readonly schema: string;
  readonly entries: Record<string, IndexEntry>;
}

/** A session file exists but cannot be used; the message is one line naming the file. */
export class SessionLoadError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'SessionLoadError';
  }
}

/** A session could not be written; the previous file, if any, is left as it was. */
export class SessionSaveError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SessionSaveError';
  }
}

export interface SessionsDirOptions {
  readonly flag?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly setting?: string;
  /** Relative choices resolve against this. */
  readonly cwd: string;
  /** The checkout, whose sessions/ is the default; the cwd when not given. */
  readonly checkout?: string;
}

/** Where sessions live: --sessions-dir, then COACH_SESSIONS_DIR, then the saved setting, then sessions/ in the checkout. */
export function resolveSessionsDir(opts: SessionsDirOptions): string {
  return sessionsDirInForce(opts).dir;
}

/** The sessions directory in force and where it comes from: --sessions-dir, then $COACH_SESSIONS_DIR, then the setting, then the default. */
export function sessionsDirInForce(opts: SessionsDirOptions): SessionsDirInForce {
  const given = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';
  if (given(opts.flag)) return { dir: resolve(opts.cwd, opts.flag), from: 'flag' };
  const env = opts.env?.['COACH_SESSIONS_DIR'];
  if (given(env)) return { dir: resolve(opts.cwd, env), from: 'environment' };
  if (given(opts.setting)) return { dir: resolve(opts.cwd, opts.setting), from: 'setting' };
  return { dir: resolve(opts.checkout ?? opts.cwd, 'sessions'), from: 'default' };
}

/** Mean overall of the session's graded questions (see core/progress/history.ts for what a question's grade is). */
export const overallOf = sessionOverall;

export { summarize } from '../core/progress/history.js';

/** Newest first; ids break ties so the order is stable. */
function newestFirst(a: Session, b: Session): number {
  const byTime = Date.parse(b.startedAt) - Date.parse(a.startedAt);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** zod is loaded on the first read, so commands that never read sessions do not pay for it. */
type SchemaModule = typeof import('../schemas/session.js');
let schemaModule: Promise<SchemaModule> | undefined;
function schema(): Promise<SchemaModule> {
  schemaModule ??= import('../schemas/session.js');
  return schemaModule;
}

type Parsed = { ok: true; session: Session } | { ok: false; message: string };

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function parseSessionText(file: string, text: string, m: SchemaModule): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // Where, never what: V8's message quotes the file's first characters, which may be anything.
    const at = /at position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    return { ok: false, message: at === undefined ? 'not valid JSON' : `not valid JSON (at character ${at})` };
  }
  const result = m.Session.safeParse(m.migrateSession(json));
  if (!result.success) {
    const issue = result.error.issues[0];
    if (issue === undefined) return { ok: false, message: 'not a valid session' };
    const path = formatPath(issue.path);
    return { ok: false, message: oneLine(path === '' ? issue.message : `${path}: ${issue.message}`) };
  }
  // A copy saved under another name would be resumed and then written back to its own id.
  if (`${result.data.id}.json` !== file) {
    return { ok: false, message: `id: ${result.data.id} does not match the file name` };
  }
  return { ok: true, session: result.data };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function reason(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}

/** Owner writes, others read (as sessions always were); the umask may narrow it. */
const SESSION_MODE = 0o644;

/** Files read at once by list(): enough to overlap IO, few enough to stay clear of EMFILE. */
const READ_CONCURRENCY = 64;

/**
 * A session file is read only when it is a regular file in the directory itself (a symbolic link
 * could reach anywhere, a FIFO would hang), and only up to a size no real session nears: 500
 * draft snapshots of a long answer are a few MB.
 */
const SESSION_READ: ReadLimits = { maxBytes: 64 * 1024 * 1024, noFollow: true };

/**
 * Sessions as `<dir>/<id>.json`. Writes go to a temp file in the same directory, are fsynced
 * and renamed over the old file, so a crash leaves either the old session or the new one.
 */
export class FsSessionStore implements SessionStore {
  readonly dir: string;
  /** Async saves run one after another, so an older snapshot never lands after a newer one. */
  private queue: Promise<void> = Promise.resolve();
  private sequence = 0;
  /** The newest save sequence renamed into place, per session id. */
  private readonly committed = new Map<string, number>();

  private readonly indexFile: string;

  /** `indexDir` holds the history index (digests of every session), outside the sessions directory. */
  constructor(dir: string, options: { indexDir?: string } = {}) {
    this.dir = resolve(dir);
    this.indexFile = join(options.indexDir ?? defaultCacheDir(), `sessions-${createHash('sha1').update(this.dir).digest('hex').slice(0, 16)}.json`);
  }

  private fileOf(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private serialize(session: Session): string {
    try {
      // Compact: history reads every file once after an upgrade, and indented JSON doubles that read (coach show --json pretty-prints).
      return `${JSON.stringify(session)}\n`;
    } catch (error) {
      throw new SessionSaveError(`could not save session ${session.id}: ${reason(error)}`, { cause: error });
    }
  }

  private isStale(id: string, seq: number): boolean {
    return (this.committed.get(id) ?? 0) > seq;
  }

  async save(session: Session): Promise<void> {
    // Serialised now, so later changes to the object cannot leak into this snapshot.
    const body = this.serialize(session);
    const seq = ++this.sequence;
    const run = this.queue.then(() => this.write(session.id, body, seq));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(id: string, body: string, seq: number): Promise<void> {
    if (this.isStale(id, seq)) return;
    const target = this.fileOf(id);
    let landed: boolean;
    try {
      // A synchronous save on the way out may have written a newer snapshot meanwhile: this one is then dropped.
      landed = await writeFileAtomic(target, body, { mode: SESSION_MODE, commit: () => !this.isStale(id, seq) });
    } catch (error) {
      throw new SessionSaveError(`could not save session ${id} to ${target}: ${ioReason(error)}`, { cause: error });
    }
    if (landed) this.markCommitted(id, seq);
  }

  saveSync(session: Session): void {
    const body = this.serialize(session);
    const seq = ++this.sequence;
    const target = this.fileOf(session.id);
    try {
      writeFileAtomicSync(target, body, { mode: SESSION_MODE });
    } catch (error) {
      throw new SessionSaveError(`could not save session ${session.id} to ${target}: ${ioReason(error)}`, { cause: error });
    }
    this.markCommitted(session.id, seq);
  }

  /** Never backwards: an async save finishing after a newer synchronous one must not make older snapshots look current. */
  private markCommitted(id: string, seq: number): void {
    this.committed.set(id, Math.max(this.committed.get(id) ?? 0, seq));
  }

  async load(id: string): Promise<Session | undefined> {
    const m = await schema();
    // Anything that is not an id names no session here, and must not reach outside the directory.
    if (!m.SESSION_ID_PATTERN.test(id)) return undefined;
    const file = `${id}.json`;
    let text: string;
    try {
      text = await readTextFile(this.fileOf(id), SESSION_READ);
    } catch (error) {
      if (error instanceof UnreadableFile && error.kind === 'missing') return undefined;
      throw new SessionLoadError(file, error instanceof UnreadableFile ? error.reason : `could not be read (${reason(error)})`);
    }
    const parsed = parseSessionText(file, text, m);
    if (!parsed.ok) throw new SessionLoadError(file, parsed.message);
    return parsed.session;
  }

  /** The session files, sorted, or why the directory cannot be read (a missing one holds none). */
  private async sessionFiles(): Promise<string[] | SessionProblem> {
    try {
      // Temp files end in .tmp, so a write cut short by a crash is never read as a session.
      return (await readdir(this.dir)).filter((name) => name.endsWith('.json')).sort();
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      return { file: this.dir, message: `could not be read (${ioReason(error)})` };
    }
  }

  /** Why the sessions directory cannot be listed (a file stands there, no permission), or undefined when it can or is not there yet. */
  async directoryProblem(): Promise<string | undefined> {
    try {
      await readdir(this.dir);
      return undefined;
    } catch (error) {
      return errorCode(error) === 'ENOENT' ? undefined : ioReason(error);
    }
  }

  async list(): Promise<{ sessions: Session[]; problems: SessionProblem[] }> {
    const m = await schema();
    const files = await this.sessionFiles();
    if (!Array.isArray(files)) return { sessions: [], problems: [files] };
    const results: Parsed[] = new Array<Parsed>(files.length);
    for (let start = 0; start < files.length; start += READ_CONCURRENCY) {
      const batch = files.slice(start, start + READ_CONCURRENCY);
      await Promise.all(
        batch.map(async (file, offset) => {
          results[start + offset] = await this.readOne(file, m);
        }),
      );
    }
    const sessions: Session[] = [];
    const problems: SessionProblem[] = [];
    results.forEach((result, index) => {
      if (result.ok) sessions.push(result.session);
      else problems.push({ file: basename(files[index] ?? ''), message: result.message });
    });
    sessions.sort(newestFirst);
    return { sessions, problems };
  }

  private async readOne(file: string, m: SchemaModule): Promise<Parsed> {
    let text: string;
    try {
      text = await readTextFile(join(this.dir, file), SESSION_READ);
    } catch (error) {
      return { ok: false, message: error instanceof UnreadableFile ? error.reason : `could not be read (${reason(error)})` };
    }
    return parseSessionText(file, text, m);
  }

  async unfinished(): Promise<Session | undefined> {
    const { sessions } = await this.digests();
    // A session open in another coach is that coach's to finish: resuming it here would overwrite it.
    const active = sessions.find((s) => s.status === 'active' && this.heldElsewhere(s.id) === undefined);
    return active === undefined ? undefined : this.load(active.id).catch(() => undefined);
  }

  async closeUnfinished(mode: Session['mode'], except: string, at: string): Promise<readonly string[]> {
    const { sessions } = await this.digests();
    const closed: string[] = [];
    for (const digest of sessions) {
      if (digest.status !== 'active' || digest.mode !== mode || digest.id === except) continue;
      // Held while it is closed, so a coach opening it at the same moment cannot write over it.
      const claim = this.claim(digest.id);
      if (!claim.ok) continue;
      try {
        const session = await this.load(digest.id).catch(() => undefined);
        if (session?.status !== 'active') continue;
        await this.save({ ...session, status: 'closed', updatedAt: at, endedAt: at });
        closed.push(session.id);
      } catch {
        // A session that cannot be closed now stays unfinished, offered on the home screen as before.
      } finally {
        claim.release();
      }
    }
    return closed;
  }

  claim(id: string): SessionClaim {
    return claimSession(this.dir, id);
  }

  heldElsewhere(id: string): number | undefined {
    return heldElsewhere(this.dir, id);
  }

  private async readIndex(schema: string): Promise<Record<string, IndexEntry>> {
    try {
      const index = JSON.parse(await readFile(this.indexFile, 'utf8')) as IndexFile;
      return index.schema === schema && typeof index.entries === 'object' && index.entries !== null ? index.entries : {};
    } catch {
      return {};
    }
  }

  /**
   * What history needs of every session, from an index kept beside the bank cache. A file is
   * read and validated again only when its size, mtime or inode changed (every save is a rename,
   * so every save changes the inode); everything else comes from the index in one read.
   */
  async digests(): Promise<{ sessions: HistorySession[]; problems: SessionProblem[] }> {
    const files = await this.sessionFiles();
    if (!Array.isArray(files)) return { sessions: [], problems: [files] };
    const fingerprint = schemaFingerprint('session');
    const old = await this.readIndex(fingerprint);
    const entries: Record<string, IndexEntry> = {};
    let changed = Object.keys(old).length !== files.length;
    for (let start = 0; start < files.length; start += READ_CONCURRENCY) {
      await Promise.all(
        files.slice(start, start + READ_CONCURRENCY).map(async (file) => {
          let st;
          try {
            // lstat: a symbolic link is never followed, so it never matches a digest and readOne refuses it.
            st = await lstat(join(this.dir, file));
          } catch (error) {
            entries[file] = { size: -1, mtimeMs: -1, ino: -1, problem: `could not be read (${ioReason(error)})` };
            return;
          }
          const known = old[file];
          if (known !== undefined && known.size === st.size && known.mtimeMs === st.mtimeMs && known.ino === st.ino) {
            entries[file] = known;
            return;
          }
          changed = true;
          const parsed = await this.readOne(file, await schema());
          entries[file] = parsed.ok
            ? { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, digest: digestOf(parsed.session) }
            : { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, problem: parsed.message };
        }),
      );
    }
    if (changed) await this.writeIndex({ schema: fingerprint, entries });
    const sessions: HistorySession[] = [];
    const problems: SessionProblem[] = [];
    for (const file of files) {
      const e = entries[file];
      if (e?.digest !== undefined) sessions.push(e.digest);
      else problems.push({ file, message: e?.problem ?? 'could not be read' });
    }
    sessions.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
    return { sessions, problems };
  }

  /** The index is an optimisation: a location that cannot be written just means no index. */
  private async writeIndex(index: IndexFile): Promise<void> {
    try {
      await writeFileAtomic(this.indexFile, JSON.stringify(index));
    } catch {
      // Read again from the session files next time.
    }
  }
}
