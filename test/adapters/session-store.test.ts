import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadQuestion } from '../../src/adapters/fs-bank.js';
import { FsSessionStore, SessionLoadError, overallOf, resolveSessionsDir, summarize } from '../../src/adapters/session-store.js';
import { gradeAnswer } from '../../src/core/grading/grade.js';
import type { Grade } from '../../src/schemas/grade.js';
import { DRAFT_TIMELINE_LIMIT, Session, migrateSession, newSessionId, type DraftSnapshot } from '../../src/schemas/session.js';
import { thinTimeline } from '../../src/schemas/constants.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coach-sessions-'));
  temps.push(dir);
  return dir;
}

let grade: Grade;
beforeAll(async () => {
  const { prepared } = await loadQuestion('q01');
  if (prepared === undefined) throw new Error('q01 failed to load');
  grade = gradeAnswer(prepared, 'We target p95 TTFT under 500 ms at 200 requests per second and roll back if errors exceed 1% for 5 minutes.');
});

function session(id: string, startedAt: string, overrides: Partial<Session> = {}): Session {
  return {
    schemaVersion: 1,
    id,
    mode: 'round',
    status: 'completed',
    startedAt,
    updatedAt: startedAt,
    settings: { minutes: 20, company: 'google' },
    grader: 'rubric',
    interviewer: 'scripted',
    questions: [],
    drill: [],
    ...overrides,
  };
}

function gradedSession(id: string, startedAt: string, overrides: Partial<Session> = {}): Session {
  return session(id, startedAt, {
    questions: [
      {
        questionId: 'q01',
        title: 'Question one',
        startedAt,
        budgetSec: 600,
        answers: [
          {
            kind: 'initial',
            prompt: 'Design it',
            text: 'We target p95 TTFT under 500 ms.',
            startedAt,
            submittedAt: '2026-11-22T13:20:00.000Z',
            autoSubmitted: false,
            elapsedMs: 285_000,
            grade,
          },
        ],
        draft: {
          text: 'Under load we would',
          savedAt: '2026-11-22T13:21:02.000Z',
          prompt: 'What breaks first at 10x?',
          kind: 'follow-up',
          dimension: 'architecture',
          startedAt: '2026-11-22T13:20:30.000Z',
          timeline: [
            { text: 'Under', savedAt: '2026-11-22T13:21:00.000Z', length: 5 },
            { text: 'Under load we would', savedAt: '2026-11-22T13:21:02.000Z', length: 19 },
          ],
        },
      },
    ],
    ...overrides,
  });
}

function writeJson(dir: string, name: string, value: unknown): void {
  writeFileSync(join(dir, name), JSON.stringify(value));
}

