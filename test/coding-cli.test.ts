/** The coding round from the command line: its flags, and the saved rounds in history, next, diff and export. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBank, NO_CACHE } from '../src/adapters/fs-bank.js';
import { FsSessionStore } from '../src/adapters/session-store.js';
import { runTests } from '../src/adapters/coding/run-tests.js';
import { codeScore } from '../src/core/coding/results.js';
import type { Session } from '../src/schemas/session.js';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'coach-coding-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bank = await loadBank({ cache: NO_CACHE });
const entry = bank.coding().find((e) => e.problem.id === 'token-bucket');
if (entry === undefined) throw new Error('token-bucket failed to load');
const reference = readFileSync(join(entry.dir, 'reference.mjs'), 'utf8');

/** A submitted coding round whose code was really run. */
async function codingSession(id: string, at: string, code: string): Promise<Session> {
  const run = await runTests(entry!, 'node', code, 'hidden', new Date(at), { scaleCalls: 20_000 });
  return {
    schemaVersion: 1,
    id,
    mode: 'coding',
    status: 'completed',
    startedAt: at,
    updatedAt: at,
    endedAt: at,
    settings: { minutes: 30, plan: ['token-bucket'] },
    grader: 'rubric',
    interviewer: 'scripted',
    questions: [],
    drill: [],
    coding: [
      {
        problemId: 'token-bucket',
        title: entry!.problem.title,
        language: 'node',
        startedAt: at,
        budgetSec: 1800,
        code,
        savedAt: at,
        runs: [],
        submission: { at, elapsedMs: 1_200_000, code, run, score: codeScore(run), autoSubmitted: false },
        followUps: [],
        overall: codeScore(run),
        finishedAt: at,
      },
    ],
  };
}

describe('coach round --coding', () => {
  it('checks its flags before asking for a terminal, each in one line', () => {
    const unknown = runCli(['round', '--coding', '--problem', 'nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^coach: unknown coding problem 'nope': there are .*token-bucket/);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const stray = runCli(['round', '--problem', 'token-bucket']);
    expect(stray.status).toBe(2);
    expect(stray.stderr).toBe('coach: --problem belongs to the coding round: add --coding\n');
    const clash = runCli(['round', '--coding', '--minutes', '20']);
    expect(clash.stderr).toBe('coach: --coding is one problem with its own clock; drop --minutes\n');
    const piped = runCli(['round', '--coding', '--problem', 'token-bucket']);
    expect(piped.status).toBe(2);
    expect(piped.stderr).toMatch(/^coach: coach round --coding is interactive and needs a terminal/);
  });
});

describe('coding rounds in history', () => {
  it('history, next, diff and export show the rounds (show, not history, opens one): the tests, the scale verdict, the code', { timeout: 60_000 }, async () => {
    const store = new FsSessionStore(dir);
    const broken = reference.replace('if (b.tokens < tokens) return false;', 'if (b.tokens <= tokens) return false;');
    await store.save(await codingSession('20261201-090000-aaaa', '2026-12-01T09:00:00.000Z', broken));
    await store.save(await codingSession('20261203-090000-bbbb', '2026-12-03T09:00:00.000Z', reference));
    const env = { COACH_SESSIONS_DIR: dir };

    const list = runCli(['history'], undefined, env);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/20261203-090000-bbbb .* coding\s+1 problem\s+overall\s+100/);

    const one = runCli(['show', '20261201-090000-aaaa'], undefined, env);
    expect(one.stdout).toContain('token-bucket · Per-tenant token bucket for an LLM gateway · JavaScript (Node)');
    expect(one.stdout).toMatch(/✗ taking exactly what is left succeeds: call 2, tryTake\("acme", 30, 0\) returned false, expected true/);

    const next = runCli(['next'], undefined, env);
    expect(next.stdout).toMatch(/Coding round\n  token-bucket\s+last 100\/100, due in \d+ days? · coach round --coding --problem token-bucket/);

    const diff = runCli(['diff', 'token-bucket'], undefined, env);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain('Now passing (');
    expect(diff.stdout).toContain('  + taking exactly what is left succeeds');
    expect(diff.stdout).toContain('-    if (b.tokens <= tokens) return false;');
    expect(diff.stdout).toContain('+    if (b.tokens < tokens) return false;');

    const md = runCli(['export', '20261201-090000-aaaa'], undefined, env);
    expect(md.stdout).toContain('# Coding round');
    expect(md.stdout).toContain('```js');
    expect(md.stdout).toMatch(/- ✓ scale: 20,000 calls in/);

    const none = runCli(['diff', 'token-bucket', '--from', '20261130-000000-zzzz'], undefined, env);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^coach: session '20261130-000000-zzzz' has no submitted attempt at token-bucket/);
  });
});

describe('coach selftest --set coding', () => {
  it('reports both halves of the labelled follow-up answers, lists only the tuning half\'s misses, and keeps the test half aggregate in JSON', () => {
    const text = runCli(['selftest', '--set', 'coding', '--detail']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/tuning half, 36 answers to 18 follow-ups\n\s+points credited \d+, \d+ against both labellers: precision \d+% · recall \d+% of \d+ made/);
    expect(text.stdout).toMatch(/test half, 36 answers to 18 follow-ups/);
    expect(text.stdout).toContain('Targets on the test half: precision ≥ 85%');
    expect(text.stdout).toContain("The test half's misses are not listed: nobody tunes against it.");
    expect(text.stdout).not.toContain('Points decided against both labellers (coding, test half)');

    const json = runCli(['selftest', '--set', 'coding', '--json']);
    const out = JSON.parse(json.stdout) as { reports: unknown[]; coding: { half: string; misses?: unknown[] }[] };
    expect(out.reports).toEqual([]);
    expect(out.coding.map((r) => [r.half, r.misses !== undefined])).toEqual([
      ['tuning', true],
      ['test', false],
    ]);
  });
});
