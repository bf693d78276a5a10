/**
 * Saving a round's or drill's session as it goes: one save at a time, in order, and the newest
 * snapshot not yet on disk kept so an exit signal can write it synchronously.
 */
import type { Session } from '../../schemas/session.js';

/** A session held for writing by this process, or the pid of the coach that holds it. */
export type SessionClaim = { readonly ok: true; release(): void } | { readonly ok: false; readonly pid: number };

/** The part of the session store a running round or drill writes through. */
export interface SessionSaves {
  save(session: Session): Promise<void>;
  /** As save, synchronously, for exit paths. */
  saveSync(session: Session): void;
  /** One writer per session: held while a round or drill runs. Stores without it do not lock. */
  claim?(id: string): SessionClaim;
  /** Closes the other unfinished sessions of a mode when a new one starts; stores without it keep them. */
  closeUnfinished?(mode: Session['mode'], except: string, at: string): Promise<readonly string[]>;
}

/** Something holding a snapshot that may not be on disk yet. */
export interface Flushable {
  /** Writes the newest unsaved snapshot synchronously; never throws. */
  flushSync(): void;
  /** Resolves once every save asked for so far has finished. */
  settled(): Promise<void>;
}

/**
 * The rounds and drills whose snapshots may not be on disk yet. Controllers join while they
 * run and leave once their last save has landed; an exit signal flushes them all.
 */
export class OpenSessions implements Flushable {
  private readonly open = new Set<Flushable>();

  add(session: Flushable): () => void {
    this.open.add(session);
    return () => {
      this.open.delete(session);
    };
  }

  flushSync(): void {
    for (const session of [...this.open]) session.flushSync();
  }

  /**
   * Resolves once every open session's saves have landed: a screen that reads the store (home,
   * offering to resume) waits for it, or it could offer a snapshot older than the one just left.
   */
  async settled(): Promise<void> {
    await Promise.all([...this.open].map((session) => session.settled()));
  }
}

function message(e: unknown): string {
  return `could not save the session: ${e instanceof Error ? e.message : String(e)}`;
}

/**
 * Saves snapshots one at a time, in order, so an older snapshot never lands after a newer one.
 * A failed save is reported through `onResult`, never thrown: the answers stay in memory.
 */
export class SessionSaver implements Flushable {
  private chain: Promise<void> = Promise.resolve();
  /** The newest snapshot whose save has not finished. */
  private unsaved: { readonly session: Session } | undefined;

  /** `onResult` gets undefined after a save that worked, the error line after one that failed. */
  constructor(
    private readonly store: SessionSaves,
    private readonly onResult: (error: string | undefined) => void,
  ) {}

  /** Set when another coach holds the session: nothing is written, so nothing of theirs is overwritten. */
  private blocked: string | undefined;

  /** Stops all writes, reporting `why` in place of each save's result. */
  block(why: string): void {
    this.blocked = why;
    this.unsaved = undefined;
    this.onResult(why);
  }

  save(session: Session): void {
    if (this.blocked !== undefined) return;
    const entry = { session };
    this.unsaved = entry;
    this.chain = this.chain.then(async () => {
      try {
        await this.store.save(session);
        if (this.unsaved === entry) this.unsaved = undefined;
        this.onResult(undefined);
      } catch (e) {
        this.onResult(message(e));
      }
    });
  }

  /**
   * For exit paths: `latest` (the state as it stands, typing included) becomes the snapshot to
   * write, then it is written synchronously. Without it, the newest snapshot not yet on disk is.
   */
  flushSync(latest?: Session): void {
    if (this.blocked !== undefined) return;
    if (latest !== undefined) this.unsaved = { session: latest };
    const pending = this.unsaved;
    this.unsaved = undefined;
    if (pending === undefined) return;
    try {
      this.store.saveSync(pending.session);
    } catch (e) {
      this.onResult(message(e));
    }
  }

  /** Resolves once every save asked for so far has finished, worked or failed. */
  settled(): Promise<void> {
    return this.chain;
  }
}

/**
 * Opens a running round's or drill's session: held for this process (when another coach holds
 * it, the saver is blocked, so nothing of theirs is overwritten, and the screen says why) and
 * listed for exit flushes. A `fresh` session closes the older unfinished ones of its mode. Returns
 * what closes it: once the last save has landed, the session leaves the open list and is given
 * back for other coaches.
 */
export function openSession(
  store: SessionSaves,
  id: string,
  saver: SessionSaver,
  flushable: Flushable,
  open: OpenSessions | undefined,
  fresh?: { readonly mode: Session['mode']; readonly at: string },
): () => void {
  const claim = store.claim?.(id);
  if (claim?.ok === false) saver.block(`session ${id} is open in another coach (pid ${claim.pid}); nothing in this window is saved`);
  // A new session replaces the unfinished ones of its mode: left active, they would hide behind it forever.
  if (fresh !== undefined && claim?.ok !== false) void store.closeUnfinished?.(fresh.mode, id, fresh.at).catch(() => undefined);
  const leave = open?.add(flushable);
  return () => {
    void saver.settled().then(() => {
      leave?.();
      if (claim?.ok === true) claim.release();
    });
  };
}
