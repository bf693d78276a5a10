import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadQuestion } from '../src/adapters/fs-bank.js';
import type { PreparedRubric } from '../src/core/grade.js';
import type { Grade } from '../src/schemas/grade.js';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/answers/${name}`, import.meta.url), 'utf8');
}

export async function prepared(id: string): Promise<PreparedRubric> {
  const loaded = await loadQuestion(id);
  if (loaded.prepared === undefined) throw new Error(`${id} failed to load: ${JSON.stringify(loaded.problems)}`);
  return loaded.prepared;
}

export function met(grade: Grade, id: string): boolean {
  const c = grade.criteria.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no criterion ${id}`);
  return c.met;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], input?: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 15_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
