/**
 * The one way coach replaces a file: write a temp file in the same directory, fsync it, rename it
 * over the target, then fsync the directory. A crash at any moment leaves the old file or the new
 * one, never a torn mix; the rename never crosses a file system because the temp file sits beside
 * the target. Temp files end in `.tmp`, so readers that list `*.json` never see one.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Permission bits of the new file, before the umask (default 0o666, as fs.writeFile). */
  readonly mode?: number;
  /** Asked once the data is on disk, just before the rename: false abandons this write and keeps the old file. */
  readonly commit?: () => boolean;
  /** Create missing directories (default); a path a user typed should fail instead. */
  readonly createDirectory?: boolean;
}

let written = 0;

/** Unique per process and call, so concurrent writers of one target never share a temp file. */
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${++written}.${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/** Writes `data` to `path` whole or not at all. Resolves false when `commit` declined. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<boolean> {
  const dir = dirname(path);
  if (options.createDirectory !== false) await mkdir(dir, { recursive: true });
  const temp = tempPathFor(path);
  try {
    const handle = await open(temp, 'wx', options.mode ?? 0o666);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.commit !== undefined && !options.commit()) {
      await rm(temp, { force: true });
      return false;
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
  return true;
}

/** As writeFileAtomic, synchronously: for exit paths and the bank cache, which runs inside a synchronous load. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): boolean {
  const dir = dirname(path);
  if (options.createDirectory !== false) mkdirSync(dir, { recursive: true });
  const temp = tempPathFor(path);
  try {
    const fd = openSync(temp, 'wx', options.mode ?? 0o666);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.commit !== undefined && !options.commit()) {
      rmSync(temp, { force: true });
      return false;
    }
    renameSync(temp, path);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The write's own error is the one worth reporting.
    }
    throw error;
  }
  syncDirectorySync(dir);
  return true;
}

/** Makes the rename itself durable; not every platform can fsync a directory, and that is fine. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The file itself is already synced; only the directory entry could be lost.
  }
}

function syncDirectorySync(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // As in syncDirectory.
  }
}
