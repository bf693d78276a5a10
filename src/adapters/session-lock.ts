/**
 * One writer per session: a lock file beside the session, holding the owner's pid and a token.
 * A second coach that opens the same session is told who has it; a lock whose process is gone
 * (killed, crashed) is stale and taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionClaim } from '../core/practice/session-saver.js';

function lockFile(dir: string, id: string): string {
  return join(dir, `${id}.lock`);
}

function readLock(file: string): { readonly pid: number; readonly token: string } | undefined {
  try {
    const [pid, token] = readFileSync(file, 'utf8').trim().split(/\s+/);
    const n = Number(pid);
    return Number.isInteger(n) && n > 0 ? { pid: n, token: token ?? '' } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid is running (one we may not signal counts as running). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of another running coach holding the session, or undefined. */
export function heldElsewhere(dir: string, id: string, pid = process.pid): number | undefined {
  const owner = readLock(lockFile(dir, id));
  return owner !== undefined && owner.pid !== pid && alive(owner.pid) ? owner.pid : undefined;
}

export function claimSession(dir: string, id: string, pid = process.pid): SessionClaim {
  const file = lockFile(dir, id);
  const token = Math.random().toString(36).slice(2, 10);
  const released = { ok: true as const, release: (): void => undefined };
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    // A directory that cannot be made cannot be saved to either: the save reports that.
    return released;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, `${pid} ${token}\n`);
      } finally {
        closeSync(fd);
      }
      return {
        ok: true,
        release: () => {
          // Only our own claim is removed: a later claim in this process has its own token.
          if (readLock(file)?.token !== token) return;
          try {
            unlinkSync(file);
          } catch {
            // Already gone.
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return released;
      const owner = heldElsewhere(dir, id, pid);
      if (owner !== undefined) return { ok: false, pid: owner };
      // Stale (its process is gone) or our own earlier claim: take it over.
      try {
        unlinkSync(file);
      } catch {
        // Someone else removed it first; try again.
      }
    }
  }
  return released;
}
