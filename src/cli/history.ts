/** `coach history`, `show`, `diff`, `next` and `export`: what the saved sessions say, for a reader or a script. */
import { realpathSync, statSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { writeFileAtomic } from '../adapters/atomic-write.js';
import { loadBank } from '../adapters/fs-bank.js';
import { summarize } from '../adapters/session-store.js';
import { printableLine, terminalJson } from '../core/printable.js';
import { formatHistory, formatSession, historyReport } from '../ui/reports/history-report.js';
import { isTerminal, questionIdFlag, UsageError } from './args.js';
import { interactive, loadSession, type CliContext } from './context.js';

export function historyCommand(program: Command, context: CliContext): void {
  program
    .command('history')
    .description('graded sessions, per-dimension trends, weakest dimensions and questions (a browser on a terminal)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      if (opts.json !== true && isTerminal()) {
        await interactive(context.sessionsFlag(), { kind: 'history' });
        return;
      }
      const { sessions, problems } = await (await context.store()).digests();
      const report = historyReport(sessions, sessions.map(summarize), problems);
      if (opts.json === true) process.stdout.write(`${terminalJson(JSON.stringify(report, null, 2))}\n`);
      else process.stdout.write(`${formatHistory(report)}\n`);
    });
}

export function nextCommand(program: Command, context: CliContext): void {
  program
    .command('next')
    .description('what to practise next: questions whose dimensions are due (spaced repetition, FSRS), and leeches')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { schedule, dueQuestions, prepDue, scheduleDrillItems, scheduleCoding } = await import('../core/progress/schedule.js');
      const { formatNext } = await import('../ui/reports/next-report.js');
      const { sessions, problems } = await (await context.store()).digests();
      for (const p of problems) process.stderr.write(`coach: skipped ${printableLine(`${p.file}: ${p.message}`)}\n`);
      const now = new Date();
      const items = schedule(sessions);
      const due = dueQuestions(items, now);
      const seen = new Set(items.map((i) => i.questionId));
      const bank = await loadBank();
      const unseen = bank.questions().filter((p) => !seen.has(p.question.id)).length;
      const prep = prepDue(bank.prep().map((e) => ({ kind: e.kind, id: e.item.id })), scheduleDrillItems(sessions), now);
      const cards = scheduleCoding(sessions);
      const coding = { cards: [...cards.values()], unseen: bank.coding().filter((e) => !cards.has(e.problem.id)).length };
      if (opts.json === true) process.stdout.write(`${terminalJson(JSON.stringify({ now: now.toISOString(), due, scheduled: items, unseen, prep, coding }, null, 2))}\n`);
      else process.stdout.write(`${formatNext(due, items, now, unseen, prep, coding)}\n`);
    });
}

export function diffCommand(program: Command, context: CliContext): void {
  program
    .command('diff')
    .description('compare two attempts at a question (scores, criteria now stated or dropped, time used) or at a coding problem (tests now passing or failing, the scale test, a diff of the code)')
    .argument('<question>', 'question id, e.g. q23, or coding problem id, e.g. token-bucket')
    .option('--from <session>', 'the earlier attempt (default: the second latest)')
    .option('--to <session>', 'the later attempt (default: the latest)')
    .option('--json', 'print JSON')
    .action(async (rawId: string, opts: { from?: string; to?: string; json?: boolean }) => {
      const { codingProblemExists } = await import('../adapters/fs-bank.js');
      if (codingProblemExists(rawId.toLowerCase())) {
        await codingDiff(rawId.toLowerCase(), opts, context);
        return;
      }
      const id = questionIdFlag(rawId);
      const { attemptsAt, diffAttempts } = await import('../core/progress/diff.js');
      const { formatDiff } = await import('../ui/reports/diff-report.js');
      const { sessions } = await (await context.store()).list();
      const attempts = attemptsAt(sessions, id);
      if (attempts.length < 2) throw new UsageError(`${id} has ${attempts.length === 0 ? 'no graded attempts' : 'one graded attempt'}; a diff needs two (coach round --question ${id})`);
      const pick = (sessionId: string | undefined, fallback: number): (typeof attempts)[number] => {
        if (sessionId === undefined) return attempts[attempts.length + fallback] as (typeof attempts)[number];
        const found = attempts.find((a) => a.sessionId === sessionId);
        if (found === undefined) throw new UsageError(`session '${sessionId}' has no graded answer to ${id}; attempts: ${attempts.map((a) => a.sessionId).join(', ')}`);
        return found;
      };
      const diff = diffAttempts(pick(opts.from, -2), pick(opts.to, -1));
      const title = sessions.flatMap((s) => s.questions).find((q) => q.questionId === id)?.title ?? id;
      process.stdout.write(opts.json === true ? `${terminalJson(JSON.stringify({ questionId: id, ...diff }, null, 2))}\n` : `${formatDiff(id, title, diff)}\n`);
    });
}

