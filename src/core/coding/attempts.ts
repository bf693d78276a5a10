/**
 * A coding problem over time: every submitted attempt, two of them compared (the scores, each
 * test that now passes or fails, the scale verdict, and a line diff of the code), and a round
 * written out as Markdown or plain text for history and exports.
 */
import { LANGUAGE_NAMES } from '../../schemas/coding.js';
import type { CodingRecord, Session } from '../../schemas/session.js';
import { runSummary } from './results.js';

export interface CodingAttempt {
  readonly sessionId: string;
  readonly at: string;
  readonly record: CodingRecord & { readonly submission: NonNullable<CodingRecord['submission']> };
}

/** Every submitted attempt at a problem, oldest first. */
export function codingAttempts(sessions: readonly Session[], problemId: string): CodingAttempt[] {
  return sessions
    .flatMap((s) => (s.coding ?? []).flatMap((c) => (c.problemId === problemId && c.submission !== undefined ? [{ sessionId: s.id, at: c.submission.at, record: { ...c, submission: c.submission } }] : [])))
    .sort((a, b) => a.at.localeCompare(b.at));
}

export type DiffLine = { readonly op: ' ' | '+' | '-'; readonly text: string };

/** The largest inputs diffed line by line; past this, the code is shown as replaced whole. */
const MAX_DIFF_LINES = 3000;

