import { graderLine } from './grade-report.js';
import type { SessionSummary } from '../../ports.js';
import { DIMENSIONS } from '../../schemas/constants.js';
import type { Session } from '../../schemas/session.js';
import { dimensionTrends, sparkline, weakestDimensions, weakestQuestions, type HistorySession } from '../../core/progress/history.js';
import { scoreConsistency } from '../../core/progress/timing.js';
import { printable, printableLine } from '../../core/printable.js';
import { counted } from '../../core/counted.js';
import { droppedFollowUpLine } from '../../core/practice/dropped-follow-up.js';
import { codingText } from '../../core/coding/attempts.js';

export interface HistoryReport {
  readonly sessions: readonly SessionSummary[];
  readonly trends: Readonly<Record<string, readonly number[]>>;
  readonly weakestDimensions: ReturnType<typeof weakestDimensions>;
  readonly weakestQuestions: ReturnType<typeof weakestQuestions>;
  readonly skipped: readonly { readonly file: string; readonly message: string }[];
  /** How steady the rounds' overall scores are: the coefficient of variation. */
  readonly consistency: ReturnType<typeof scoreConsistency>;
}

export function historyReport(sessions: readonly HistorySession[], summaries: readonly SessionSummary[], skipped: HistoryReport['skipped']): HistoryReport {
  return {
    sessions: summaries,
    trends: dimensionTrends(sessions),
    weakestDimensions: sessions.length === 0 ? [] : weakestDimensions(sessions),
    weakestQuestions: weakestQuestions(sessions),
    skipped,
    consistency: scoreConsistency(sessions),
  };
}

function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

export function formatHistory(report: HistoryReport): string {
  const lines: string[] = [];
  lines.push(`Sessions (${report.sessions.length})`);
  if (report.sessions.length === 0) lines.push('  none yet: a graded round or drill will appear here');
  for (const s of report.sessions.slice(0, 20)) {
    // The same score the screen shows: a round's overall, a drill's share of prompts right.
    const score = s.overall === undefined ? '   -' : s.mode === 'drill' ? `${Math.round(s.overall)}%`.padStart(4) : String(Math.round(s.overall)).padStart(4);
    const unit = s.mode === 'drill' ? (s.questions === 1 ? 'prompt' : 'prompts') : s.mode === 'coding' ? (s.questions === 1 ? 'problem' : 'problems') : s.questions === 1 ? 'question' : 'questions';
    lines.push(`  ${s.id}  ${when(s.startedAt)}  ${s.kind.padEnd(10)}  ${String(s.questions).padStart(2)} ${unit.padEnd(9)}  ${s.mode === 'drill' ? 'right  ' : 'overall'} ${score}  ${s.status === 'completed' ? '' : s.status}`.trimEnd());
  }
  if (report.sessions.length > 20) lines.push(`  … ${report.sessions.length - 20} more (coach history --json lists all)`);
  const rounds = report.trends.constraints?.length ?? 0;
  if (rounds > 0) {
    lines.push('', `Trend over the last ${rounds} graded ${rounds === 1 ? 'round' : 'rounds'} (0-4)`);
    for (const d of DIMENSIONS) {
      const values = report.trends[d] ?? [];
      lines.push(`  ${d.padEnd(13)} ${sparkline(values)}  ${(values.at(-1) ?? 0).toFixed(1)}`);
    }
  }
  if (report.consistency !== undefined) {
    const c = report.consistency;
    lines.push('', `Consistency: overall ${Math.round(c.mean)} ± ${Math.round(c.cv * c.mean)} over ${counted(c.rounds, 'round')} (coefficient of variation ${c.cv.toFixed(2)})`);
  }
  if (report.weakestDimensions.length > 0) {
    lines.push('', `Weakest dimensions: ${report.weakestDimensions.slice(0, 2).map((d) => `${d.dimension} ${d.mean.toFixed(1)}/4`).join(', ')}`);
  }
  if (report.weakestQuestions.length > 0) {
    lines.push('Weakest questions:');
    for (const q of report.weakestQuestions.slice(0, 3)) {
      lines.push(`  ${q.questionId}  ${printableLine(q.title)}: mean ${Math.round(q.mean)}, latest ${q.latest}, ${q.attempts} ${q.attempts === 1 ? 'attempt' : 'attempts'}`);
    }
  }
  for (const p of report.skipped) lines.push(`skipped ${printableLine(`${p.file}: ${p.message}`)}`);
  return lines.join('\n');
}

/** One session as text: each answer with its score, the quotes that earned it, and its gap; what the file holds is printed printable(). */
export function formatSession(session: Session): string {
  const lines: string[] = [`${session.id} · ${session.mode} · ${when(session.startedAt)} · ${session.status}`];
  for (const q of session.questions) {
    lines.push('', `${q.questionId} · ${printableLine(q.title)}`);
    for (const a of q.answers) {
      const label = a.kind === 'initial' ? 'Answer' : `Follow-up (${a.dimension ?? 'any'})`;
      lines.push(`  ${label}${a.autoSubmitted ? ' (auto-submitted at zero)' : ''}: overall ${a.grade.overall}/100 (${graderLine(a.grade)}), ${Math.round(a.elapsedMs / 1000)} s`);
      if (a.kind === 'follow-up') lines.push(`    Q: ${printable(a.prompt)}`);
      if (a.followUpFallback !== undefined) lines.push(`    ${printableLine(droppedFollowUpLine(a.followUpFallback, a.followUpSource, a.dimension))}`);
      for (const c of a.grade.criteria.filter((x) => x.met)) lines.push(`    ✓ [${c.dimension}] ${printable(c.text)}: "${printable(c.evidence[0]?.text ?? '')}"`);
      // Disputed: half credit, and whose verdict was which.
      for (const c of a.grade.criteria.filter((x) => x.disputed !== undefined)) {
        const quote = c.disputed?.rubricMet === true ? c.evidence[0]?.text : c.disputed?.modelEvidence[0]?.text;
        lines.push(`    ½ [${c.dimension}] ${printable(c.text)}: ${c.disputed?.rubricMet === true ? 'the rubric credits' : 'the model credits'} "${printable(quote ?? '')}"; the ${c.disputed?.rubricMet === true ? 'model' : 'rubric'} does not`);
      }
      if (a.grade.firstGap !== null) lines.push(`    First gap (${a.grade.firstGap.dimension}): ${printable(a.grade.firstGap.advice)}`);
    }
  }
  for (const c of session.coding ?? []) lines.push('', ...codingText(c, printable));
  for (const d of session.drill) {
    lines.push(`  ${d.correct ? '✓' : '✗'} ${d.itemId}: "${printable(d.answer)}" named ${d.named.length} (${d.atLeast} needed)`);
  }
  return lines.join('\n');
}
