/**
 * The one way coach reads a text file a user can name or place: bounded by the bytes actually
 * read (a FIFO or /dev/zero reports size 0 and never ends), refused when it is binary or not
 * UTF-8, and by default only from a regular file, opened without waiting for a FIFO's writer.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

export type UnreadableKind = 'missing' | 'directory' | 'not-a-file' | 'symlink' | 'too-large' | 'binary' | 'not-utf8' | 'io';

/** A file that cannot be read as text; `reason` is a phrase to follow the file's name ("is a directory"). */
export class UnreadableFile extends Error {
  constructor(
    readonly path: string,
    readonly kind: UnreadableKind,
    readonly reason: string,
  ) {
    super(`${path} ${reason}`);
    this.name = 'UnreadableFile';
  }
}

export interface ReadLimits {
  /** Reading stops one byte past this; the file is then refused as too large. */
  readonly maxBytes: number;
  /** Accept only a regular file (the default); false lets a pipe or a device be read, as `grade -f <(cmd)` needs. */
  readonly regularOnly?: boolean;
  /** Refuse a symbolic link instead of following it (files found in a directory coach lists). */
  readonly noFollow?: boolean;
}

const CHUNK = 64 * 1024;

export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.ceil(bytes / (1024 * 1024))} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Why an operation on a file failed, in words: "read-only file system", not "EROFS: read-only file system, open '/x/.y.tmp'". */
export function ioReason(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  const m = /^[A-Z0-9]+: (.+?)(?:, \w+(?: '.*')?)?$/.exec(message);
  return m?.[1] ?? message;
}

function openFailure(path: string, error: unknown, limits: ReadLimits): UnreadableFile {
  const code = errorCode(error);
  if (code === 'ENOENT') return new UnreadableFile(path, 'missing', 'does not exist');
  if (code === 'EISDIR') return new UnreadableFile(path, 'directory', 'is a directory');
  // O_NOFOLLOW on a symbolic link fails with ELOOP (EMLINK on FreeBSD).
  if (limits.noFollow === true && (code === 'ELOOP' || code === 'EMLINK')) return new UnreadableFile(path, 'symlink', 'is a symbolic link, which coach does not follow here');
  return new UnreadableFile(path, 'io', `cannot be read (${ioReason(error)})`);
}

function openFlags(limits: ReadLimits): number {
  // Non-blocking open: a FIFO without a writer would otherwise hang the open itself. Refused below anyway.
  const regular = limits.regularOnly === false ? 0 : (constants.O_NONBLOCK ?? 0);
  return constants.O_RDONLY | regular | (limits.noFollow === true ? (constants.O_NOFOLLOW ?? 0) : 0);
}

function checkStat(path: string, stat: Stats, limits: ReadLimits): void {
  if (stat.isDirectory()) throw new UnreadableFile(path, 'directory', 'is a directory');
  if (limits.regularOnly !== false && !stat.isFile()) throw new UnreadableFile(path, 'not-a-file', 'is not a regular file');
  if (stat.isFile() && stat.size > limits.maxBytes) throw tooLarge(path, limits.maxBytes, stat.size);
}

function tooLarge(path: string, maxBytes: number, size?: number): UnreadableFile {
  return new UnreadableFile(path, 'too-large', size === undefined ? `runs past ${formatSize(maxBytes)}; the limit is ${formatSize(maxBytes)}` : `is ${formatSize(size)}; the limit is ${formatSize(maxBytes)}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as text: refused when binary (any NUL byte) or not UTF-8; a byte-order mark is dropped. */
export function decodeText(path: string, bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new UnreadableFile(path, 'binary', 'is binary (it contains NUL bytes), not text');
  try {
    return utf8.decode(bytes);
  } catch {
    throw new UnreadableFile(path, 'not-utf8', 'is not UTF-8 text');
  }
}

/** The chunks read as one text, or why they are not one: past the limit, binary, not UTF-8. */
function joined(path: string, chunks: readonly Buffer[], total: number, maxBytes: number): string {
  if (total > maxBytes) throw tooLarge(path, maxBytes);
  return decodeText(path, Buffer.concat(chunks, total));
}

export function readTextFileSync(path: string, limits: ReadLimits): string {
  let fd: number;
  try {
    fd = openSync(path, openFlags(limits));
  } catch (error) {
    throw openFailure(path, error, limits);
  }
  try {
    checkStat(path, fstatSync(fd), limits);
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= limits.maxBytes) {
      const want = Math.min(CHUNK, limits.maxBytes + 1 - total);
      const buffer = Buffer.allocUnsafe(want);
      let n: number;
      try {
        n = readSync(fd, buffer, 0, want, null);
      } catch (error) {
        throw new UnreadableFile(path, 'io', `cannot be read (${ioReason(error)})`);
      }
      if (n === 0) break;
      chunks.push(buffer.subarray(0, n));
      total += n;
    }
    return joined(path, chunks, total, limits.maxBytes);
  } finally {
    closeSync(fd);
  }
}

export async function readTextFile(path: string, limits: ReadLimits): Promise<string> {
  let handle;
  try {
    handle = await open(path, openFlags(limits));
  } catch (error) {
    throw openFailure(path, error, limits);
  }
  try {
    checkStat(path, await handle.stat(), limits);
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= limits.maxBytes) {
      const want = Math.min(CHUNK, limits.maxBytes + 1 - total);
      let n: number;
      const buffer = Buffer.allocUnsafe(want);
      try {
        ({ bytesRead: n } = await handle.read(buffer, 0, want, null));
      } catch (error) {
        throw new UnreadableFile(path, 'io', `cannot be read (${ioReason(error)})`);
      }
      if (n === 0) break;
      chunks.push(buffer.subarray(0, n));
      total += n;
    }
    return joined(path, chunks, total, limits.maxBytes);
  } finally {
    await handle.close();
  }
}