describe('session store', () => {
  it('round-trips a session with a graded answer and a draft', async () => {
    const store = new FsSessionStore(join(tempDir(), 'nested', 'sessions'));
    const original = gradedSession('20261122-131500-a1b2', '2026-11-22T13:15:00.000Z', { status: 'active' });
    await store.save(original);
    expect(await store.load(original.id)).toEqual(original);
    expect(readdirSync(store.dir)).toEqual(['20261122-131500-a1b2.json']);
  });

  it('saveSync writes a file that load reads back', async () => {
    const store = new FsSessionStore(tempDir());
    const original = gradedSession('20261122-131500-sync', '2026-11-22T13:15:00.000Z');
    store.saveSync(original);
    expect(await store.load(original.id)).toEqual(original);
  });

  it('returns undefined for a missing session or something that is not an id', async () => {
    const dir = tempDir();
    const store = new FsSessionStore(dir);
    expect(await store.load('20261122-131500-none')).toBeUndefined();
    writeJson(dir, 'evil.json', session('20261122-131500-evil', '2026-11-22T13:15:00.000Z'));
    expect(await store.load('../evil')).toBeUndefined();
  });

  it('throws a one-line SessionLoadError naming the file and field for a corrupt session', async () => {
    const dir = tempDir();
    const bad = gradedSession('20261122-131500-a1b2', '2026-11-22T13:15:00.000Z');
    const answer = bad.questions[0]?.answers[0];
    if (answer === undefined) throw new Error('fixture has no answer');
    answer.grade = { ...answer.grade, overall: 101 };
    writeJson(dir, '20261122-131500-a1b2.json', bad);
    writeFileSync(join(dir, '20261122-131500-trnc.json'), '{"schemaVersion": 1, "id": "2026');
    const store = new FsSessionStore(dir);
    const error = await store.load('20261122-131500-a1b2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionLoadError);
    expect((error as Error).message).toBe('20261122-131500-a1b2.json: questions[0].answers[0].grade.overall: Too big: expected number to be <=100');
    const truncated = await store.load('20261122-131500-trnc').catch((e: unknown) => e);
    expect(truncated).toBeInstanceOf(SessionLoadError);
    expect((truncated as Error).message).toMatch(/^20261122-131500-trnc\.json: not valid JSON/);
    expect((truncated as Error).message).not.toContain('\n');
  });

  it('lists sessions newest first and reports corrupt, foreign and future files once each without throwing', async () => {
    const dir = tempDir();
    const store = new FsSessionStore(dir);
    await store.save(session('20261120-090000-aaaa', '2026-11-20T09:00:00.000Z'));
    await store.save(gradedSession('20261122-131500-cccc', '2026-11-22T13:15:00.000Z'));
    await store.save(session('20261121-100000-bbbb', '2026-11-21T10:00:00.000Z'));
    writeFileSync(join(dir, '20261123-080000-dddd.json'), '{ not json');
    writeJson(dir, 'foreign.json', { hello: 1 });
    writeJson(dir, '20261124-080000-eeee.json', { ...session('20261124-080000-eeee', '2026-11-24T08:00:00.000Z'), schemaVersion: 2 });
    writeFileSync(join(dir, '.20261125-080000-ffff.json.123.1.abc.tmp'), '{"schemaVersion":1,"id":"2026112');
    writeFileSync(join(dir, 'notes.txt'), 'not a session');

    const { sessions, problems } = await store.list();
    expect(sessions.map((s) => s.id)).toEqual(['20261122-131500-cccc', '20261121-100000-bbbb', '20261120-090000-aaaa']);
    expect(problems.map((p) => p.file).sort()).toEqual(['20261123-080000-dddd.json', '20261124-080000-eeee.json', 'foreign.json']);
    const byFile = new Map(problems.map((p) => [p.file, p.message]));
    expect(byFile.get('20261123-080000-dddd.json')).toMatch(/^not valid JSON/);
    expect(byFile.get('foreign.json')).toBe('schemaVersion: missing: not a coach session file');
    expect(byFile.get('20261124-080000-eeee.json')).toBe('schemaVersion: version 2 was written by a newer coach; this one reads up to version 1');
    for (const p of problems) expect(p.message).not.toContain('\n');
  });

  it('never follows a symbolic link or opens a FIFO in the sessions directory: each is skipped with one line', async () => {
    const outside = tempDir();
    const elsewhere = session('20261122-131500-link', '2026-11-22T13:15:00.000Z');
    writeJson(outside, '20261122-131500-link.json', elsewhere);
    const dir = tempDir();
    symlinkSync(join(outside, '20261122-131500-link.json'), join(dir, '20261122-131500-link.json'));
    execFileSync('mkfifo', [join(dir, '20261122-131500-fifo.json')]);
    const store = new FsSessionStore(dir, { indexDir: tempDir() });
    await store.save(session('20261120-090000-aaaa', '2026-11-20T09:00:00.000Z'));
    const expected = [
      { file: '20261122-131500-fifo.json', message: 'is not a regular file' },
      { file: '20261122-131500-link.json', message: 'is a symbolic link, which coach does not follow here' },
    ];
    const listed = await store.list();
    expect(listed.sessions.map((s) => s.id)).toEqual(['20261120-090000-aaaa']);
    expect(listed.problems).toEqual(expected);
    const digested = await store.digests();
    expect(digested.sessions.map((s) => s.id)).toEqual(['20261120-090000-aaaa']);
    expect(digested.problems).toEqual(expected);
    await expect(store.load('20261122-131500-link')).rejects.toThrow('20261122-131500-link.json: is a symbolic link, which coach does not follow here');
    await expect(store.load('20261122-131500-fifo')).rejects.toThrow('20261122-131500-fifo.json: is not a regular file');
  });

  it('says a file is not JSON without echoing what it holds', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '20261122-131500-junk.json'), '\u001b]0;PWNED\u0007 secret text');
    const store = new FsSessionStore(dir);
    await expect(store.load('20261122-131500-junk')).rejects.toThrow(/^20261122-131500-junk\.json: not valid JSON$/);
    writeFileSync(join(dir, '20261122-131500-half.json'), '{ not json');
    const { problems } = await store.list();
    expect(problems).toEqual([
      { file: '20261122-131500-half.json', message: expect.stringMatching(/^not valid JSON \(at character \d+\)$/) as unknown },
      { file: '20261122-131500-junk.json', message: 'not valid JSON' },
    ]);
  });

  it('refuses a session whose question id or drill item id is not an id, so it can never name a path', async () => {
    const dir = tempDir();
    const traversal = gradedSession('20261122-131500-trav', '2026-11-22T13:15:00.000Z');
    const question = traversal.questions[0];
    if (question === undefined) throw new Error('fixture has no question');
    writeJson(dir, '20261122-131500-trav.json', { ...traversal, questions: [{ ...question, questionId: '../../../tmp/fifo' }] });
    const drill = session('20261122-131500-dril', '2026-11-22T13:15:00.000Z', {
      mode: 'drill',
      drill: [{ itemId: '../x', prompt: 'p', answer: 'a', named: [], missed: [], atLeast: 1, correct: false, elapsedMs: 1, autoSubmitted: false, answeredAt: '2026-11-22T13:15:00.000Z' }],
    });
    writeJson(dir, '20261122-131500-dril.json', drill);
    const { sessions, problems } = await new FsSessionStore(dir).list();
    expect(sessions).toEqual([]);
    expect(problems).toEqual([
      { file: '20261122-131500-dril.json', message: 'drill[0].itemId: expected a drill item id like rf-kv-cache or focus:q05:rollback' },
      { file: '20261122-131500-trav.json', message: 'questions[0].questionId: expected a question id like q07' },
    ]);
    for (const itemId of ['rf-kv-cache', 'flaw:q05:all-traffic-at-once+model-first', 'focus:q05:rollback']) {
      expect(Session.safeParse({ ...drill, drill: [{ ...drill.drill[0], itemId }] }).success).toBe(true);
    }
  });

  it('says why a sessions directory cannot be listed, and nothing when it is simply not there yet', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    expect(await new FsSessionStore(join(dir, 'file')).directoryProblem()).toBe('not a directory');
    expect(await new FsSessionStore(join(dir, 'missing')).directoryProblem()).toBeUndefined();
    expect(await new FsSessionStore(dir).directoryProblem()).toBeUndefined();
  });

  it('reports a session whose id does not match its file name, so a copy is never resumed twice', async () => {
    const dir = tempDir();
    writeJson(dir, '20261122-131500-copy.json', session('20261122-131500-orig', '2026-11-22T13:15:00.000Z', { status: 'active' }));
    const store = new FsSessionStore(dir);
    const { sessions, problems } = await store.list();
    expect(sessions).toEqual([]);
    expect(problems).toEqual([{ file: '20261122-131500-copy.json', message: 'id: 20261122-131500-orig does not match the file name' }]);
    expect(await store.unfinished()).toBeUndefined();
  });

  it('lists nothing, without error, when the directory does not exist yet', async () => {
    const store = new FsSessionStore(join(tempDir(), 'missing'));
    expect(await store.list()).toEqual({ sessions: [], problems: [] });
    expect(await store.unfinished()).toBeUndefined();
  });

  it('overwrites on save and leaves no temp files behind', async () => {
    const dir = tempDir();
    const store = new FsSessionStore(dir);
    const first = session('20261122-131500-a1b2', '2026-11-22T13:15:00.000Z', { status: 'active' });
    await store.save(first);
    await store.save({ ...first, status: 'completed', endedAt: '2026-11-22T13:45:00.000Z' });
    expect((await store.load(first.id))?.status).toBe('completed');
    expect(readdirSync(dir)).toEqual(['20261122-131500-a1b2.json']);
  });

  it('keeps the newest of several saves started without waiting', async () => {
    const store = new FsSessionStore(tempDir());
    const base = session('20261122-131500-a1b2', '2026-11-22T13:15:00.000Z', { status: 'active' });
    const saves = [1, 2, 3, 4, 5].map((n) => store.save({ ...base, updatedAt: `2026-11-22T13:1${n}:00.000Z` }));
    await Promise.all(saves);
    expect((await store.load(base.id))?.updatedAt).toBe('2026-11-22T13:15:00.000Z');
  });

  it('a synchronous save on exit is not overwritten by an older save still in flight', async () => {
    const store = new FsSessionStore(tempDir());
    const base = session('20261122-131500-a1b2', '2026-11-22T13:15:00.000Z', { status: 'active' });
    const pending = store.save({ ...base, updatedAt: '2026-11-22T13:16:00.000Z' });
    store.saveSync({ ...base, updatedAt: '2026-11-22T13:17:00.000Z', status: 'closed' });
    await pending;
    const loaded = await store.load(base.id);
    expect(loaded?.updatedAt).toBe('2026-11-22T13:17:00.000Z');
    expect(loaded?.status).toBe('closed');
  });

  it('a failed save throws and leaves the previous file intact', async () => {
    const dir = tempDir();
    const store = new FsSessionStore(dir);
    const good = gradedSession('20261122-131500-a1b2', '2026-11-22T13:15:00.000Z');
    await store.save(good);
    const unserialisable = { ...good, settings: { minutes: 10n } } as unknown as Session;
    await expect(store.save(unserialisable)).rejects.toThrow(/could not save session 20261122-131500-a1b2/);
    expect(() => store.saveSync(unserialisable)).toThrow(/could not save session/);
    expect(Session.safeParse(JSON.parse(readFileSync(join(dir, '20261122-131500-a1b2.json'), 'utf8'))).success).toBe(true);
    expect(await store.load(good.id)).toEqual(good);
    expect(readdirSync(dir)).toEqual(['20261122-131500-a1b2.json']);
  });

  it('a save into a path that cannot be a directory throws and does not poison later saves', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    const blocked = new FsSessionStore(join(dir, 'file', 'sessions'));
    await expect(blocked.save(session('20261122-131500-a1b2', '2026-11-22T13:15:00.000Z'))).rejects.toThrow(/could not save session/);
    const store = new FsSessionStore(dir);
    await store.save(session('20261122-131500-a1b2', '2026-11-22T13:15:00.000Z'));
    expect(await store.load('20261122-131500-a1b2')).toBeDefined();
  });

  it('unfinished() finds the newest active session', async () => {
    const dir = tempDir();
    const store = new FsSessionStore(dir);
    expect(await store.unfinished()).toBeUndefined();
    await store.save(session('20261120-090000-aaaa', '2026-11-20T09:00:00.000Z', { status: 'active' }));
    await store.save(session('20261121-090000-bbbb', '2026-11-21T09:00:00.000Z', { status: 'active' }));
    await store.save(session('20261122-090000-cccc', '2026-11-22T09:00:00.000Z', { status: 'completed' }));
    await store.save(session('20261123-090000-dddd', '2026-11-23T09:00:00.000Z', { status: 'closed' }));
    expect((await store.unfinished())?.id).toBe('20261121-090000-bbbb');
  });

  it('loads a version-less (version 0) file by migrating it', async () => {
    const dir = tempDir();
    const current = session('20261122-131500-v0v0', '2026-11-22T13:15:00.000Z');
    const { schemaVersion: _dropped, ...versionless } = current;
    writeJson(dir, '20261122-131500-v0v0.json', versionless);
    const store = new FsSessionStore(dir);
    expect(await store.load(current.id)).toEqual(current);
  });

  it('loads a draft timeline longer than the limit thinned as the recorder thins it: the first and the last snapshot stay', async () => {
    const dir = tempDir();
    const base = gradedSession('20261122-131500-long', '2026-11-22T13:15:00.000Z');
    const question = base.questions[0];
    if (question?.draft === undefined) throw new Error('fixture has no draft');
    const timeline: DraftSnapshot[] = Array.from({ length: DRAFT_TIMELINE_LIMIT + 20 }, (_, i) => ({ text: 'x'.repeat(i), savedAt: '2026-11-22T13:21:00.000Z', length: i }));
    question.draft = { ...question.draft, timeline };
    writeJson(dir, '20261122-131500-long.json', base);
    const loaded = await new FsSessionStore(dir).load(base.id);
    const kept = loaded?.questions[0]?.draft?.timeline;
    expect(kept?.length).toBeLessThanOrEqual(DRAFT_TIMELINE_LIMIT);
    expect(kept?.length).toBeGreaterThan(DRAFT_TIMELINE_LIMIT / 2);
    // The start of the answer is what "time to the first constraint" reads.
    expect(kept?.[0]?.length).toBe(0);
    expect(kept?.at(-1)?.length).toBe(DRAFT_TIMELINE_LIMIT + 19);
    expect(kept?.map((k) => k.length)).toEqual(thinTimeline(timeline).map((k) => k.length));
  });

  it('lists 1,000 small sessions', async () => {
    const dir = tempDir();
    const store = new FsSessionStore(dir);
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 1000; i++) {
      const at = new Date(start + i * 60_000);
      store.saveSync(session(`20260101-${String(i).padStart(6, '0')}-x${String(i % 1000).padStart(3, '0')}`, at.toISOString()));
    }
    const { sessions, problems } = await store.list();
    expect(problems).toEqual([]);
    expect(sessions).toHaveLength(1000);
    expect(sessions[0]?.id).toBe('20260101-000999-x999');
    expect(sessions.at(-1)?.id).toBe('20260101-000000-x000');
  });
});

