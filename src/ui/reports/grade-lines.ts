/** A grade as styled lines: dimension bars, met criteria with quoted evidence, misses, red flags, first gap. */
import { DIMENSIONS, type Dimension } from '../../schemas/constants.js';
import type { Evidence, Grade } from '../../schemas/grade.js';
import { bar, graderLine } from './grade-report.js';
import { seg, type RichLine, type Tone } from '../rich.js';
import { counted } from '../../core/counted.js';

export type Block = RichLine | { readonly line: RichLine; readonly indent: number };

export function scoreTone(score: number): Tone {
  return score >= 3 ? 'good' : score <= 1 ? 'bad' : 'warn';
}

function flat(text: string, max = 200): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function dimensionLines(grade: Grade, only?: Dimension): Block[] {
  return DIMENSIONS.filter((d) => only === undefined || d === only).map((d) => {
    const r = grade.dimensions[d];
    return [seg(`  ${d.padEnd(13)} `), seg(bar(r.score), scoreTone(r.score)), seg(` ${r.score}/4  `), seg(`${r.met} of ${counted(r.total, 'criterion', 'criteria')}${r.disputed === undefined ? '' : `, ${r.disputed} disputed`}`, 'dim')];
  });
}

/**
 * The review of one answer. With `pressed`, a follow-up answer is shown against the dimension
 * it pressed: that dimension's criteria only.
 */