/** `coach diff token-bucket`: two submitted attempts at a coding problem. */
async function codingDiff(id: string, opts: { from?: string; to?: string; json?: boolean }, context: CliContext): Promise<void> {
  const { codingAttempts, diffCodingAttempts } = await import('../core/coding/attempts.js');
  const { formatCodingDiff } = await import('../ui/reports/coding-lines.js');
  const { sessions } = await (await context.store()).list();
  const attempts = codingAttempts(sessions, id);
  if (attempts.length < 2) throw new UsageError(`${id} has ${attempts.length === 0 ? 'no submitted attempts' : 'one submitted attempt'}; a diff needs two (coach round --coding --problem ${id})`);
  const pick = (sessionId: string | undefined, fallback: number): (typeof attempts)[number] => {
    if (sessionId === undefined) return attempts[attempts.length + fallback] as (typeof attempts)[number];
    const found = attempts.find((a) => a.sessionId === sessionId);
    if (found === undefined) throw new UsageError(`session '${sessionId}' has no submitted attempt at ${id}; attempts: ${attempts.map((a) => a.sessionId).join(', ')}`);
    return found;
  };
  const diff = diffCodingAttempts(pick(opts.from, -2), pick(opts.to, -1));
  process.stdout.write(opts.json === true ? `${terminalJson(JSON.stringify(diff, null, 2))}\n` : `${formatCodingDiff(diff)}\n`);
}

/**
 * Writes an export where -o says, whole or not at all. Through a symlink to the file it names; a
 * device or pipe (-o /dev/stdout) is written in place, since a rename would replace the device itself.
 */
async function writeExport(out: string, text: string): Promise<void> {
  let target = out;
  let inPlace = false;
  try {
    const stat = statSync(out);
    if (stat.isFile()) target = realpathSync(out);
    else inPlace = !stat.isDirectory();
  } catch {
    // Not there yet: a new file.
  }
  try {
    if (inPlace) writeFileSync(target, text);
    // A directory the user named that does not exist is a mistake to report, not to create.
    else await writeFileAtomic(target, text, { createDirectory: false });
  } catch (error) {
    // Node's message ends in the syscall and the path, here the temp file's; the reason is enough beside ours.
    throw new UsageError(`cannot write '${out}': ${(error as Error).message.split(', ')[0] ?? ''}`);
  }
}

export function exportCommand(program: Command, context: CliContext): void {
  program
    .command('export')
    .description('a session as a Markdown report or its JSON record; --all writes the whole history as JSON lines')
    .argument('[id]', 'session id, from coach history')
    .addOption(new Option('--format <format>', 'md (the default) or json for one session; jsonl, the default with --all').choices(['md', 'json', 'jsonl']))
    .option('--all', 'every session, newest first')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (id: string | undefined, opts: { format?: 'md' | 'json' | 'jsonl'; all?: boolean; out?: string }) => {
      const { historyJsonl, sessionMarkdown } = await import('../core/progress/export.js');
      const sessions = await context.store();
      let text: string;
      if (opts.all === true) {
        if (id !== undefined) throw new UsageError('give a session id or --all, not both');
        if (opts.format !== undefined && opts.format !== 'jsonl') throw new UsageError(`--all writes JSON lines, not ${opts.format}: leave out --format, or give --format jsonl`);
        const { sessions: all, problems } = await sessions.list();
        for (const p of problems) process.stderr.write(`coach: skipped ${printableLine(`${p.file}: ${p.message}`)}\n`);
        text = terminalJson(historyJsonl(all));
      } else {
        if (id === undefined) throw new UsageError('which session? give its id (coach history lists them), or --all');
        if (opts.format === 'jsonl') throw new UsageError('--format jsonl is for --all; one session is md or json');
        const session = await loadSession(sessions, id);
        if (opts.format === 'json') text = `${terminalJson(JSON.stringify(session, null, 2))}\n`;
        else {
          const { drillItemInfo } = await import('../core/practice/drill-items.js');
          const bank = await loadBank();
          text = sessionMarkdown(session, session.mode === 'drill' ? drillItemInfo(bank) : undefined, (questionId) => bank.reference(questionId));
        }
      }
      if (opts.out === undefined) process.stdout.write(text);
      else {
        await writeExport(opts.out, text);
        process.stderr.write(`coach: wrote ${printableLine(opts.out)}\n`);
      }
    });
}

export function showCommand(program: Command, context: CliContext): void {
  program
    .command('show')
    .description('one session: each answer, its evidence and its gaps')
    .argument('<id>', 'session id, from coach history')
    .option('--json', 'print the session record')
    .action(async (id: string, opts: { json?: boolean }) => {
      const session = await loadSession(await context.store(), id);
      if (opts.json === true) process.stdout.write(`${terminalJson(JSON.stringify(session, null, 2))}\n`);
      else process.stdout.write(`${formatSession(session)}\n`);
    });
}
