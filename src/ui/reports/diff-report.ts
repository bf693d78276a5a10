import type { AttemptDiff } from '../../core/progress/diff.js';
import { printable, printableLine } from '../../core/printable.js';
import { bar } from './grade-report.js';

const signed = (n: number): string => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0');
const flat = (s: string): string => printableLine(s).replace(/\s+/g, ' ').trim();

/** Titles, criteria and quotes come from session files: all printed printable(). */
export function formatDiff(questionId: string, title: string, d: AttemptDiff): string {
  const minutes = (ms: number): string => `${Math.floor(ms / 60_000)}:${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}`;
  const lines = [
    `${questionId} · ${printableLine(title)}`,
    `  from ${d.from.at.slice(0, 16).replace('T', ' ')} (${d.from.sessionId})`,
    `  to   ${d.to.at.slice(0, 16).replace('T', ' ')} (${d.to.sessionId})`,
    '',
    `Overall ${d.overall.from} -> ${d.overall.to} (${signed(d.overall.to - d.overall.from)})   time ${minutes(d.elapsedMs.from)} -> ${minutes(d.elapsedMs.to)}   words ${d.words.from} -> ${d.words.to}`,
    '',
    ...d.dimensions.map((x) => `  ${x.dimension.padEnd(13)} ${bar(x.from)} -> ${bar(x.to)}  ${x.from} -> ${x.to}  ${x.to === x.from ? '' : signed(x.to - x.from)}`.trimEnd()),
    '',
    `Now stated (${d.gained.length})`,
    ...(d.gained.length === 0 ? ['  none'] : d.gained.map((c) => `  + [${c.dimension}] ${printable(c.text)}${c.quote === undefined ? '' : `\n      "${flat(c.quote)}"`}`)),
    '',
    `Dropped since (${d.dropped.length})`,
    ...(d.dropped.length === 0 ? ['  none'] : d.dropped.map((c) => `  - [${c.dimension}] ${printable(c.text)}${c.quote === undefined ? '' : `\n      you had said: "${flat(c.quote)}"`}`)),
    '',
    `Kept ${d.kept}; still missing ${d.stillMissing.length}${d.stillMissing.length === 0 ? '' : `: ${d.stillMissing.map((c) => `[${c.dimension}] ${printable(c.text)}`).slice(0, 3).join('; ')}${d.stillMissing.length > 3 ? '; …' : ''}`}`,
  ];
  return lines.join('\n');
}
