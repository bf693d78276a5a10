/** A coding round's results as screen blocks: a test run, a follow-up's grade, the round's summary. */
import type { CodingFollowUp, TestRun } from '../../schemas/coding.js';
import type { CodingFollowUpRecord } from '../../schemas/session.js';
import { categoryScores } from '../../core/coding/results.js';
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
