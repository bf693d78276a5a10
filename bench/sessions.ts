/** Writes `count` realistic graded sessions (three questions each, real rubric grades) for the history benchmarks. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gradeAnswer } from '../src/core/grade.js';
import type { QuestionBank } from '../src/ports.js';
import type { QuestionRecord, Session } from '../src/schemas/session.js';

const answersDir = new URL('../test/fixtures/answers/', import.meta.url);

export function writeSessions(bank: QuestionBank, dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  const graded = readdirSync(answersDir)
    .filter((f) => /^q\d{2}-(strong|weak)\.md$/.test(f))
    .flatMap((file) => {
      const prepared = bank.question(file.slice(0, 3));
      if (prepared === undefined) return [];
      const text = readFileSync(new URL(file, answersDir), 'utf8');
      return [{ prepared, text, grade: gradeAnswer(prepared, text) }];
    });
  const start = Date.parse('2024-01-01T09:00:00.000Z');
  for (let i = 0; i < count; i++) {
    const at = new Date(start + i * 86_400_000).toISOString();
    const questions: QuestionRecord[] = [0, 1, 2].map((k) => {
      const g = graded[(i * 3 + k * 7) % graded.length];
      if (g === undefined) throw new Error('no fixtures');
      return {
        questionId: g.prepared.question.id,
        title: g.prepared.question.title,
        startedAt: at,
        budgetSec: g.prepared.question.timeBudgetSec,
        finishedAt: at,
        answers: [{ kind: 'initial', prompt: g.prepared.question.prompt, text: g.text, startedAt: at, submittedAt: at, autoSubmitted: false, elapsedMs: 480_000, grade: g.grade }],
      };
    });
    const id = `${at.slice(0, 10).replaceAll('-', '')}-090000-${String(i).padStart(4, '0')}`;
    const session: Session = { schemaVersion: 1, id, mode: 'round', status: 'completed', startedAt: at, updatedAt: at, endedAt: at, settings: { minutes: 40, count: 3 }, grader: 'rubric', interviewer: 'scripted', questions, drill: [] };
    writeFileSync(join(dir, `${id}.json`), JSON.stringify(session, null, 2));
  }
}
