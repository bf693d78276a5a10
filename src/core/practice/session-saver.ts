/**
 * Saving a round's or drill's session as it goes: one save at a time, in order, and the newest
 * snapshot not yet on disk kept so an exit signal can write it synchronously.
 */
import type { Session } from '../../schemas/session.js';

/** The part of the session store a running round or drill writes through. */
export interface SessionSaves {
  save(session: Session): Promise<void>;
  /** As save, synchronously, for exit paths. */
  saveSync(session: Session): void;
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

  save(session: Session): void {
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
