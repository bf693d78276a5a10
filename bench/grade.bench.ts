/**
 * Rubric grading speed and `coach grade` start-up, measured in one run and printed as one table.
 * Targets (DESIGN §7): a 600-word answer under 5 ms median; 1,000 regrades well under 1 s;
 * `coach grade` end to end at most 3x a bare `node -e 0`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { loadBank } from '../src/adapters/fs-bank.js';
import { gradeAnswer, type PreparedRubric } from '../src/core/grading/grade.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const answersDir = new URL('../test/fixtures/answers/', import.meta.url);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

/** Strong and weak fixture answers per question, padded or cut to about 600 words. */
function answersOf600Words(bank: Awaited<ReturnType<typeof loadBank>>): { prepared: PreparedRubric; answer: string }[] {
  const out: { prepared: PreparedRubric; answer: string }[] = [];
  const files = readdirSync(answersDir).filter((f) => /^q\d{2}-(strong|weak)\.md$/.test(f));
  for (const file of files) {
    const prepared = bank.question(file.slice(0, 3));
    if (prepared === undefined) continue;
    const text = readFileSync(new URL(file, answersDir), 'utf8');
    let answer = text;
    while (answer.split(/\s+/).length < 600) answer += `\n\n${text}`;
    answer = answer.split(/(\s+)/).slice(0, 1199).join('');
    out.push({ prepared, answer });
  }
  return out;
}

const bank = await loadBank();
const answers = answersOf600Words(bank);
if (answers.length === 0) throw new Error('no fixture answers found in test/fixtures/answers');

for (let i = 0; i < 200; i++) {
  const a = answers[i % answers.length];
  if (a !== undefined) gradeAnswer(a.prepared, a.answer);
}
const perAnswer: number[] = [];
for (let i = 0; i < 600; i++) {
  const a = answers[i % answers.length];
  if (a === undefined) continue;
  const t0 = performance.now();
  gradeAnswer(a.prepared, a.answer);
  perAnswer.push(performance.now() - t0);
}

const t1000 = performance.now();
for (let i = 0; i < 1000; i++) {
  const a = answers[i % answers.length];
  if (a !== undefined) gradeAnswer(a.prepared, a.answer);
}
const regrade1000 = performance.now() - t1000;

// End to end: the built CLI against a bare node start, interleaved so both see the same machine load.
const cli = `${root}dist/cli.js`;
if (!existsSync(cli)) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.json`], { stdio: 'inherit' });
}
const answerFile = fileURLToPath(new URL('q01-strong.md', answersDir));
const nodeRuns: number[] = [];
const cliRuns: number[] = [];
function wall(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${String(r.status)}`);
  return performance.now() - t0;
}
wall(['-e', '0']);
wall([cli, 'grade', '-q', 'q01', '-f', answerFile]);
for (let i = 0; i < 15; i++) {
  nodeRuns.push(wall(['-e', '0']));
  cliRuns.push(wall([cli, 'grade', '-q', 'q01', '-f', answerFile, '--json']));
}
const nodeMs = median(nodeRuns);
const cliMs = median(cliRuns);

const rows: [string, string, string, string][] = [
  ['rubric grade, 600-word answer (median)', `${median(perAnswer).toFixed(2)} ms`, '< 5 ms', median(perAnswer) < 5 ? 'ok' : 'MISS'],
  ['rubric grade, 600-word answer (p95)', `${percentile(perAnswer, 95).toFixed(2)} ms`, '', ''],
  ['regrade 1,000 answers', `${regrade1000.toFixed(0)} ms`, '< 1000 ms', regrade1000 < 1000 ? 'ok' : 'MISS'],
  ['node -e 0 (median of 15)', `${nodeMs.toFixed(0)} ms`, '', ''],
  ['coach grade --json end to end (median of 15)', `${cliMs.toFixed(0)} ms`, '', ''],
  ['coach grade / node -e 0', `${(cliMs / nodeMs).toFixed(2)}x`, '<= 3x', cliMs / nodeMs <= 3 ? 'ok' : 'MISS'],
];
const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0), ['measure', 'value', 'target', ''][i]?.length ?? 0));
const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
console.log(`\nRubric grading (${answers.length} fixture answers of ~600 words, ${bank.questions().length} questions)`);
console.log(line(['measure', 'value', 'target', '']));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
