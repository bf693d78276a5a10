import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FsSessionStore } from '../src/adapters/session-store.js';
import type { Session } from '../src/schemas/session.js';
import { fixture, gradedRound, prepared, runCli } from './helpers.js';

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
