import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileCache } from '../../src/adapters/yaml-cache.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('validated-file cache', () => {
  it('hits only for the same file size and mtime, and survives a new process-level instance', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coach-cache-'));
    temps.push(dir);
    const file = join(dir, 'q.yaml');
    writeFileSync(file, 'a: 1\n');
    const stat = { size: 5, mtimeMs: 1000 };
    const cache = new FileCache(join(dir, 'cache'));
    expect(cache.get(file, stat)).toBeUndefined();
    cache.set(file, stat, { a: 1 });
    expect(new FileCache(join(dir, 'cache')).get(file, stat)).toEqual({ a: 1 });
    expect(cache.get(file, { size: 6, mtimeMs: 1000 })).toBeUndefined();
    expect(cache.get(file, { size: 5, mtimeMs: 2000 })).toBeUndefined();
  });

  it('treats an unwritable location as no cache, not as an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coach-cache-'));
    temps.push(dir);
    const notADirectory = join(dir, 'file');
    writeFileSync(notADirectory, '');
    const cache = new FileCache(join(notADirectory, 'cache'));
    expect(() => cache.set('/x.yaml', { size: 1, mtimeMs: 1 }, { v: 1 })).not.toThrow();
    expect(cache.get('/x.yaml', { size: 1, mtimeMs: 1 })).toBeUndefined();
  });
});
