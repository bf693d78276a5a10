import { DIMENSIONS } from '../../schemas/constants.js';
import type { Grade } from '../../schemas/grade.js';
import { printable, printableLine } from '../../core/printable.js';
import { counted } from '../../core/counted.js';

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  good(s: string): string;
  bad(s: string): string;
  warn(s: string): string;
}

const plain: Paint = { bold: (s) => s, dim: (s) => s, good: (s) => s, bad: (s) => s, warn: (s) => s };
const sgr = (code: number, reset: number) => (s: string) => `\u001b[${code}m${s}\u001b[${reset}m`;
const ansi: Paint = { bold: sgr(1, 22), dim: sgr(2, 22), good: sgr(32, 39), bad: sgr(31, 39), warn: sgr(33, 39) };

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function paintFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Paint {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') ? ansi : plain;
}

export function bar(score: number, width = 4): string {
  return '█'.repeat(score) + '░'.repeat(Math.max(0, width - score));
}

function oneLine(text: string, max = 160): string {
  const flat = printableLine(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Who graded, and with a model how often the two graders agreed. */
export function graderLine(grade: Grade): string {
  if (grade.grader === 'rubric') return 'rubric grader';
  const a = grade.agreement;
  return a === undefined || a.ruled === 0 ? 'rubric + model grader' : `rubric + model grader, agreeing on ${a.agreed} of ${counted(a.ruled, 'criterion', 'criteria')}`;
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The human-readable grade: dimensions, met criteria with quotes, misses, red flags, first gap.
 * Every piece of text is printable(): quotes come from the answer, and a model or a bank file wrote the rest.
 */
export function formatGrade(grade: Grade, title: string, paint: Paint = plain): string {
  const lines: string[] = [];
  const graderName = graderLine(grade);
  lines.push(`${paint.bold(`${grade.questionId} · ${printableLine(title)}`)}  ${paint.dim(`(${graderName}, ${counted(grade.wordCount, 'word')})`)}`);
  if (grade.company !== undefined) lines.push(paint.warn(printableLine(grade.company.why)));
  lines.push('');
  lines.push(`${paint.bold('Overall')} ${grade.overall}/100`);
  lines.push('');
  for (const d of DIMENSIONS) {
    const r = grade.dimensions[d];
    const colour = r.score >= 3 ? paint.good : r.score <= 1 ? paint.bad : paint.warn;
    lines.push(`  ${d.padEnd(13)} ${colour(bar(r.score))} ${r.score}/4  ${paint.dim(`${r.met} of ${counted(r.total, 'criterion', 'criteria')}${r.disputed === undefined ? '' : `, ${r.disputed} disputed`}`)}`);
  }
  const met = grade.criteria.filter((c) => c.met);
  const disputed = grade.criteria.filter((c) => c.disputed !== undefined);
  const missed = grade.criteria.filter((c) => !c.met && c.disputed === undefined && c.general !== true);
  const missedGeneral = grade.criteria.filter((c) => !c.met && c.disputed === undefined && c.general === true);
  lines.push('');
  lines.push(paint.bold(`Met (${met.length})`));
  if (met.length === 0) lines.push(paint.dim('  none'));
  for (const c of met) {
    lines.push(`  ${paint.good('✓')} [${c.dimension}] ${printable(c.text)}${c.general === true ? paint.dim(' (any answer)') : ''}${c.company !== undefined ? paint.dim(` (${grade.company?.name ?? c.company} mode)`) : ''}`);
    for (const e of c.evidence) lines.push(`      ${paint.dim(`"${oneLine(e.text)}"`)}`);
    for (const q of c.asked ?? []) lines.push(`      ${paint.dim(`you asked "${oneLine(q)}"`)}`);
  }
  if (disputed.length > 0) {
    lines.push('');
    lines.push(`${paint.bold(`Disputed (${disputed.length})`)}  ${paint.dim('the rubric and the model disagree; each earns half')}`);
    for (const c of disputed) {
      const rubricQuote = c.disputed?.rubricMet === true ? c.evidence[0] : undefined;
      const modelQuote = c.disputed?.modelEvidence[0];
      lines.push(`  ${paint.warn('½')} [${c.dimension}] ${printable(c.text)}`);
      lines.push(`      ${paint.dim(rubricQuote === undefined ? 'rubric: not met' : `rubric: met by "${oneLine(rubricQuote.text)}"`)}`);
      lines.push(`      ${paint.dim(modelQuote === undefined ? 'model: not met' : `model: met by "${oneLine(modelQuote.text)}"`)}`);
    }
  }
  lines.push('');
  lines.push(paint.bold(`Missed (${missed.length})`));
  if (missed.length === 0) lines.push(paint.dim('  none'));
  for (const c of missed) lines.push(`  ${paint.bad('✗')} [${c.dimension}] ${printable(c.text)}${c.company !== undefined ? paint.dim(` (${grade.company?.name ?? c.company} mode)`) : ''}`);
  if (missedGeneral.length > 0) lines.push(`  ${paint.dim(`What any answer needs and this one lacks: ${missedGeneral.map((c) => lowerFirst(printable(c.text))).join('; ')}.`)}`);
  if (grade.redFlags.length > 0) {
    lines.push('');
    lines.push(paint.bold('Red flags'));
    for (const f of grade.redFlags) {
      lines.push(`  ${paint.bad(`-${f.penalty}`)} ${printable(f.label)}: ${paint.dim(printable(f.why))}`);
      for (const e of f.evidence) lines.push(`      ${paint.dim(`"${oneLine(e.text)}"`)}`);
    }
  }
  if (grade.factChecks.length > 0) {
    lines.push('');
    lines.push(paint.bold('Figures checked'));
    for (const c of grade.factChecks) {
      const cost = grade.criteria.find((x) => x.id === c.criterion)?.text;
      lines.push(`  ${paint.bad('✗')} ${printable(c.fact)}: you said "${oneLine(c.stated.text)}"; it is about ${printable(c.expected)}.`);
      lines.push(`      ${paint.dim(printable(c.working))}`);
      if (cost !== undefined) lines.push(`      ${paint.dim(`Not credited: ${printable(cost)}`)}`);
    }
  }
  lines.push('');
  if (grade.firstGap === null) {
    lines.push(`${paint.bold('First gap')} none: every criterion is met.`);
  } else {
    lines.push(`${paint.bold('First gap')} (${grade.firstGap.dimension}): ${printable(grade.firstGap.advice)}`);
  }
  for (const note of grade.notes) lines.push(paint.dim(`Note: ${printable(note)}`));
  return lines.join('\n');
}
