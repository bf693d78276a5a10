import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FsSessionStore } from '../src/adapters/session-store.js';
import type { Session } from '../src/schemas/session.js';
import { CLI, ROOT, fixture, gradedRound, prepared, runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'coach-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const q23 = await prepared('q23');

describe('coach history and coach show', () => {
  it('list graded sessions newest first with trends and weakest questions, skipping a corrupt file', async () => {
    const store = new FsSessionStore(dir);
    await store.save(gradedRound('20261101-090000-aaaa', '2026-11-01T09:00:00.000Z', [{ q: q23, text: fixture('q23-weak.md') }]));
    await store.save(gradedRound('20261115-090000-bbbb', '2026-11-15T09:00:00.000Z', [{ q: q23, text: fixture('q23-strong.md') }]));
    writeFileSync(join(dir, '20261120-090000-cccc.json'), '{ not json');

    const json = runCli(['history', '--json', '--sessions-dir', dir]);
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as { sessions: { id: string; overall: number }[]; trends: Record<string, number[]>; weakestQuestions: { questionId: string; attempts: number }[]; skipped: { file: string }[] };
    expect(report.sessions.map((s) => s.id)).toEqual(['20261115-090000-bbbb', '20261101-090000-aaaa']);
    expect(report.sessions[0]?.overall).toBeGreaterThan(report.sessions[1]?.overall ?? 100);
    expect(report.trends.rollback).toHaveLength(2);
    expect(report.weakestQuestions[0]).toMatchObject({ questionId: 'q23', attempts: 2 });
    expect(report.skipped.map((p) => p.file)).toEqual(['20261120-090000-cccc.json']);

    const text = runCli(['history', '--sessions-dir', dir]);
    expect(text.stdout).toMatch(/Sessions \(2\)/);
    expect(text.stdout).toMatch(/constraints\s+[▁▂▃▄▅▆▇█]{2}/);
    expect(text.stdout).toContain('skipped 20261120-090000-cccc.json');
  });

  it('shows one session with quoted evidence and the first gap, and refuses an unknown id with exit 2', () => {
    const shown = runCli(['show', '20261101-090000-aaaa', '--sessions-dir', dir]);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('q23 · High p95 with healthy p50');
    expect(shown.stdout).toMatch(/First gap \(\w+\): /);
    const json = JSON.parse(runCli(['show', '20261115-090000-bbbb', '--json', '--sessions-dir', dir]).stdout) as Session;
    expect(json.questions[0]?.answers[0]?.grade.criteria.some((c) => c.met && c.evidence.length > 0)).toBe(true);
    const missing = runCli(['show', '20261231-000000-zzzz', '--sessions-dir', dir]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/no session '20261231-000000-zzzz'/);
  });
});

/** What a terminal would obey: ESC, BEL, the other C0 controls but newline, DEL and C1. */
const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const EVIL = '\u001b]0;PWNED\u0007\u001b[2J\u009b31m';

function fresh(name: string): { dir: string; env: NodeJS.ProcessEnv } {
  const root = join(dir, name);
  mkdirSync(root);
  return { dir: join(root, 'sessions'), env: { COACH_SESSIONS_DIR: join(root, 'sessions'), COACH_CONFIG_DIR: join(root, 'config'), COACH_CACHE_DIR: join(root, 'cache') } };
}

describe('what history prints from session files', () => {
  it('shows titles, prompts and answers without the escape sequences in them', async () => {
    const { dir: sessions, env } = fresh('escapes');
    const store = new FsSessionStore(sessions, { indexDir: join(sessions, '..', 'index') });
    for (const [id, at] of [['20261101-090000-aaaa', '2026-11-01T09:00:00.000Z'], ['20261102-090000-bbbb', '2026-11-02T09:00:00.000Z']] as const) {
      const text = fixture('q23-strong.md').replace('p95 TTFT went from', `p95 TTFT${EVIL} went from`);
      const session = gradedRound(id, at, [{ q: q23, text, followUp: `We roll back${EVIL} when p95 TTFT stays above 1 s for 5 minutes.` }]);
      const question = session.questions[0];
      const followUp = question?.answers[1];
      if (question === undefined || followUp === undefined) throw new Error('fixture has no follow-up');
      question.title = `High p95${EVIL}`;
      followUp.prompt = `And then${EVIL}?`;
      await store.save(session);
    }
    const printed = [['show', '20261102-090000-bbbb'], ['history'], ['diff', 'q23'], ['next'], ['export', '20261102-090000-bbbb'], ['show', '20261102-090000-bbbb', '--json'], ['history', '--json'], ['export', '--all', '--format', 'jsonl']].map((args) => {
      const r = runCli(args, undefined, env);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).not.toMatch(TERMINAL_CONTROL);
      return r.stdout;
    });
    expect(printed[0]).toContain('q23 · High p95');
    expect(printed[0]).toContain('p95 TTFT went from about 900 ms');
    expect(printed[0]).toContain('Q: And then?');
    // JSON keeps the exact characters, escaped.
    expect((JSON.parse(printed[5] ?? '') as Session).questions[0]?.title).toBe(`High p95${EVIL}`);
  });

  it('skips a symbolic link or a FIFO in the sessions directory, and a non-JSON file without echoing it', async () => {
    const { dir: sessions, env } = fresh('links');
    const outside = join(sessions, '..', 'outside');
    const store = new FsSessionStore(outside, { indexDir: join(sessions, '..', 'index') });
    await store.save(gradedRound('20261103-090000-link', '2026-11-03T09:00:00.000Z', [{ q: q23, text: fixture('q23-weak.md') }]));
    mkdirSync(sessions);
    symlinkSync(join(outside, '20261103-090000-link.json'), join(sessions, '20261103-090000-link.json'));
    spawnSync('mkfifo', [join(sessions, '20261104-090000-fifo.json')]);
    writeFileSync(join(sessions, '20261105-090000-junk.json'), `${EVIL} my notes, not JSON`);
    const r = runCli(['history', '--json'], undefined, env);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { sessions: unknown[]; skipped: { file: string; message: string }[] };
    expect(report.sessions).toEqual([]);
    expect(report.skipped).toEqual([
      { file: '20261103-090000-link.json', message: 'is a symbolic link, which coach does not follow here' },
      { file: '20261104-090000-fifo.json', message: 'is not a regular file' },
      { file: '20261105-090000-junk.json', message: 'not valid JSON' },
    ]);
    const shown = runCli(['show', '20261105-090000-junk'], undefined, env);
    expect(shown.status).toBe(2);
    expect(shown.stderr).toBe('coach: cannot read session 20261105-090000-junk.json: not valid JSON\n');
  });

  it('says in one line, exit 1, when the sessions directory cannot be listed, instead of an empty history', () => {
    const { dir: sessions, env } = fresh('not-a-dir');
    writeFileSync(sessions, 'a file where the sessions directory should be');
    for (const args of [['history'], ['history', '--json'], ['next'], ['export', '--all', '--format', 'jsonl'], ['diff', 'q23']]) {
      const r = runCli(args, undefined, env);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toBe(`coach: cannot read the sessions directory ${sessions}: not a directory\n`);
    }
  });
});

