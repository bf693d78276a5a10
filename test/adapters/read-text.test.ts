import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ioReason, readTextFile, readTextFileSync, UnreadableFile } from '../../src/adapters/read-text.js';

const dir = mkdtempSync(join(tmpdir(), 'coach-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function failure(read: () => unknown): UnreadableFile {
  try {
    read();
  } catch (error) {
    if (error instanceof UnreadableFile) return error;
    throw error;
  }
  throw new Error('expected the read to fail');
}

async function asyncFailure(read: () => Promise<unknown>): Promise<UnreadableFile> {
  try {
    await read();
  } catch (error) {
    if (error instanceof UnreadableFile) return error;
    throw error;
  }
  throw new Error('expected the read to fail');
}

describe('reading a text file a user named', () => {
  it.skipIf(!existsSync('/dev/zero'))('stops at the limit by the bytes read, for a device whose size says 0', async () => {
    expect(failure(() => readTextFileSync('/dev/zero', { maxBytes: 1024, regularOnly: false })).kind).toBe('too-large');
    const error = await asyncFailure(() => readTextFile('/dev/zero', { maxBytes: 1024, regularOnly: false }));
    expect(error.reason).toBe('runs past 1 KB; the limit is 1 KB');
  });

  it('refuses a FIFO or a device at once when only a regular file will do, without waiting for a writer', async () => {
    const fifo = join(dir, 'session.json');
    execFileSync('mkfifo', [fifo]);
    expect(failure(() => readTextFileSync(fifo, { maxBytes: 1024 })).reason).toBe('is not a regular file');
    expect((await asyncFailure(() => readTextFile(fifo, { maxBytes: 1024 }))).kind).toBe('not-a-file');
    if (existsSync('/dev/zero')) expect(failure(() => readTextFileSync('/dev/zero', { maxBytes: 1024 })).kind).toBe('not-a-file');
  });

  it('refuses binary and non-UTF-8 bytes, reads UTF-8 without its byte-order mark', () => {
    const binary = join(dir, 'binary.md');
    writeFileSync(binary, Buffer.from([0x61, 0x00, 0x62]));
    expect(failure(() => readTextFileSync(binary, { maxBytes: 1024 })).reason).toBe('is binary (it contains NUL bytes), not text');
    const latin1 = join(dir, 'latin1.md');
    writeFileSync(latin1, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(failure(() => readTextFileSync(latin1, { maxBytes: 1024 })).kind).toBe('not-utf8');
    const bom = join(dir, 'bom.md');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('café ✓', 'utf8')]));
    expect(readTextFileSync(bom, { maxBytes: 1024 })).toBe('café ✓');
  });

  it('refuses a regular file over the limit by its size, and reads one at the limit', () => {
    const file = join(dir, 'big.md');
    writeFileSync(file, 'a'.repeat(2048));
    expect(failure(() => readTextFileSync(file, { maxBytes: 1024 })).reason).toBe('is 2 KB; the limit is 1 KB');
    expect(readTextFileSync(file, { maxBytes: 2048 })).toHaveLength(2048);
  });

  it('does not follow a symbolic link when told not to', async () => {
    const target = join(dir, 'target.json');
    writeFileSync(target, '{}');
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    expect(readTextFileSync(link, { maxBytes: 1024 })).toBe('{}');
    expect((await asyncFailure(() => readTextFile(link, { maxBytes: 1024, noFollow: true }))).kind).toBe('symlink');
  });

  it('names a missing file and a directory', () => {
    expect(failure(() => readTextFileSync(join(dir, 'nope'), { maxBytes: 1024 })).kind).toBe('missing');
    expect(failure(() => readTextFileSync(dir, { maxBytes: 1024, regularOnly: false })).reason).toBe('is a directory');
  });
});

describe('ioReason', () => {
  it('says why in words, without the code, the syscall or the temp file', () => {
    const error = Object.assign(new Error("EROFS: read-only file system, open '/x/.s.json.1.1.abc.tmp'"), { code: 'EROFS' });
    expect(ioReason(error)).toBe('read-only file system');
    expect(ioReason(new Error('ENOSPC: no space left on device, write'))).toBe('no space left on device');
    expect(ioReason(new Error('something else'))).toBe('something else');
  });
});
