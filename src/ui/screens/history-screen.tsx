import React, { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { drillAccuracy, sparkline, summarize } from '../../core/progress/history.js';
import { answerTiming } from '../../core/progress/timing.js';
import { attemptsAt, diffAttempts } from '../../core/progress/diff.js';
import { formatDiff } from '../reports/diff-report.js';
import { formatClock } from '../../core/practice/timer.js';
import { droppedFollowUpLine } from '../../core/practice/dropped-follow-up.js';
import type { SessionSummary } from '../../ports.js';
import { DIMENSIONS } from '../../schemas/constants.js';
import type { Session } from '../../schemas/session.js';
import { gradeLines, highlightedAnswer, type Block } from '../reports/grade-lines.js';
import { historyReport, type HistoryReport } from '../reports/history-report.js';
import { isCommand, KEY_LABELS } from '../keys.js';
import { seg, wrapAll, type RichLine } from '../rich.js';
import { displayWidth } from '../../core/practice/editor.js';
import { clampOffset, RichView, scrollFor, ScrollView } from '../components/rich-view.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLatestState } from '../hooks/use-latest-state.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { AppServices } from '../services.js';
import { drillItemInfo } from '../../core/practice/drill-items.js';
import { DRILL_NAMES } from '../../schemas/constants.js';
import { sessionMarkdown } from '../../core/progress/export.js';
import { counted } from '../../core/counted.js';
import { codingAttempts, diffCodingAttempts } from '../../core/coding/attempts.js';
import { codingBlocks, formatCodingDiff } from '../reports/coding-lines.js';

interface Loaded {
  readonly report: HistoryReport;
}


function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

interface Column {
  readonly head: string;
  readonly width: number;
  readonly right?: boolean;
  readonly cell: (s: SessionSummary) => string;
}

const ID: Column = { head: 'session', width: 20, cell: (s) => s.id };
const STARTED: Column = { head: 'started', width: 16, cell: (s) => when(s.startedAt) };
const STARTED_SHORT: Column = { head: 'started', width: 11, cell: (s) => when(s.startedAt).slice(5) };
const MODE: Column = { head: 'kind', width: 10, cell: (s) => s.kind };
const UNITS: Readonly<Record<SessionSummary['mode'], readonly [string, string]>> = { round: ['question', 'questions'], drill: ['prompt', 'prompts'], coding: ['problem', 'problems'] };
const SIZE: Column = { head: 'length', width: 12, cell: (s) => `${String(s.questions).padStart(2)} ${UNITS[s.mode][s.questions === 1 ? 0 : 1]}` };
const COUNT: Column = { head: 'n', width: 2, right: true, cell: (s) => String(s.questions) };
const SCORE: Column = { head: 'score', width: 5, right: true, cell: (s) => (s.overall === undefined ? '-' : s.mode === 'drill' ? `${Math.round(s.overall)}%` : `${Math.round(s.overall)}`) };
const STATUS: Column = { head: '', width: 0, cell: (s) => (s.status === 'completed' ? '' : s.status) };

/** The columns from the widest set to the narrowest: the id and the score are in every one. */
const LAYOUTS: readonly (readonly Column[])[] = [
  [ID, STARTED, MODE, SIZE, SCORE, STATUS],
  [ID, STARTED_SHORT, MODE, COUNT, SCORE, STATUS],
  [ID, MODE, COUNT, SCORE, STATUS],
  [ID, SCORE, STATUS],
];

function row(columns: readonly Column[], cells: readonly string[]): string {
  return columns.map((c, i) => (c.right === true ? (cells[i] ?? '').padStart(c.width) : (cells[i] ?? '').padEnd(c.width))).join('  ').trimEnd();
}

/** The header and the rows of the session list in the widest set of columns whose every row fits `width`. */
function sessionTable(sessions: readonly SessionSummary[], width: number): { readonly head: string; readonly rows: readonly string[] } {
  const tables = LAYOUTS.map((columns) => ({ head: row(columns, columns.map((c) => c.head)), rows: sessions.map((s) => row(columns, columns.map((c) => c.cell(s)))) }));
  const fits = tables.find((t) => [t.head, ...t.rows].every((r) => displayWidth(r) <= width));
  return fits ?? tables.at(-1) ?? { head: '', rows: [] };
}

/** One session in full: every answer with its evidence highlighted, its grade and its gaps. */
export function sessionBlocks(session: Session): Block[] {
  const kind = session.mode === 'coding' ? 'coding round' : session.mode === 'drill' ? DRILL_NAMES[session.settings.variant ?? 'rapid-fire'].toLowerCase() : session.settings.scenario === true ? '45-minute scenario' : 'round';
  const out: Block[] = [[seg(`${session.id}`, 'heading'), seg(` · ${kind} · ${when(session.startedAt)} · ${session.status}`, 'dim')]];
  for (const q of session.questions) {
    out.push([], [seg(`${q.questionId} · ${q.title}`, 'heading')]);
    if (q.answers.length === 0) out.push([seg('  not answered', 'dim')]);
    for (const a of q.answers) {
      out.push([]);
      if (a.kind === 'initial') {
        const t = answerTiming(a, q.budgetSec);
        const first = t.firstConstraintMs === undefined ? '' : `, first constraint stated at ${formatClock(t.firstConstraintMs)}`;
        out.push([seg('Answer', 'bold'), seg(`  ${Math.round(a.elapsedMs / 1000)} s, ${Math.round(t.budgetShare * 100)}% of the budget${first}${a.autoSubmitted ? ', auto-submitted at zero' : ''}`, 'dim')]);
      }
      else out.push({ line: [seg(`Follow-up on ${a.dimension ?? 'the answer'}: `, 'bold'), seg(a.prompt), seg(`  ${Math.round(a.elapsedMs / 1000)} s`, 'dim')], indent: 2 });
      if (a.followUpFallback !== undefined) out.push({ line: [seg(`  ${droppedFollowUpLine(a.followUpFallback, a.followUpSource, a.dimension)}`, 'dim')], indent: 4 });
      out.push(...highlightedAnswer(a.text, a.grade.criteria.filter((c) => c.met).flatMap((c) => c.evidence)));
      out.push([]);
      out.push(...gradeLines(a.grade, a.kind === 'follow-up' && a.dimension !== undefined ? { pressed: a.dimension } : {}));
    }
    if (q.draft !== undefined && q.draft.text.trim() !== '') out.push([], [seg('Unsubmitted draft: ', 'warn'), seg(q.draft.text.replace(/\s+/g, ' ').slice(0, 200))]);
  }
  for (const c of session.coding ?? []) out.push([], ...codingBlocks(c));
  if (session.mode === 'drill') {
    const right = session.drill.filter((d) => d.correct).length;
    out.push([], [seg(`Accuracy ${session.drill.length === 0 ? 0 : Math.round((100 * right) / session.drill.length)}% (${right} of ${session.drill.length})`, 'bold')]);
    for (const d of session.drill) {
      out.push({ line: [seg(d.correct ? '  ✓ ' : '  ✗ ', d.correct ? 'good' : 'bad'), seg(d.title ?? d.prompt)], indent: 4 });
      // A numbers prompt is judged on its figure; the others on the items named against those needed.
      const verdict = d.atLeast === 0 ? (d.correct ? 'the figure is right' : 'the figure is off') : `named ${d.named.length} (${d.atLeast} needed)`;
      out.push({ line: [seg('      “'), seg(d.answer, 'mark'), seg(`”  ${verdict}`, 'dim')], indent: 6 });
      for (const problem of d.problems ?? []) out.push({ line: [seg('      ✗ ', 'bad'), seg(problem, 'dim')], indent: 8 });
    }
  }
  return out;
}

/** The session as Markdown, written where the TUI keeps exports; drills name their items from the bank. */
async function exportSession(services: Pick<AppServices, 'reports' | 'bank'>, session: Session): Promise<string> {
  const bank = await services.bank;
  const info = session.mode === 'drill' ? drillItemInfo(bank) : undefined;
  return services.reports.write(`${session.id}.md`, sessionMarkdown(session, info, (id) => bank.reference(id)));
}

export function HistoryScreen({ services, onBack }: { readonly services: Pick<AppServices, 'store' | 'reports' | 'bank'>; readonly onBack: () => void }): React.JSX.Element {
  const { columns, rows } = useTerminalSize();
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const [selected, currentSelection, setSelected] = useLatestState(0);
  const [detail, currentDetail, updateDetail] = useLatestState<Session | undefined>(undefined);
  const setDetail = (session: Session | undefined): void => updateDetail(() => session);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [offset, setOffset] = useState(0);
  const width = Math.max(20, columns - 2);

  useEffect(() => {
    let live = true;
    void services.store.digests().then(({ sessions, problems }) => {
      if (!live) return;
      // A drill's row shows its accuracy where a round's shows its overall score (summarize does both).
      const report = historyReport(sessions, sessions.map(summarize), problems);
      setLoaded({ report });
    });
    return () => {
      live = false;
    };
  }, [services.store]);

  // The attempt diff (d in a session): this session's first question against the attempt before it.
  const [diff, currentDiff, updateDiff] = useLatestState<string | undefined>(undefined);
  const setDiff = (text: string | undefined): void => updateDiff(() => text);
  const detailLines: RichLine[] = useMemo(
    () => (detail === undefined ? [] : diff !== undefined ? wrapAll(diff.split('\n').map((l) => [seg(l)]), width) : wrapAll(sessionBlocks(detail), width)),
    [detail, diff, width],
  );
  const head: RichLine[] = useMemo(() => {
    if (loaded === undefined) return [];
    const r = loaded.report;
    const out: Block[] = [];
    const rounds = r.trends['constraints']?.length ?? 0;
    if (rounds > 0) {
      out.push([seg(`Trend over the last ${rounds} graded ${rounds === 1 ? 'round' : 'rounds'} (0-4, oldest first)`, 'heading')]);
      for (const d of DIMENSIONS) {
        const values = r.trends[d] ?? [];
        out.push([seg(`  ${d.padEnd(13)} `), seg(sparkline(values).padEnd(12), 'accent'), seg(`  ${(values.at(-1) ?? 0).toFixed(1)}`)]);
      }
    }
    const steady = r.consistency;
    if (steady !== undefined) out.push([seg('Consistency: ', 'bold'), seg(`overall ${Math.round(steady.mean)} ± ${Math.round(steady.cv * steady.mean)} over ${counted(steady.rounds, 'round')} (CV ${steady.cv.toFixed(2)}; under 0.15 is steady)`)]);
    const weak = r.weakestDimensions.slice(0, 2).map((d) => `${d.dimension} ${d.mean.toFixed(1)}/4`);
    const weakQuestions = r.weakestQuestions.slice(0, 3).map((q) => `${q.questionId} (${Math.round(q.mean)})`).join(', ');
    if (weak.length > 0) out.push([seg('Weakest: ', 'bold'), seg(weak.join(', ')), ...(weakQuestions === '' ? [] : [seg('  ·  '), seg(weakQuestions)])]);
    for (const p of r.skipped.slice(0, 1)) out.push([seg(`Skipped ${r.skipped.length} unreadable file${r.skipped.length === 1 ? '' : 's'}: ${p.file}: ${p.message}`, 'warn')]);
    return wrapAll(out, width);
  }, [loaded, width]);

  const sessions = loaded?.report.sessions ?? [];
  // Every row is counted: the title and its rule, the trends (cut to leave the list three rows), the
  // column names, the list, a problem, the keys.
  const say: RichLine[] = problem !== undefined ? wrapAll([[seg(problem, 'warn')]], width) : detail !== undefined && notice !== undefined ? wrapAll([[seg(notice, 'good')]], width) : [];
  const table = sessionTable(sessions, width - 2);
  const fixedRows = 3 + say.length + (sessions.length > 0 ? 1 : 0);
  const headShown = head.slice(0, Math.max(0, rows - fixedRows - 1 - 3));
  const listHeight = Math.max(1, rows - fixedRows - (headShown.length > 0 ? headShown.length + 1 : 0));
  const detailHeight = Math.max(3, rows - 3 - say.length);
  const listOffset = Math.max(0, Math.min(selected - Math.floor(listHeight / 2), sessions.length - listHeight));

  useKeys((key) => {
    // Several keys can come in one read (Esc Esc): each sees what the one before it did.
    const detail = currentDetail();
    const diff = currentDiff();
    if (detail !== undefined) {
      if (isCommand('back', key)) {
        if (diff !== undefined) setDiff(undefined);
        else setDetail(undefined);
        setOffset(0);
        setNotice(undefined);
      } else if (isCommand('exportReport', key)) {
        setNotice('Exporting…');
        void exportSession(services, detail).then(
          (path) => {
            setProblem(undefined);
            setNotice(`Wrote ${path}: the questions, your answers with the evidence in bold, the grades and the gaps.`);
          },
          (e: unknown) => {
            setNotice(undefined);
            setProblem(`Could not export: ${e instanceof Error ? e.message : String(e)}`);
          },
        );
      } else if (isCommand('diff', key) && diff === undefined && detail.mode === 'coding') {
        const c = detail.coding?.[0];
        if (c?.submission === undefined) {
          setProblem('Nothing to compare: this problem was not submitted.');
          return;
        }
        void services.store.list().then(({ sessions: all }) => {
          const attempts = codingAttempts(all, c.problemId);
          const here = attempts.findIndex((a) => a.sessionId === detail.id);
          const before = here > 0 ? attempts[here - 1] : undefined;
          const mine = attempts[here];
          if (before === undefined || mine === undefined) {
            setProblem(`This is your first submitted attempt at ${c.problemId}: nothing earlier to compare with.`);
            return;
          }
          setProblem(undefined);
          setOffset(0);
          setDiff(formatCodingDiff(diffCodingAttempts(before, mine)));
        });
      } else if (isCommand('diff', key) && diff === undefined && detail.mode === 'round') {
        const q = detail.questions.find((x) => x.answers.some((a) => a.kind === 'initial'));
        if (q === undefined) {
          setProblem('Nothing to compare: this session has no graded answer.');
          return;
        }
        void services.store.list().then(({ sessions: all }) => {
          const attempts = attemptsAt(all, q.questionId);
          const here = attempts.findIndex((a) => a.sessionId === detail.id);
          const before = here > 0 ? attempts[here - 1] : undefined;
          const mine = attempts[here];
          if (before === undefined || mine === undefined) {
            setProblem(`This is your first attempt at ${q.questionId}: nothing earlier to compare with.`);
            return;
          }
          setProblem(undefined);
          setOffset(0);
          setDiff(formatDiff(q.questionId, q.title, diffAttempts(before, mine)));
        });
      } else setOffset((o) => scrollFor(key, o, detailLines.length, detailHeight) ?? o);
      return;
    }
    if (isCommand('back', key) || isCommand('exit', key)) onBack();
    else if (isCommand('scrollUp', key)) setSelected((i) => Math.max(0, i - 1));
    else if (isCommand('scrollDown', key)) setSelected((i) => Math.min(sessions.length - 1, i + 1));
    else if (isCommand('pageUp', key)) setSelected((i) => Math.max(0, i - listHeight));
    else if (isCommand('pageDown', key)) setSelected((i) => Math.min(sessions.length - 1, i + listHeight));
    else if (isCommand('scrollTop', key)) setSelected(() => 0);
    else if (isCommand('scrollBottom', key)) setSelected(() => Math.max(0, sessions.length - 1));
    else if (isCommand('next', key)) {
      const id = sessions[currentSelection()]?.id;
      if (id === undefined) return;
      // The list comes from the index; the full session is read only when opened.
      void services.store.load(id).then(
        (session) => {
          setOffset(0);
          setProblem(session === undefined ? `Session ${id} is no longer on disk.` : undefined);
          setDetail(session);
        },
        (e: unknown) => setProblem(`Cannot open ${id}: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  });

  if (detail !== undefined) {
    return (
      <Box flexDirection="column" width={columns} height={rows}>
        <Text bold wrap="truncate-end">
          {diff === undefined ? `Session ${detail.id}` : `Attempt diff · session ${detail.id} against your attempt before it`}
        </Text>
        <Text dimColor>{'─'.repeat(width)}</Text>
        <Box height={detailHeight} flexDirection="column">
          <ScrollView lines={detailLines} offset={offset} height={detailHeight} />
        </Box>
        <RichView lines={say} />
        <Text dimColor wrap="truncate-end">
          {diff !== undefined
            ? `${KEY_LABELS.back} back to the session`
            : detail.mode === 'round' || detail.mode === 'coding'
              ? `${KEY_LABELS.diff} diff with the attempt before · ${KEY_LABELS.exportReport} export Markdown · ${KEY_LABELS.back} back`
              : `${KEY_LABELS.exportReport} export Markdown · ${KEY_LABELS.back} back`}
        </Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Text wrap="truncate-end">
        <Text bold>History</Text>
        <Text dimColor> · {loaded === undefined ? 'loading…' : `${sessions.length} ${sessions.length === 1 ? 'session' : 'sessions'}`}</Text>
      </Text>
      <Text dimColor>{'─'.repeat(width)}</Text>
      <RichView lines={headShown} />
      {headShown.length > 0 ? <Text dimColor>{'─'.repeat(width)}</Text> : null}
      {sessions.length > 0 ? (
        <Text dimColor wrap="truncate-end">
          {'  '}
          {table.head}
        </Text>
      ) : null}
      <Box height={listHeight} flexDirection="column">
        {loaded !== undefined && sessions.length === 0 ? (
          <Text dimColor wrap="truncate-end">
            No sessions yet: a graded round or drill will appear here.
          </Text>
        ) : null}
        {sessions.slice(listOffset, listOffset + listHeight).map((s, i) => (
          <Text key={s.id} wrap="truncate-end" inverse={listOffset + i === selected}>
            {listOffset + i === selected ? '❯ ' : '  '}
            {table.rows[listOffset + i]}
          </Text>
        ))}
      </Box>
      <RichView lines={say} />
      <Text dimColor wrap="truncate-end">↑↓ choose · Enter open · Esc back{sessions.length > 0 ? ' · score: rounds and coding /100, drills % right' : ''}</Text>
    </Box>
  );
}