describe('session summaries', () => {
  it('overallOf is the mean of each question\'s initial-answer grade, undefined when nothing is graded', () => {
    const s = gradedSession('20261122-131500-a1b2', '2026-11-22T13:15:00.000Z');
    const q = s.questions[0];
    const a = q?.answers[0];
    if (q === undefined || a === undefined) throw new Error('fixture has no answer');
    const withGrades = {
      ...s,
      questions: [
        { ...q, answers: [{ ...a, kind: 'initial' as const, grade: { ...grade, overall: 40 } }, { ...a, kind: 'follow-up' as const, grade: { ...grade, overall: 10 } }] },
        { ...q, answers: [{ ...a, kind: 'initial' as const, grade: { ...grade, overall: 70 } }] },
        { ...q, answers: [] },
      ],
    };
    expect(overallOf(withGrades)).toBe(55);
    expect(overallOf(session('20261122-131500-a1b2', '2026-11-22T13:15:00.000Z'))).toBeUndefined();
    expect(summarize(withGrades)).toEqual({ id: s.id, mode: 'round', kind: 'round', status: 'completed', startedAt: s.startedAt, questions: 3, overall: 55 });
  });
});

describe('session schema', () => {
  it('migrateSession adds the version to a version-less session and leaves others alone', () => {
    expect(migrateSession({ id: 'x', questions: [] })).toEqual({ id: 'x', questions: [], schemaVersion: 1 });
    const future = { schemaVersion: 2, id: 'x', questions: [] };
    expect(migrateSession(future)).toBe(future);
    expect(migrateSession({ hello: 1 })).toEqual({ hello: 1 });
    expect(migrateSession([1, 2])).toEqual([1, 2]);
    expect(migrateSession(null)).toBeNull();
  });

  it('newSessionId is the local date and time plus four random characters', () => {
    const values = [0, 0.5, 0.999999, 0.1];
    let i = 0;
    const id = newSessionId(new Date(2026, 10, 22, 13, 15, 0), () => values[i++ % values.length] ?? 0);
    expect(id).toBe('20261122-131500-as9d');
    expect(newSessionId(new Date())).toMatch(/^[0-9]{8}-[0-9]{6}-[a-z0-9]{4}$/);
    expect(newSessionId(new Date(2026, 0, 2, 3, 4, 5), () => 1)).toBe('20260102-030405-9999');
  });
});