describe('coach regrade', () => {
  it('prints one aligned column per field, and regrades in the session\'s company mode', async () => {
    const { dir: sessions, env } = fresh('aligned');
    mkdirSync(sessions);
    const session = gradedRound('20261108-090000-algn', '2026-11-08T09:00:00.000Z', [{ q: q23, text: fixture('q23-weak.md'), followUp: 'We page at p95 TTFT over 1.5 s for 10 minutes and roll back.' }]);
    writeFileSync(join(sessions, `${session.id}.json`), JSON.stringify({ ...session, settings: { company: 'amazon' } }));
    const r = runCli(['regrade', session.id, '--rubric'], undefined, env);
    expect(r.status).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.includes(' -> '));
    expect(rows.map((l) => l.replace(/\s+\d+ -> .*$/, ''))).toEqual(['q23 answer', 'q23 follow-up (rollback)']);
    // The arrows line up.
    expect(new Set(rows.map((l) => l.indexOf('->'))).size).toBe(1);
    const saved = JSON.parse(readFileSync(join(sessions, `${session.id}.json`), 'utf8')) as { questions: { answers: { grade: { company?: { id: string } } }[] }[] };
    expect(saved.questions[0]?.answers[0]?.grade.company?.id).toBe('amazon');
  });

  it('refuses a session whose question id reaches outside the bank, before opening anything there', () => {
    const { dir: sessions, env } = fresh('traversal');
    mkdirSync(sessions);
    // A FIFO where the path leads: opening it would hang regrade for good.
    spawnSync('mkfifo', [join(dir, 'trap.yaml')]);
    const session = gradedRound('20261106-090000-trav', '2026-11-06T09:00:00.000Z', [{ q: q23, text: fixture('q23-weak.md') }]);
    const question = session.questions[0];
    if (question === undefined) throw new Error('fixture has no question');
    const questionId = relative(join(ROOT, 'questions'), join(dir, 'trap'));
    writeFileSync(join(sessions, `${session.id}.json`), JSON.stringify({ ...session, questions: [{ ...question, questionId }] }));
    const r = runCli(['regrade', session.id, '--rubric'], undefined, env);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`coach: cannot read session ${session.id}.json: questions[0].questionId: expected a question id like q07\n`);
  });

  it('on a disk that refuses the write, names the session and the reason in one line, exit 1, and keeps the old file', async () => {
    const { dir: sessions, env } = fresh('full');
    const session = gradedRound('20261107-090000-full', '2026-11-07T09:00:00.000Z', [{ q: q23, text: fixture('q23-weak.md') }]);
    await new FsSessionStore(sessions, { indexDir: join(sessions, '..', 'index') }).save(session);
    const before = readFileSync(join(sessions, `${session.id}.json`), 'utf8');
    // No file may grow past 0 bytes (RLIMIT_FSIZE): every write fails with EFBIG, as on a full disk, root or not.
    const r = spawnSync('sh', ['-c', 'trap "" XFSZ; ulimit -f 0; exec "$@"', 'sh', process.execPath, CLI, 'regrade', session.id, '--rubric'], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 15_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`coach: could not save session ${session.id} to ${join(sessions, `${session.id}.json`)}: file too large\n`);
    expect(readFileSync(join(sessions, `${session.id}.json`), 'utf8')).toBe(before);
  });

  it('on a read-only file system, says so in one line, exit 1 (where this user may mount one)', async (context) => {
    const { dir: sessions, env } = fresh('read-only');
    mkdirSync(sessions);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', sessions]).status !== 0) return context.skip();
    try {
      const session = gradedRound('20261108-090000-rofs', '2026-11-08T09:00:00.000Z', [{ q: q23, text: fixture('q23-weak.md') }]);
      await new FsSessionStore(sessions, { indexDir: join(sessions, '..', 'index') }).save(session);
      expect(spawnSync('mount', ['-o', 'remount,ro', sessions]).status).toBe(0);
      const r = runCli(['regrade', session.id, '--rubric'], undefined, env);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`coach: could not save session ${session.id} to ${join(sessions, `${session.id}.json`)}: read-only file system\n`);
    } finally {
      spawnSync('umount', [sessions]);
    }
  });
});
