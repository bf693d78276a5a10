import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimSession, heldElsewhere } from '../../src/adapters/session-lock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'coach-lock-'));
  dirs.push(d);
  return d;
}

/** A live process that is not this one: the other coach. */
async function otherProcess(): Promise<{ pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  return {
    pid: child.pid ?? 0,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

const ID = '20261205-090000-abcd';

describe('one writer per session', () => {
  it('a second coach is refused with the holder’s pid; once that process is gone the stale lock is taken over', async () => {
    const dir = tmp();
    const other = await otherProcess();
    const theirs = claimSession(dir, ID, other.pid);
    expect(theirs.ok).toBe(true);
    expect(heldElsewhere(dir, ID)).toBe(other.pid);
    expect(claimSession(dir, ID)).toEqual({ ok: false, pid: other.pid });
    await other.stop();
    expect(heldElsewhere(dir, ID)).toBe(undefined);
    const mine = claimSession(dir, ID);
    expect(mine.ok).toBe(true);
  });

  it('a release removes only its own claim: a later claim by the same process survives an earlier release', () => {
    const dir = tmp();
    const first = claimSession(dir, ID);
    const second = claimSession(dir, ID);
    if (!first.ok || !second.ok) throw new Error('expected both claims to hold');
    first.release();
    expect(readdirSync(dir)).toContain(`${ID}.lock`);
    second.release();
    expect(readdirSync(dir)).not.toContain(`${ID}.lock`);
  });
});
