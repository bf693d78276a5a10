import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../src/schemas/bank.js';
import { Grade } from '../src/schemas/grade.js';
import { ROOT, fixture, runCli } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'coach-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const strongFile = join(ROOT, 'test/fixtures/answers/q01-strong.md');

function oneLineError(r: { status: number | null; stdout: string; stderr: string }): string {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  return lines[0] ?? '';
}

describe('coach grade', () => {
  it('prints the report: dimensions, quoted evidence, misses, red flags and the first gap', () => {
    const r = runCli(['grade', '--question', 'q01', '--answer-file', strongFile]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Overall \d+\/100/);
    for (const d of DIMENSIONS) expect(r.stdout).toMatch(new RegExp(`${d}\\s+[█░]{4} \\d/4`));
    expect(r.stdout).toContain('p95 time to first token under 400 ms');
    expect(r.stdout).toMatch(/First gap/);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('prints one JSON object with the documented fields, and reads stdin', () => {
    const r = runCli(['grade', '-q', 'q01', '--json'], fixture('q01-weak.md'));
    expect(r.status).toBe(0);
    const parsed = Grade.parse(JSON.parse(r.stdout));
    expect(parsed.questionId).toBe('q01');
    expect(parsed.grader).toBe('rubric');
    expect(Object.keys(parsed.dimensions).sort()).toEqual([...DIMENSIONS].sort());
    expect(parsed.criteria.every((c) => typeof c.met === 'boolean' && Array.isArray(c.evidence))).toBe(true);
    expect(parsed.redFlags.map((f) => f.id)).toContain('just-add-gpus');
    expect(parsed.firstGap?.dimension).toBe('constraints');
  });

  it('refuses bad input with one clear line and exit 2', () => {
    expect(oneLineError(runCli(['grade', '-q', 'q99', '-f', strongFile]))).toMatch(/unknown question 'q99'/);
    expect(oneLineError(runCli(['grade', '-q', 'q01', '-f', join(tmp, 'missing.md')]))).toMatch(/cannot read answer file .*no such file/);
    const empty = join(tmp, 'empty.md');
    writeFileSync(empty, '  \n\n ');
    expect(oneLineError(runCli(['grade', '-q', 'q01', '-f', empty]))).toMatch(/is empty/);
    const huge = join(tmp, 'huge.md');
    writeFileSync(huge, 'word '.repeat(25_000));
    expect(oneLineError(runCli(['grade', '-q', 'q01', '-f', huge]))).toMatch(/limit is 100 KB/);
    expect(oneLineError(runCli(['grade', '-q', 'q01'], 'x '.repeat(60_000)))).toMatch(/over 100 KB/);
    expect(oneLineError(runCli(['grade', '-q', 'q01'], ''))).toMatch(/empty/);
    expect(oneLineError(runCli(['grade', '-q', 'q01', '--bogus']))).toMatch(/unknown option/);
  });
});

describe('coach bank', () => {
  it('lists the questions and rapid-fire sets, as text and JSON', () => {
    const text = runCli(['bank', 'list']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('q23');
    expect(text.stdout).toMatch(/Rapid-fire \(\d+ items\)/);
    const json = JSON.parse(runCli(['bank', 'list', '--json']).stdout) as { questions: { id: string }[]; rapidFire: unknown[] };
    expect(json.questions).toHaveLength(32);
    expect(json.rapidFire.length).toBeGreaterThanOrEqual(40);
  });

  it('shows one question with its ladder and rubric', () => {
    const r = runCli(['bank', 'show', 'q07']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^q07 · /);
    expect(r.stdout).toContain('Follow-up ladder');
    expect(r.stdout).toContain('[rollback]');
    expect(oneLineError(runCli(['bank', 'show', 'q77']))).toMatch(/unknown question/);
  });

  it('validates: exit 0 on the shipped bank, exit 2 listing every problem in a broken copy', () => {
    const ok = runCli(['bank', 'validate']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/bank ok: 32 questions, \d+ rapid-fire items and 32 spot-the-flaw answers/);

    const dir = join(tmp, 'bank');
    cpSync(join(ROOT, 'questions'), join(dir, 'questions'), { recursive: true });
    cpSync(join(ROOT, 'rubrics'), join(dir, 'rubrics'), { recursive: true });
    const q03 = join(dir, 'questions', 'q03.yaml');
    writeFileSync(q03, readFileSync(q03, 'utf8').replace(/^cluster: \w+/m, 'cluster: frontend'));
    const q05 = join(dir, 'questions', 'q05.yaml');
    writeFileSync(q05, readFileSync(q05, 'utf8').replace(/^timeBudgetSec: \d+/m, 'timeBudgetSec: ten minutes'));
    // A spot-the-flaw answer that loads but whose "flawed" part shows no flaw is a content problem.
    const same = 'We roll back automatically if p95 TTFT stays above 800 ms for 5 minutes.';
    const part = (flag: string): string => `  - flag: ${flag}\n    sound: ${same}\n    flawed: ${same}\n    named: [{ all: [rollback] }]\n    critique: There is no rollback plan.\n`;
    writeFileSync(join(dir, 'questions', 'flaws', 'q01.yaml'), `question: q01\nparts:\n  - text: We serve the model on vLLM.\n${part('fix-forward')}${part('utilisation-as-health')}`);
    const r = runCli(['bank', 'validate', '--dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^questions\/q03\.yaml: cluster: .*expected one of/m);
    expect(r.stderr).toMatch(/^questions\/q05\.yaml: timeBudgetSec: /m);
    expect(r.stderr).toMatch(/^questions\/flaws\/q01\.yaml: parts: planted \[fix-forward\]: the answer does not raise fix-forward/m);
    // The broken questions' own flaw sets are skipped without a second problem each.
    expect(r.stderr).not.toMatch(/flaws\/q0[35]\.yaml/);
    expect(r.stderr).toMatch(/\d+ problems; 30 questions, \d+ rapid-fire items and 29 spot-the-flaw answers are valid/);
    expect(oneLineError(runCli(['bank', 'validate', '--dir', join(tmp, 'nowhere')]))).toMatch(/cannot read bank directory/);
  });
});

describe('coach drill', () => {
  it('refuses a bad --focus or a mix of drills with one clear line, before asking for a terminal', () => {
    expect(oneLineError(runCli(['drill', '--focus', 'q05']))).toMatch(/--focus takes a question and a dimension, e\.g\. q05:rollback, not 'q05' \(dimensions: constraints, /);
    expect(oneLineError(runCli(['drill', '--focus', 'q99:rollback']))).toMatch(/unknown question 'q99'/);
    expect(oneLineError(runCli(['drill', '--focus', 'q05:rollback', '--count', '3']))).toMatch(/--count does not apply to --focus/);
    expect(oneLineError(runCli(['drill', '--spot-the-flaw', '--focus', 'q05:rollback']))).toMatch(/choose one/);
    // Valid flags reach the terminal check: a drill is interactive.
    expect(oneLineError(runCli(['drill', '--spot-the-flaw', '--count', '2']))).toMatch(/coach drill is interactive and needs a terminal/);
  });
});