/** A line diff (longest common subsequence): what was kept, removed and added, in order. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length > MAX_DIFF_LINES || b.length > MAX_DIFF_LINES) return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  // lcs[i][j]: the common subsequence length of a[i..] and b[j..], in one flat array.
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] ?? '' });
      i++;
      j++;
    } else if ((lcs[(i + 1) * w + j] ?? 0) >= (lcs[i * w + j + 1] ?? 0)) out.push({ op: '-', text: a[i++] ?? '' });
    else out.push({ op: '+', text: b[j++] ?? '' });
  }
  while (i < a.length) out.push({ op: '-', text: a[i++] ?? '' });
  while (j < b.length) out.push({ op: '+', text: b[j++] ?? '' });
  return out;
}

/** Unified-diff hunks: each change with up to `context` unchanged lines around it, "@@ -a,b +c,d @@" headed. */
export function unifiedDiff(lines: readonly DiffLine[], context = 3): string[] {
  const changed = lines.map((l, i) => (l.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return [];
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const start = Math.max(0, i - context);
    const end = Math.min(lines.length, i + context + 1);
    const last = hunks.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = end;
    else hunks.push([start, end]);
  }
  const out: string[] = [];
  for (const [start, end] of hunks) {
    let oldLine = 1;
    let newLine = 1;
    for (const l of lines.slice(0, start)) {
      if (l.op !== '+') oldLine++;
      if (l.op !== '-') newLine++;
    }
    const slice = lines.slice(start, end);
    const oldCount = slice.filter((l) => l.op !== '+').length;
    const newCount = slice.filter((l) => l.op !== '-').length;
    out.push(`@@ -${oldLine},${oldCount} +${newLine},${newCount} @@`);
    for (const l of slice) out.push(`${l.op}${l.text}`);
  }
  return out;
}

export interface CodingDiff {
  readonly problemId: string;
  readonly title: string;
  readonly from: { readonly sessionId: string; readonly at: string; readonly language: string; readonly score: number; readonly overall: number | undefined; readonly summary: string; readonly elapsedMs: number };
  readonly to: CodingDiff['from'];
  /** Tests that failed before and pass now, and the other way. */
  readonly fixed: readonly string[];
  readonly broken: readonly string[];
  readonly scale: { readonly from: string | undefined; readonly to: string | undefined };
  /** Unified diff of the submitted code. */
  readonly code: readonly string[];
}

export function diffCodingAttempts(from: CodingAttempt, to: CodingAttempt): CodingDiff {
  const side = (a: CodingAttempt): CodingDiff['from'] => ({
    sessionId: a.sessionId,
    at: a.at,
    language: LANGUAGE_NAMES[a.record.language],
    score: a.record.submission.score,
    overall: a.record.overall,
    summary: runSummary(a.record.submission.run),
    elapsedMs: a.record.submission.elapsedMs,
  });
  const passed = (a: CodingAttempt): Map<string, boolean> => new Map(a.record.submission.run.cases.map((c) => [c.name, c.passed]));
  const before = passed(from);
  const after = passed(to);
  return {
    problemId: to.record.problemId,
    title: to.record.title,
    from: side(from),
    to: side(to),
    fixed: [...after].filter(([name, ok]) => ok && before.get(name) === false).map(([name]) => name),
    broken: [...after].filter(([name, ok]) => !ok && before.get(name) === true).map(([name]) => name),
    scale: { from: from.record.submission.run.scale?.line, to: to.record.submission.run.scale?.line },
    code: unifiedDiff(lineDiff(from.record.submission.code, to.record.submission.code)),
  };
}

const fence = (code: string): string => {
  // A fence longer than any run of backticks in the code, so the code cannot end it.
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
};

/** One coding problem as Markdown: the verdicts, every failing test with its line, the code, the follow-ups with the words that earned them. */
export function codingMarkdown(c: CodingRecord, escape: (s: string) => string): string[] {
  const out: string[] = [`## ${escape(c.title)} (${LANGUAGE_NAMES[c.language]})`, ''];
  const sub = c.submission;
  if (sub === undefined) {
    out.push('*Not submitted.*', '');
    const last = c.runs.at(-1);
    if (last !== undefined) out.push(`Last visible run: ${runSummary(last)}.`, '');
  } else {
    const minutes = Math.round(sub.elapsedMs / 60_000);
    out.push(`**Code ${sub.score}/100**${c.overall === undefined ? '' : ` · **overall ${c.overall}/100**`} · ${runSummary(sub.run)} · submitted after ${minutes} min${sub.autoSubmitted ? ' (the clock ran out)' : ''} · ${c.runs.length} visible-test ${c.runs.length === 1 ? 'run' : 'runs'} before`, '');
    if (sub.run.problem !== undefined) out.push(`- ✗ ${escape(sub.run.problem)}`);
    for (const t of sub.run.cases.filter((x) => !x.passed)) out.push(`- ✗ ${t.category === 'edge' ? 'edge case: ' : ''}${escape(t.name)}${t.message === undefined ? '' : `: ${escape(t.message)}`}`);
    if (sub.run.scale !== undefined) out.push(`- ${sub.run.scale.passed ? '✓' : '✗'} scale: ${escape(sub.run.scale.line)}`);
    out.push('');
  }
  const code = sub?.code ?? c.code;
  const f = fence(code);
  out.push('### The code', '', `${f}${c.language === 'node' ? 'js' : 'python'}`, code.trimEnd(), f, '');
  for (const q of c.followUps) {
    out.push(`### ${q.correct ? '✓' : '✗'} ${escape(q.prompt)}`, '', `> ${escape(q.text).replace(/\n/g, '\n> ')}`, '');
    for (const n of q.named) out.push(`- ✓ ${escape(n.label)}: “${escape(n.quote)}”`);
    for (const m of q.missed) out.push(`- · missed: ${escape(m.label)}`);
    out.push('');
  }
  return out;
}

/** One coding problem as plain lines, for `coach history <id>`. */
export function codingText(c: CodingRecord, show: (s: string) => string): string[] {
  const out = [`${c.problemId} · ${show(c.title)} · ${LANGUAGE_NAMES[c.language]}`];
  const sub = c.submission;
  if (sub === undefined) {
    const last = c.runs.at(-1);
    out.push(`  not submitted${last === undefined ? '' : `; last visible run: ${runSummary(last)}`}`);
  } else {
    out.push(`  code ${sub.score}/100${c.overall === undefined ? '' : `, overall ${c.overall}/100`}: ${runSummary(sub.run)}${sub.autoSubmitted ? ' (auto-submitted at zero)' : ''}`);
    if (sub.run.problem !== undefined) out.push(`    ! ${show(sub.run.problem)}`);
    for (const t of sub.run.cases.filter((x) => !x.passed)) out.push(`    ✗ ${show(t.name)}${t.message === undefined ? '' : `: ${show(t.message)}`}`);
    if (sub.run.scale !== undefined) out.push(`    ${sub.run.scale.passed ? '✓' : '✗'} scale: ${show(sub.run.scale.line)}`);
  }
  for (const q of c.followUps) {
    out.push(`  ${q.correct ? '✓' : '✗'} ${show(q.prompt)}`);
    for (const n of q.named) out.push(`      ✓ ${show(n.label)}: "${show(n.quote)}"`);
  }
  return out;
}
