import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsSessionStore } from '../src/adapters/session-store.js';
import { CLI, fixture, gradedRound, prepared, runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'coach-export-'));
const env = { COACH_SESSIONS_DIR: join(dir, 'sessions'), COACH_CONFIG_DIR: join(dir, 'config'), COACH_CACHE_DIR: join(dir, 'cache') };

beforeAll(async () => {
  const store = new FsSessionStore(env.COACH_SESSIONS_DIR, { indexDir: join(dir, 'index') });
  const q23 = await prepared('q23');
  await store.save(gradedRound('20261120-090000-aaaa', '2026-11-20T09:00:00.000Z', [{ q: q23, text: fixture('q23-weak.md') }]));
  await store.save(gradedRound('20261121-090000-bbbb', '2026-11-21T09:00:00.000Z', [{ q: q23, text: fixture('q23-strong.md') }]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('coach export', () => {
  it('writes one session as Markdown or JSON, and the whole history as JSON lines', () => {
    const md = runCli(['export', '20261121-090000-bbbb'], undefined, env);
    expect(md.status).toBe(0);
    expect(md.stdout).toMatch(/^# Mock interview round, 2026-11-21 09:00/);
    expect(md.stdout).toContain('**Met (');
    expect(JSON.parse(runCli(['export', '20261121-090000-bbbb', '--format', 'json'], undefined, env).stdout)).toMatchObject({ id: '20261121-090000-bbbb' });
    const out = join(dir, 'all.jsonl');
    const all = runCli(['export', '--all', '--format', 'jsonl', '--out', out], undefined, env);
    expect(all.status).toBe(0);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['20261121-090000-bbbb', '20261120-090000-aaaa']);
    // --all alone means JSON lines: there is no other format for the whole history.
    const plain = runCli(['export', '--all'], undefined, env);
    expect(plain.status).toBe(0);
    expect(plain.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['20261121-090000-bbbb', '20261120-090000-aaaa']);
  });

  it('replaces an --out file whole, and refuses a directory or a missing one in one line, leaving nothing behind', () => {
    const outDir = join(dir, 'out');
    mkdirSync(join(outDir, 'taken'), { recursive: true });
    const report = join(outDir, 'report.md');
    writeFileSync(report, 'an older, longer report that must not survive in part '.repeat(200));
    const ok = runCli(['export', '20261121-090000-bbbb', '-o', report], undefined, env);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toBe(`coach: wrote ${report}\n`);
    expect(readFileSync(report, 'utf8')).toBe(runCli(['export', '20261121-090000-bbbb'], undefined, env).stdout);
    const intoDir = runCli(['export', '20261121-090000-bbbb', '-o', join(outDir, 'taken')], undefined, env);
    expect(intoDir.status).toBe(2);
    expect(intoDir.stderr.trim().split('\n')).toEqual([`coach: cannot write '${join(outDir, 'taken')}': EISDIR: illegal operation on a directory`]);
    const missing = join(outDir, 'missing', 'report.md');
    const nowhere = runCli(['export', '20261121-090000-bbbb', '-o', missing], undefined, env);
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toMatch(/^coach: cannot write '.*missing\/report\.md': ENOENT: no such file or directory\n$/);
    expect(existsSync(join(outDir, 'missing'))).toBe(false);
    expect(readdirSync(outDir).sort()).toEqual(['report.md', 'taken']);
  });

  it('keeps the old --out file whole when the disk refuses the new one, and leaves no temp file', () => {
    const outDir = join(dir, 'full');
    mkdirSync(outDir);
    const report = join(outDir, 'report.md');
    writeFileSync(report, 'the report from last week');
    // No file may grow past 0 bytes (RLIMIT_FSIZE): the write fails with EFBIG, as on a full disk.
    const r = spawnSync('sh', ['-c', 'trap "" XFSZ; ulimit -f 0; exec "$@"', 'sh', process.execPath, CLI, 'export', '20261121-090000-bbbb', '-o', report], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 15_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`coach: cannot write '${report}': EFBIG: file too large\n`);
    expect(readFileSync(report, 'utf8')).toBe('the report from last week');
    expect(readdirSync(outDir)).toEqual(['report.md']);
  });

  it('writes a Markdown file with no terminal controls from the session in it', async () => {
    const own = { ...env, COACH_SESSIONS_DIR: join(dir, 'evil-sessions') };
    const store = new FsSessionStore(own.COACH_SESSIONS_DIR, { indexDir: join(dir, 'index') });
    const evil = '\u001b]0;PWNED\u0007\u001b[2J\u009b31m\u007f';
    const session = gradedRound('20261122-090000-evil', '2026-11-22T09:00:00.000Z', [{ q: await prepared('q23'), text: `${fixture('q23-strong.md')}\nAnd${evil} one more thing.` }]);
    const question = session.questions[0];
    if (question === undefined) throw new Error('fixture has no question');
    question.title = `High p95${evil}`;
    await store.save(session);
    const out = join(dir, 'evil.md');
    expect(runCli(['export', session.id, '-o', out], undefined, own).status).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('## q23 · High p95\n');
    expect(md).toContain('And one more thing.');
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('refuses a missing id or a format that does not fit, in one line', () => {
    for (const args of [['export'], ['export', '--all', '--format', 'md'], ['export', '20261121-090000-bbbb', '--format', 'jsonl'], ['export', 'nope']]) {
      const r = runCli(args, undefined, env);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('coach diff', () => {
  it('compares the latest two attempts at a question', () => {
    const r = runCli(['diff', 'q23'], undefined, env);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Overall \d+ -> \d+ \(\+\d+\)/);
    expect(r.stdout).toMatch(/Now stated \(\d+\)\n {2}\+ \[/);
    expect(r.stdout).toContain('Dropped since (0)');
    const back = JSON.parse(runCli(['diff', 'q23', '--from', '20261121-090000-bbbb', '--to', '20261120-090000-aaaa', '--json'], undefined, env).stdout) as { dropped: unknown[]; gained: unknown[] };
    expect(back.dropped.length).toBeGreaterThan(0);
    expect(back.gained).toEqual([]);
  });

  it('says when there are not two attempts to compare', () => {
    const r = runCli(['diff', 'q05'], undefined, env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('q05 has no graded attempts; a diff needs two');
  });
});

describe('coach next', () => {
  it('lists what is due from the graded history, as text and JSON', () => {
    const r = runCli(['next'], undefined, env);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Due now \(1\)\n {2}q23 {2}High p95 with healthy p50|Nothing is due now\./);
    expect(r.stdout).toMatch(/Never practised: 31 questions/);
    const json = JSON.parse(runCli(['next', '--json'], undefined, env).stdout) as { scheduled: { questionId: string; reviews: number }[] };
    expect(json.scheduled).toHaveLength(5);
    expect(json.scheduled.every((s) => s.questionId === 'q23' && s.reviews === 2)).toBe(true);
  });
});