export function gradeLines(grade: Grade, options: { readonly pressed?: Dimension; readonly showMissed?: boolean } = {}): Block[] {
  const pressed = options.pressed;
  const criteria = grade.criteria.filter((c) => pressed === undefined || c.dimension === pressed);
  const met = criteria.filter((c) => c.met);
  const disputed = criteria.filter((c) => c.disputed !== undefined);
  const missed = criteria.filter((c) => !c.met && c.disputed === undefined && c.general !== true);
  const missedGeneral = criteria.filter((c) => !c.met && c.disputed === undefined && c.general === true);
  const out: Block[] = [];
  if (pressed === undefined) out.push([seg('Overall ', 'bold'), seg(`${grade.overall}/100`, grade.overall >= 70 ? 'good' : grade.overall < 40 ? 'bad' : 'warn'), seg(`  ${counted(grade.wordCount, 'word')} · ${graderLine(grade)}`, 'dim')]);
  if (pressed === undefined && grade.company !== undefined) out.push({ line: [seg(grade.company.why, 'accent')], indent: 0 });
  // What changed the grade (a grader that fell back, lines not counted) is read first, not after fifty lines.
  for (const note of grade.notes) out.push({ line: [seg(`Note: ${note}`, 'warn')], indent: 6 });
  out.push(...dimensionLines(grade, pressed));
  out.push([], [seg(`Met (${met.length})`, 'heading')]);
  if (met.length === 0) out.push([seg('  none', 'dim')]);
  for (const c of met) {
    const earnedByAsking = c.asked !== undefined;
    out.push({ line: [seg('  ✓ ', 'good'), seg(`[${c.dimension}] `, 'dim'), seg(c.text), ...(c.general === true && !earnedByAsking ? [seg(' (any answer)', 'dim')] : []), ...(c.company !== undefined ? [seg(` (${grade.company?.name ?? c.company} mode)`, 'dim')] : [])], indent: 4 });
    // The same words said twice (an answer repeated in a follow-up) are quoted once.
    const quotes = [...new Set(c.evidence.map((e) => flat(e.text)))];
    for (const q of quotes.slice(0, 2)) out.push({ line: [seg('      “'), seg(q, 'mark'), seg('”')], indent: 7 });
    // Earned by asking: the evidence is the candidate's own clarifying questions.
    for (const q of (c.asked ?? []).slice(0, 3)) out.push({ line: [seg('      you asked “'), seg(flat(q), 'mark'), seg('”')], indent: 7 });
  }
  if (disputed.length > 0) {
    out.push([], [seg(`Disputed (${disputed.length})`, 'heading'), seg('  the rubric and the model disagree; each earns half', 'dim')]);
    for (const c of disputed) {
      out.push({ line: [seg('  ½ ', 'warn'), seg(`[${c.dimension}] `, 'dim'), seg(c.text)], indent: 4 });
      const rubricQuote = c.disputed?.rubricMet === true ? c.evidence[0] : undefined;
      const modelQuote = c.disputed?.modelEvidence[0];
      out.push({ line: rubricQuote === undefined ? [seg('      rubric: not met, no sentence states it in terms it recognises', 'dim')] : [seg('      rubric: met by “', 'dim'), seg(flat(rubricQuote.text), 'mark'), seg('”', 'dim')], indent: 14 });
      out.push({ line: modelQuote === undefined ? [seg('      model: not met by any sentence', 'dim')] : [seg('      model: met by “', 'dim'), seg(flat(modelQuote.text), 'mark'), seg('”', 'dim')], indent: 13 });
    }
  }
  if (options.showMissed ?? true) {
    out.push([], [seg(`Missed (${missed.length})`, 'heading')]);
    if (missed.length === 0) out.push([seg('  none', 'dim')]);
    for (const c of missed) out.push({ line: [seg('  ✗ ', 'bad'), seg(`[${c.dimension}] `, 'dim'), seg(c.text), ...(c.company !== undefined ? [seg(` (${grade.company?.name ?? c.company} mode)`, 'dim')] : [])], indent: 4 });
    if (missedGeneral.length > 0) out.push({ line: [seg(`  What any answer needs and this one lacks: ${missedGeneral.map((c) => c.text.charAt(0).toLowerCase() + c.text.slice(1)).join('; ')}.`, 'dim')], indent: 4 });
  }
  if (grade.redFlags.length > 0 && pressed === undefined) {
    out.push([], [seg('Red flags', 'heading')]);
    for (const f of grade.redFlags) {
      out.push({ line: [seg(`  −${f.penalty} `, 'bad'), seg(`${f.label}: `, 'bold'), seg(f.why, 'dim')], indent: 4 });
      for (const e of f.evidence.slice(0, 1)) out.push({ line: [seg('      “'), seg(flat(e.text), 'mark'), seg('”')], indent: 7 });
    }
  }
  if (grade.factChecks.length > 0 && pressed === undefined) {
    out.push([], [seg('Figures checked', 'heading')]);
    for (const c of grade.factChecks) {
      out.push({ line: [seg('  ✗ ', 'bad'), seg(`${c.fact}: `, 'bold'), seg('you said “'), seg(flat(c.stated.text), 'mark'), seg(`”; it is about ${c.expected}.`)], indent: 4 });
      out.push({ line: [seg(`      ${c.working}`, 'dim')], indent: 6 });
    }
  }
  if (pressed === undefined) {
    out.push([]);
    if (grade.firstGap === null) out.push([seg('First gap ', 'heading'), seg('none: every criterion is met.')]);
    else out.push({ line: [seg('First gap ', 'heading'), seg(`(${grade.firstGap.dimension}) `, 'dim'), seg(grade.firstGap.advice)], indent: 2 });
  }
  return out;
}

/** The answer itself with every quoted span highlighted, so the user sees which words earned credit. */
export function highlightedAnswer(text: string, evidence: readonly Evidence[]): Block[] {
  const spans = [...evidence].filter((e) => e.end > e.start && e.end <= text.length).sort((a, b) => a.start - b.start);
  const marked = new Uint8Array(text.length);
  for (const e of spans) marked.fill(1, e.start, e.end);
  const out: Block[] = [];
  let offset = 0;
  for (const rawLine of text.split('\n')) {
    const line: { text: string; tone: Tone }[] = [{ text: '    ', tone: 'plain' }];
    for (let i = 0; i < rawLine.length; i++) {
      const tone: Tone = marked[offset + i] === 1 ? 'mark' : 'plain';
      const last = line.at(-1);
      if (last !== undefined && last.tone === tone) last.text += rawLine[i] ?? '';
      else line.push({ text: rawLine[i] ?? '', tone });
    }
    out.push({ line, indent: 4 });
    offset += rawLine.length + 1;
  }
  return out;
}
