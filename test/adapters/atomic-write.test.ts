import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../../src/adapters/atomic-write.js';

// A rename that fails on demand, as on a full or read-only disk, for both the sync and async paths.
const failRename = vi.hoisted(() => ({ on: false }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    renameSync: (from: string, to: string): void => {
      if (failRename.on) throw Object.assign(new Error(`EIO: i/o error, rename '${from}' -> '${to}'`), { code: 'EIO' });
      fs.renameSync(from, to);
    },
  };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    rename: async (from: string, to: string): Promise<void> => {
      if (failRename.on) throw Object.assign(new Error(`EIO: i/o error, rename '${from}' -> '${to}'`), { code: 'EIO' });
      await fs.rename(from, to);
    },
  };
});

const temps: string[] = [];
afterEach(() => {
  failRename.on = false;
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coach-atomic-'));
  temps.push(dir);
  return dir;
}

const big = (mark: string): string => `${mark}:${'x'.repeat(256 * 1024)}\n`;

describe('atomic write', () => {
  it('lands the whole text, creating the directory, and leaves nothing else behind', async () => {
    const dir = tempDir();
    const file = join(dir, 'nested', 'report.md');
    expect(await writeFileAtomic(file, big('async'))).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(big('async'));
    expect(writeFileAtomicSync(file, big('sync'))).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(big('sync'));
    expect(readdirSync(join(dir, 'nested'))).toEqual(['report.md']);
  });

  it('gives concurrent writers of one file one whole version each, never a mix', async () => {
    const dir = tempDir();
    const file = join(dir, 'session.json');
    const versions = ['a', 'b', 'c', 'd', 'e', 'f'].map(big);
    await Promise.all(versions.map((v) => writeFileAtomic(file, v)));
    expect(versions).toContain(readFileSync(file, 'utf8'));
    expect(readdirSync(dir)).toEqual(['session.json']);
  });

  it('keeps the old file and removes the temp file when the rename fails', async () => {
    const dir = tempDir();
    const file = join(dir, 'session.json');
    writeFileSync(file, 'old');
    failRename.on = true;
    await expect(writeFileAtomic(file, big('new'))).rejects.toThrow(/EIO/);
    expect(() => writeFileAtomicSync(file, big('new'))).toThrow(/EIO/);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['session.json']);
  });

  it('keeps the old file when the write is declined just before the rename', async () => {
    const dir = tempDir();
    const file = join(dir, 'session.json');
    writeFileSync(file, 'old');
    expect(await writeFileAtomic(file, 'stale', { commit: () => false })).toBe(false);
    expect(writeFileAtomicSync(file, 'stale', { commit: () => false })).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['session.json']);
  });

  it('fails on a target that is a directory, leaving no temp file', async () => {
    const dir = tempDir();
    const target = join(dir, 'exports');
    await writeFileAtomic(join(target, 'inside.md'), 'kept');
    await expect(writeFileAtomic(target, 'text')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['exports']);
    expect(readFileSync(join(target, 'inside.md'), 'utf8')).toBe('kept');
  });
});
