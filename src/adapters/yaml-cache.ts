import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomicSync } from './atomic-write.js';
import { CHECKOUT_DIR } from './checkout.js';

/**
 * Validated bank files, cached as JSON. Parsing the bank's YAML costs about a second on these
 * machines and importing zod about 100 ms; a cache hit costs a millisecond. An entry is reused
 * only for the byte-identical file (same size and mtime) checked by the byte-identical schema
 * module, so a hit is exactly what validating again would return. `bank validate` bypasses it.
 */
interface Entry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly schema: string;
  readonly value: unknown;
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.COACH_CACHE_DIR !== undefined && env.COACH_CACHE_DIR !== '') return env.COACH_CACHE_DIR;
  const modules = join(CHECKOUT_DIR, 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'coach') : join(tmpdir(), `coach-cache-${process.getuid?.() ?? 'user'}`);
}

/** Identifies the schema module this process validates with: the build's source hash, or the module file's size and mtime. */
export function schemaFingerprint(module = 'bank'): string {
  // The bundle is stamped with a hash of every source file (scripts/bundle.mjs).
  const build = process.env['COACH_BUILD_ID'];
  if (build !== undefined && build !== '') return `${module}:${build}`;
  for (const url of [new URL(`../schemas/${module}.js`, import.meta.url), new URL(`../schemas/${module}.ts`, import.meta.url)]) {
    try {
      const stat = statSync(fileURLToPath(url));
      return `${stat.size}:${stat.mtimeMs}`;
    } catch {
      // Not this layout; try the next.
    }
  }
  return 'unknown';
}

export interface ValidatedCache {
  get(path: string, stat: { size: number; mtimeMs: number }): unknown;
  set(path: string, stat: { size: number; mtimeMs: number }, value: unknown): void;
}

/** A cache that never hits: validation always runs. */
export const NO_CACHE: ValidatedCache = { get: () => undefined, set: () => undefined };

export class FileCache implements ValidatedCache {
  private readonly schema = schemaFingerprint();

  constructor(private readonly dir: string = defaultCacheDir()) {}

  private entryFile(path: string): string {
    return join(this.dir, `${createHash('sha1').update(path).digest('hex')}.json`);
  }

  get(path: string, stat: { size: number; mtimeMs: number }): unknown {
    try {
      const entry = JSON.parse(readFileSync(this.entryFile(path), 'utf8')) as Entry;
      if (entry.size === stat.size && entry.mtimeMs === stat.mtimeMs && entry.schema === this.schema) return entry.value;
    } catch {
      // A missing or unreadable entry is a miss.
    }
    return undefined;
  }

  /** Writes one entry atomically; a read-only location just means no cache. */
  set(path: string, stat: { size: number; mtimeMs: number }, value: unknown): void {
    const entry: Entry = { size: stat.size, mtimeMs: stat.mtimeMs, schema: this.schema, value };
    try {
      writeFileAtomicSync(this.entryFile(path), JSON.stringify(entry));
    } catch {
      // Caching is an optimisation; failing to write it changes nothing else.
    }
  }
}
