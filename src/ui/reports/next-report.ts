import { printableLine } from '../../core/printable.js';
import type { DueQuestion, PrepDue, ScheduledItem, ScheduledProblem } from '../../core/progress/schedule.js';
import { DRILL_NAMES } from '../../schemas/constants.js';
import { counted } from '../../core/counted.js';

function ago(days: number): string {
  if (days < 1) return 'due today';
  const d = Math.floor(days);
  return `due ${d} ${d === 1 ? 'day' : 'days'} ago`;
}

/** `coach next`: what is due, the leeches, and when the next thing falls due. */
export function formatNext(due: readonly DueQuestion[], items: readonly ScheduledItem[], now: Date, unseen: number, prep: readonly PrepDue[] = [], coding: CodingDue = { cards: [], unseen: 0 }): string {
  const lines: string[] = [];
  const prepLines = [...prepDueLines(prep, now), ...codingDueLines(coding, now)];
  if (items.length === 0) return ['Nothing scheduled yet: every graded round adds its questions here. Start with coach round.', ...prepLines].join('\n');
  lines.push(due.length === 0 ? 'Nothing is due now.' : `Due now (${due.length})`);
  for (const q of due) {
    const dims = q.dimensions.map((d) => `${d.dimension} ${d.lastScore}/4`).join(', ');
    lines.push(`  ${q.questionId}  ${printableLine(q.title)}`);
    lines.push(`       ${dims} · ${ago(q.overdueDays)}`);
    const worst = q.dimensions.filter((d) => d.leech).sort((a, b) => b.lapses - a.lapses)[0];
    if (worst !== undefined) lines.push(`       leech: ${worst.dimension} lapsed ${counted(worst.lapses, 'time')}; more rounds will not fix it: coach drill --focus ${q.questionId}:${worst.dimension}`);
  }
  const upcoming = items.filter((i) => i.due.getTime() > now.getTime()).sort((a, b) => a.due.getTime() - b.due.getTime())[0];
  if (upcoming !== undefined) {
    const days = (upcoming.due.getTime() - now.getTime()) / 86_400_000;
    lines.push('', `Next due: ${upcoming.questionId} ${upcoming.dimension} ${days < 1 ? 'later today' : `in ${Math.ceil(days)} ${Math.ceil(days) === 1 ? 'day' : 'days'}`}`);
  }
  if (unseen > 0) lines.push(`Never practised: ${unseen} ${unseen === 1 ? 'question' : 'questions'}.`);
  if (due.length > 0) lines.push('', 'coach round --due builds a round from what is due.');
  lines.push(...prepLines);
  return lines.join('\n');
}

/** The preparation drills with prompts due: each drill asks its due prompts first. */
function prepDueLines(prep: readonly PrepDue[], now: Date): string[] {
  const shown = prep.filter((p) => p.due > 0 || p.next !== undefined);
  if (shown.length === 0) return [];
  const when = (d: Date): string => {
    const days = (d.getTime() - now.getTime()) / 86_400_000;
    return `in ${counted(Math.max(1, Math.ceil(days)), 'day')}`;
  };
  return [
    '',
    'Interview prep',
    ...shown.map((p) => `  ${DRILL_NAMES[p.kind].padEnd(28)} ${p.due > 0 ? `${counted(p.due, 'prompt')} due` : `next due ${when(p.next ?? now)}`}, ${p.unseen} never answered · coach drill --kind ${p.kind}`),
  ];
}

/** The coding problems: each submitted one has a card; the rest were never tried. */
export interface CodingDue {
  readonly cards: readonly ScheduledProblem[];
  readonly unseen: number;
}

function codingDueLines(coding: CodingDue, now: Date): string[] {
  if (coding.cards.length === 0) return coding.unseen === 0 ? [] : ['', `Coding round: ${counted(coding.unseen, 'problem')} never tried · coach round --coding`];
  const sorted = [...coding.cards].sort((a, b) => a.due.getTime() - b.due.getTime());
  return [
    '',
    'Coding round',
    ...sorted.map((c) => {
      const days = (c.due.getTime() - now.getTime()) / 86_400_000;
      const when = days <= 0 ? 'due now' : `due in ${counted(Math.ceil(days), 'day')}`;
      return `  ${c.problemId.padEnd(16)} last ${Math.round(c.lastOverall)}/100, ${when} · coach round --coding --problem ${c.problemId}`;
    }),
    ...(coding.unseen > 0 ? [`  ${counted(coding.unseen, 'problem')} never tried`] : []),
  ];
}
