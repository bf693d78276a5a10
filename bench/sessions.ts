/** Writes `count` realistic graded sessions (three questions each, real rubric grades) for the history benchmarks. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gradeAnswer } from '../src/core/grading/grade.js';
import type { QuestionBank } from '../src/ports.js';
import type { QuestionRecord, Session } from '../src/schemas/session.js';

const answersDir = new URL('../test/fixtures/answers/', import.meta.url);

export function writeSessions(bank: QuestionBank, dir: string, count: number, from = '2024-01-01T09:00:00.000Z'): void {
  mkdirSync(dir, { recursive: true });
  // Per question: the weak fixture, the first half of the strong one, and the strong one.
  const levels = readdirSync(answersDir)
    .filter((f) => /^q\d{2}-strong\.md$/.test(f))
    .flatMap((file) => {
      const prepared = bank.question(file.slice(0, 3));
      if (prepared === undefined) return [];
      const strong = readFileSync(new URL(file, answersDir), 'utf8');
      const weak = readFileSync(new URL(file.replace('strong', 'weak'), answersDir), 'utf8');
      const paragraphs = strong.split(/\n\s*\n/);
      const medium = paragraphs.slice(0, Math.ceil(paragraphs.length / 2)).join('\n\n');
      return [[weak, medium, strong].map((text) => ({ prepared, text, grade: gradeAnswer(prepared, text) }))];
    });
  let seed = 42;
  const random = (): number => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const start = Date.parse(from);
  for (let i = 0; i < count; i++) {
    const at = new Date(start + i * 86_400_000).toISOString();
    // A user who improves: strong answers grow more likely over the sessions.
    const skill = (i + 1) / count;
    const questions: QuestionRecord[] = [0, 1, 2].map((k) => {
      const r = random();
      const level = r < skill * 0.6 ? 2 : r < skill * 0.6 + 0.35 ? 1 : 0;
      const g = levels[(i * 3 + k * 7) % levels.length]?.[level];
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
    writeFileSync(join(dir, `${id}.json`), `${JSON.stringify(session)}\n`);
  }
}
