/** A coding round's results as screen blocks: a test run, a follow-up's grade, the round's summary. */
import type { CodingFollowUp, TestRun } from '../../schemas/coding.js';
import { LANGUAGE_NAMES } from '../../schemas/coding.js';
import type { CodingFollowUpRecord, CodingRecord } from '../../schemas/session.js';
import { categoryScores } from '../../core/coding/results.js';
import type { CodingDiff } from '../../core/coding/attempts.js';
import { printable, printableLine } from '../../core/printable.js';
import { seg, type RichLine } from '../rich.js';
import type { Block } from './grade-lines.js';

function count(passed: number, total: number): RichLine[number] {
  return seg(`${passed}/${total}`, passed === total ? 'good' : passed === 0 ? 'bad' : 'warn');
}

/** The run's headline: per category, passed of total, and the scale verdict. */
export function runHeadline(run: TestRun): RichLine {
  const { correctness, edge } = categoryScores(run);
  const out: RichLine[number][] = [seg('correctness '), count(correctness.passed, correctness.total)];
  if (edge.total > 0) out.push(seg(' · edge cases '), count(edge.passed, edge.total));
  if (run.scale !== undefined) out.push(seg(' · scale '), seg(run.scale.passed ? 'passed' : 'failed', run.scale.passed ? 'good' : 'bad'));
  return out;
}

/** Every case with its verdict, failures with their one line; then the scale line, the run's problem and the last output. */
export function runBlocks(run: TestRun, options: { readonly passedToo?: boolean } = {}): Block[] {
  const out: Block[] = [];
  if (run.problem !== undefined) out.push({ line: [seg('  ! ', 'bad'), seg(run.problem, 'bold')], indent: 4 });
  for (const c of run.cases) {
    if (c.passed && options.passedToo !== true) continue;
    const tag = run.kind === 'hidden' && !c.visible ? seg(' (hidden)', 'dim') : seg('');
    out.push({ line: [seg(c.passed ? '  ✓ ' : '  ✗ ', c.passed ? 'good' : 'bad'), seg(c.name), tag], indent: 4 });
    if (!c.passed && c.message !== undefined && !c.message.startsWith('not run')) out.push({ line: [seg(`      ${c.message}`, 'dim')], indent: 6 });
  }
  if (run.scale !== undefined) out.push({ line: [seg(run.scale.passed ? '  ✓ ' : '  ✗ ', run.scale.passed ? 'good' : 'bad'), seg('scale: '), seg(run.scale.line)], indent: 4 });
  if (run.output !== undefined) {
    out.push([seg('  Your output:', 'dim')]);
    for (const line of run.output.split('\n')) out.push({ line: [seg(`    ${line}`, 'dim')], indent: 4 });
  }
  return out;
}

/** A graded follow-up: the verdict, each point named with the words that named it, what was missed, and what a strong answer says. */
export function followUpBlocks(record: CodingFollowUpRecord, followUp: CodingFollowUp | undefined): Block[] {
  const out: Block[] = [
    [seg(record.correct ? '✓ ' : '✗ ', record.correct ? 'good' : 'bad'), seg(`Named ${record.named.length} (${record.atLeast} needed)`, 'bold')],
  ];
  for (const n of record.named) out.push({ line: [seg('  ✓ ', 'good'), seg(n.label), seg(n.quote === '' ? '' : `  “${n.quote}”`, 'mark')], indent: 4 });
  if (record.missed.length > 0) {
    out.push([seg(record.correct ? 'Also worth naming' : 'Missed', 'heading')]);
    for (const m of record.missed) out.push({ line: [seg('  · ', 'dim'), seg(m.label)], indent: 4 });
  }
  if (followUp !== undefined) out.push([], [seg('What a strong answer says', 'heading')], { line: [seg('  '), seg(followUp.explain)], indent: 2 });
  return out;
}

/** A saved coding problem in history: the verdicts, the failing tests, the follow-ups with their quotes, the code. */
export function codingBlocks(c: CodingRecord): Block[] {
  const out: Block[] = [[seg(`${c.problemId} · ${c.title}`, 'heading'), seg(` · ${LANGUAGE_NAMES[c.language]}`, 'dim')]];
  const sub = c.submission;
  if (sub === undefined) {
    const last = c.runs.at(-1);
    out.push([seg('  not submitted', 'warn'), ...(last === undefined ? [] : [seg('  last visible run: ', 'dim'), ...runHeadline(last)])]);
  } else {
    out.push([seg(`Code ${sub.score}/100`, 'bold'), ...(c.overall === undefined ? [] : [seg(` · overall ${c.overall}/100`, 'bold')]), seg(' · '), ...runHeadline(sub.run), seg(sub.autoSubmitted ? '  (the clock ran out)' : '', 'warn')]);
    out.push(...runBlocks(sub.run));
  }
  for (const f of c.followUps) {
    out.push([], { line: [seg(f.correct ? '✓ ' : '✗ ', f.correct ? 'good' : 'bad'), seg(f.prompt, 'bold')], indent: 2 });
    out.push({ line: [seg('  “'), seg(f.text.replace(/\s+/g, ' '), 'mark'), seg('”')], indent: 3 });
    for (const n of f.named) out.push({ line: [seg('    ✓ ', 'good'), seg(n.label, 'dim')], indent: 6 });
    for (const m of f.missed) out.push({ line: [seg('    · missed: ', 'dim'), seg(m.label, 'dim')], indent: 6 });
  }
  out.push([], [seg('The code', 'heading')]);
  for (const line of (sub?.code ?? c.code).split('\n')) out.push([seg(`  ${line}`, 'dim')]);
  return out;
}

/** Two submitted attempts at a problem: the scores, the tests that changed, the scale verdicts, the code diff. Session text is printed printable(). */
export function formatCodingDiff(d: CodingDiff): string {
  const minutes = (ms: number): string => `${Math.floor(ms / 60_000)}:${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}`;
  const lines = [
    `${d.problemId} · ${printableLine(d.title)}`,
    `  from ${d.from.at.slice(0, 16).replace('T', ' ')} (${d.from.sessionId}, ${d.from.language})`,
    `  to   ${d.to.at.slice(0, 16).replace('T', ' ')} (${d.to.sessionId}, ${d.to.language})`,
    '',
    `Code ${d.from.score} -> ${d.to.score}${d.from.overall !== undefined && d.to.overall !== undefined ? `   overall ${d.from.overall} -> ${d.to.overall}` : ''}   time ${minutes(d.from.elapsedMs)} -> ${minutes(d.to.elapsedMs)}`,
    `  before: ${d.from.summary}`,
    `  now:    ${d.to.summary}`,
    '',
    `Now passing (${d.fixed.length})`,
    ...(d.fixed.length === 0 ? ['  none'] : d.fixed.map((n) => `  + ${printable(n)}`)),
    `Now failing (${d.broken.length})`,
    ...(d.broken.length === 0 ? ['  none'] : d.broken.map((n) => `  - ${printable(n)}`)),
    '',
    `Scale before: ${printable(d.scale.from ?? 'not run')}`,
    `Scale now:    ${printable(d.scale.to ?? 'not run')}`,
    '',
    'The code',
    ...(d.code.length === 0 ? ['  unchanged'] : d.code.map((l) => printableLine(l))),
  ];
  return lines.join('\n');
}
