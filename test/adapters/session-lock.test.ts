import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimSession, heldElsewhere } from '../../src/adapters/session-lock.js';
import { FsSessionStore } from '../../src/adapters/session-store.js';
import type { Session } from '../../src/schemas/session.js';

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

function unfinished(id: string, mode: Session['mode'], startedAt: string): Session {
  return { schemaVersion: 1, id, mode, status: 'active', startedAt, updatedAt: startedAt, settings: { minutes: 20 }, grader: 'rubric', interviewer: 'scripted', questions: [], drill: [] };
}

describe('a new session and the unfinished ones', () => {
  it('closes the older unfinished sessions of its mode, but not another mode’s, not its own, and not one another coach holds', async () => {
    const dir = tmp();
    const store = new FsSessionStore(dir, { indexDir: join(dir, 'index') });
    const older = unfinished('20261205-080000-aaaa', 'round', '2026-12-05T08:00:00.000Z');
    const drill = unfinished('20261205-081000-bbbb', 'drill', '2026-12-05T08:10:00.000Z');
    const held = unfinished('20261205-082000-cccc', 'round', '2026-12-05T08:20:00.000Z');
    const mine = unfinished('20261205-090000-dddd', 'round', '2026-12-05T09:00:00.000Z');
    for (const s of [older, drill, held, mine]) await store.save(s);
    const other = await otherProcess();
    try {
      expect(claimSession(dir, held.id, other.pid).ok).toBe(true);
      const closed = await store.closeUnfinished('round', mine.id, '2026-12-05T09:00:01.000Z');
      expect(closed).toEqual([older.id]);
      expect(await store.load(older.id)).toMatchObject({ status: 'closed', endedAt: '2026-12-05T09:00:01.000Z' });
      expect((await store.load(drill.id))?.status).toBe('active');
      expect((await store.load(held.id))?.status).toBe('active');
      expect((await store.load(mine.id))?.status).toBe('active');
      // Nothing else is offered to resume behind the new round but the one another coach holds.
      expect((await store.unfinished())?.id).toBe(mine.id);
      expect(readdirSync(dir).filter((f) => f.endsWith('.lock'))).toEqual([`${held.id}.lock`]);
    } finally {
      await other.stop();
    }
  });
});
