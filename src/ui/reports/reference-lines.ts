/**
 * The answer key in a round's review: your answer and what a strong answer sounds like, side by
 * side when the terminal is wide enough (one above the other when not), then what the reference
 * earns that yours did not.
 */
import type { ReferenceAnswer } from '../../schemas/bank.js';
import type { Grade } from '../../schemas/grade.js';
import { gradeAnswer, type PreparedRubric } from '../../core/grading/grade.js';
import { lineWidth, seg, wrapAll, type RichLine } from '../rich.js';
import type { Block } from './grade-lines.js';

/** Side by side from this text width (a 92-column terminal): two columns of about 44. */
export const SIDE_BY_SIDE_WIDTH = 90;

function paragraphs(text: string): Block[] {
  return text.split(/\n+/).flatMap((p) => (p.trim() === '' ? [] : [{ line: [seg(p.trim())], indent: 0 }, []]));
}

export function referenceView(prepared: PreparedRubric, ref: ReferenceAnswer, yours: string, grade: Grade | undefined, width: number): RichLine[] {
  const keyGrade = gradeAnswer(prepared, ref.short);
  const head: Block[] = [
    [seg('What a strong answer sounds like', 'heading'), seg(`  the 90-second version scores ${keyGrade.overall}/100 · coach bank show ${prepared.question.id} has the full one`, 'dim')],
    { line: [seg('Avoid: ', 'bad'), seg(ref.avoid)], indent: 7 },
    [],
  ];
  const out: RichLine[] = wrapAll(head, width);
  const left: Block[] = [[seg('Yours', 'heading')], ...paragraphs(yours === '' ? '(nothing)' : yours)];
  const right: Block[] = [[seg('Reference, 90 seconds', 'heading')], ...paragraphs(ref.short)];
  if (width >= SIDE_BY_SIDE_WIDTH) {
    const col = Math.floor((width - 3) / 2);
    const l = wrapAll(left, col);
    const r = wrapAll(right, col);
    for (let i = 0; i < Math.max(l.length, r.length); i++) {
      const a = l[i] ?? [];
      out.push([...a, seg(' '.repeat(Math.max(0, col - lineWidth(a)))), seg(' │ ', 'dim'), ...(r[i] ?? [])]);
    }
  } else {
    out.push(...wrapAll([[seg(`(side by side from ${SIDE_BY_SIDE_WIDTH + 2} columns)`, 'dim')], [], ...left, ...right], width));
  }
  // What the reference earns that yours did not: the difference, criterion by criterion, with its words.
  const missed = new Set((grade?.criteria ?? []).filter((c) => !c.met).map((c) => c.id));
  const gained = keyGrade.criteria.filter((c) => c.met && missed.has(c.id) && c.general !== true);
  if (gained.length > 0) {
    const blocks: Block[] = [[], [seg('Where the reference earns what yours missed', 'heading')]];
    for (const c of gained) {
      blocks.push({ line: [seg('  ✓ ', 'good'), seg(`[${c.dimension}] `, 'dim'), seg(c.text)], indent: 4 });
      const e = c.evidence[0];
      if (e !== undefined) blocks.push({ line: [seg('      “'), seg(e.text.replace(/\s+/g, ' '), 'mark'), seg('”')], indent: 7 });
    }
    out.push(...wrapAll(blocks, width));
  }
  return out;
}
