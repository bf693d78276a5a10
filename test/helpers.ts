import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadQuestion } from '../src/adapters/fs-bank.js';
import { gradeAnswer } from '../src/core/grading/grade.js';
import type { PreparedRubric } from '../src/core/grading/grade.js';
import type { Grade } from '../src/schemas/grade.js';
import type { Session } from '../src/schemas/session.js';

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

export interface RoundAnswerSpec {
  readonly q: PreparedRubric;
  readonly text: string;
  /** A follow-up answer pressing rollback, graded beside the initial one. */
  readonly followUp?: string;
}

/** A completed round session whose answers are graded by the real rubric grader. */
export function gradedRound(id: string, startedAt: string, answers: readonly RoundAnswerSpec[]): Session {
  const answer = (q: PreparedRubric, kind: 'initial' | 'follow-up', text: string) => ({
    kind,
    prompt: kind === 'initial' ? q.question.prompt : 'follow-up',
    ...(kind === 'follow-up' ? { dimension: 'rollback' as const } : {}),
    text,
    startedAt,
    submittedAt: startedAt,
    autoSubmitted: false,
    elapsedMs: 240_000,
    grade: gradeAnswer(q, text),
  });
  return {
    schemaVersion: 1,
    id,
    mode: 'round',
    status: 'completed',
    startedAt,
    updatedAt: startedAt,
    settings: {},
    grader: 'rubric',
    interviewer: 'scripted',
    drill: [],
    questions: answers.map(({ q, text, followUp }) => ({
      questionId: q.question.id,
      title: q.question.title,
      startedAt,
      budgetSec: 600,
      answers: [answer(q, 'initial', text), ...(followUp === undefined ? [] : [answer(q, 'follow-up', followUp)])],
    })),
  };
}

/** A finished drill of this kind: each prompt right or wrong, as a saved session has it. */
export function answeredDrill(id: string, startedAt: string, variant: NonNullable<Session['settings']['variant']>, right: readonly boolean[]): Session {
  return {
    schemaVersion: 1,
    id,
    mode: 'drill',
    status: 'completed',
    startedAt,
    updatedAt: startedAt,
    settings: { variant },
    grader: 'rubric',
    interviewer: 'scripted',
    questions: [],
    drill: right.map((correct, i) => ({
      itemId: `rf-item-${i}`,
      prompt: `prompt ${i + 1}`,
      answer: correct ? 'a right answer' : 'a wrong one',
      named: correct ? ['a', 'b'] : [],
      missed: correct ? [] : ['a', 'b'],
      atLeast: 2,
      correct,
      elapsedMs: 20_000,
      autoSubmitted: false,
      answeredAt: startedAt,
    })),
  };
}

/** A fixed pseudo-random sequence (Park-Miller), so plans are the same every run. */
export function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}
