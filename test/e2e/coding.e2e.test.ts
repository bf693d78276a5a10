/**
 * The coding round in a real pseudo-terminal, with a real $EDITOR: a script that writes a
 * solution into the file coach hands it, as a person saving in vim would. coach runs the visible
 * tests on what the editor left, submits, runs the hidden tests and the scale test, asks the
 * follow-ups, and the session holds the code.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/schemas/session.js';
import { CLI, ROOT } from '../helpers.js';
import { keys, ptyUnavailableReason, spawnTerminal, type PtyTerminal } from './terminal.js';

let dir: string;
let env: Record<string, string>;
const started: PtyTerminal[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coach-e2e-coding-'));
  env = { COACH_SESSIONS_DIR: join(dir, 'sessions'), COACH_CONFIG_DIR: join(dir, 'config'), COACH_CACHE_DIR: join(dir, 'cache'), VISUAL: '', EDITOR: join(dir, 'editor.sh') };
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

/** An editor that writes `solution` over the file it is given, and notes each file it was handed. */
function scriptedEditor(solution: string): void {
  writeFileSync(join(dir, 'solution.mjs'), solution);
  const script = join(dir, 'editor.sh');
  writeFileSync(script, `#!/bin/sh\necho "$1" >> "${join(dir, 'edited.txt')}"\ncp "${join(dir, 'solution.mjs')}" "$1"\n`);
  chmodSync(script, 0o755);
}

function sessionFiles(): Session[] {
  const sessions = join(dir, 'sessions');
  return readdirSync(sessions)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(sessions, f), 'utf8')) as Session);
}

describe.skipIf(ptyUnavailableReason !== undefined)('the coding round in a real terminal', () => {
  it('writes a solution through $EDITOR, runs the visible tests, submits, and sees the hidden and scale results', { timeout: 120_000 }, async () => {
    const reference = readFileSync(join(ROOT, 'questions', 'coding', 'token-bucket', 'reference.mjs'), 'utf8');
    scriptedEditor(reference);
    const t = spawnTerminal({ command: process.execPath, args: [CLI, 'round', '--coding', '--problem', 'token-bucket'], cwd: ROOT, env, cols: 100, rows: 32 });
    started.push(t);
    const first = await t.waitFor(/Your code: \/.*solution\.mjs/, 30_000);
    expect(first).toContain('Per-tenant token bucket');
    expect(first).toContain(`edit in ${join(dir, 'editor.sh')}`);
    t.write('e');
    await t.waitFor(/Visible tests \(run 1.*correctness 4\/4/, 30_000);
    const edited = readFileSync(join(dir, 'edited.txt'), 'utf8').trim();
    expect(edited).toMatch(/coding\/\d{8}-\d{6}-[a-z0-9]{4}\/solution\.mjs$/);
    expect(readFileSync(edited, 'utf8')).toBe(reference);
    t.write('s');
    const results = await t.waitFor('Interviewer (1 of 3)', 60_000);
    expect(results).toMatch(/Submitted\s+code 100\/100 · correctness 8\/8 · edge cases 6\/6 · scale passed/);
    expect(results).toMatch(/✓ scale: 300,000 calls in .*x the reference's/);
    t.write('I would use a monotonic clock and clamp negative elapsed to zero.');
    await t.waitFor('clamp negative elapsed');
    t.write(keys.ctrlD);
    await t.waitFor('Named 2 (2 needed)');
    t.write(keys.esc);
    await t.waitFor('Leave this round?');
    t.write('y');
    await t.waitFor('Unfinished coding round');
    t.write('q');
    await t.exited;
    const [session] = sessionFiles();
    expect(session?.mode).toBe('coding');
    expect(session?.coding?.[0]?.submission?.code).toBe(reference);
    expect(session?.coding?.[0]?.followUps).toHaveLength(1);
  });

  it('reports a solution that loops forever in one line, keeps the code, and stays usable', { timeout: 60_000 }, async () => {
    const looping = readFileSync(join(ROOT, 'questions', 'coding', 'token-bucket', 'starter.mjs'), 'utf8').replace(/constructor\(([^)]*)\)\s*\{/, 'constructor($1) {\n    for (;;) {}');
    scriptedEditor(looping);
    const t = spawnTerminal({ command: process.execPath, args: [CLI, 'round', '--coding', '--problem', 'token-bucket'], cwd: ROOT, env, cols: 100, rows: 32 });
    started.push(t);
    await t.waitFor(/Your code: \/.*solution\.mjs/, 30_000);
    t.write('e');
    const stopped = await t.waitFor(/stopped after 10 s: it did not finish/, 30_000);
    expect(stopped.replace(/\s+/g, ' ')).toContain('in "a new tenant can burst up to its bucket, then is refused"');
    t.write(keys.esc);
    await t.waitFor('Leave this round?');
    t.write('y');
    await t.waitFor('Unfinished coding round');
    t.write('q');
    await t.exited;
    expect(sessionFiles()[0]?.coding?.[0]?.code).toBe(looping);
  });
});