describe('resolveSessionsDir', () => {
  const cwd = '/home/me/prep';
  it('prefers the flag, then COACH_SESSIONS_DIR, then the setting, then ./sessions', () => {
    const env = { COACH_SESSIONS_DIR: '/env/sessions' };
    expect(resolveSessionsDir({ flag: 'mine', env, setting: '/set', cwd })).toBe(resolve(cwd, 'mine'));
    expect(resolveSessionsDir({ env, setting: '/set', cwd })).toBe('/env/sessions');
    expect(resolveSessionsDir({ env: {}, setting: '/set', cwd })).toBe('/set');
    expect(resolveSessionsDir({ env: { COACH_SESSIONS_DIR: '' }, cwd })).toBe(join(cwd, 'sessions'));
    expect(resolveSessionsDir({ cwd })).toBe(join(cwd, 'sessions'));
    expect(resolveSessionsDir({ cwd, checkout: '/opt/coach' })).toBe('/opt/coach/sessions');
    expect(resolveSessionsDir({ cwd, checkout: '/opt/coach', setting: 'rel' })).toBe(resolve(cwd, 'rel'));
  });
});

describe('the history index (digests)', () => {
  it('gives what list() gives, per session, and reports the same unusable files', async () => {
    const dir = tempDir();
    const store = new FsSessionStore(dir, { indexDir: tempDir() });
    await store.save(gradedSession('20261120-090000-aaaa', '2026-11-20T09:00:00.000Z'));
    await store.save(session('20261121-090000-bbbb', '2026-11-21T09:00:00.000Z', { status: 'active' }));
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    const listed = await store.list();
    const digested = await store.digests();
    expect(digested.sessions.map(summarize)).toEqual(listed.sessions.map(summarize));
    expect(digested.problems).toEqual(listed.problems);
    // From the index on the second call, with the same answer.
    expect(await store.digests()).toEqual(digested);
  });

  it('reads a file again only when it changed on disk', async () => {
    const dir = tempDir();
    const store = new FsSessionStore(dir, { indexDir: tempDir() });
    const s = gradedSession('20261120-090000-aaaa', '2026-11-20T09:00:00.000Z');
    await store.save(s);
    expect((await store.digests()).sessions[0]?.status).toBe('completed');
    // A save (temp file and rename) is seen at once.
    await store.save({ ...s, status: 'closed' });
    expect((await store.digests()).sessions[0]?.status).toBe('closed');
    // A deleted file leaves the index too.
    rmSync(join(dir, `${s.id}.json`));
    expect((await store.digests()).sessions).toEqual([]);
  });

  it('rebuilds from the files when the index is corrupt', async () => {
    const dir = tempDir();
    const indexDir = tempDir();
    const store = new FsSessionStore(dir, { indexDir });
    await store.save(gradedSession('20261120-090000-aaaa', '2026-11-20T09:00:00.000Z'));
    await store.digests();
    const [index] = readdirSync(indexDir);
    writeFileSync(join(indexDir, index ?? 'x.json'), '{"schema": 3');
    expect((await store.digests()).sessions.map((d) => d.id)).toEqual(['20261120-090000-aaaa']);
  });
});
