#!/usr/bin/env node
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_BANK_DIR, NO_CACHE, loadBank, loadQuestion, questionExists } from '../adapters/fs-bank.js';
import { gradeAnswer } from '../core/grading/grade.js';
import type { BankProblem } from '../ports.js';
import { formatGrade, paintFor } from '../ui/reports/grade-report.js';
import { formatBankList, formatQuestion } from '../ui/reports/bank-report.js';
import { FsSessionStore, SessionLoadError, resolveSessionsDir, summarize } from '../adapters/session-store.js';
import { formatHistory, formatSession, historyReport } from '../ui/reports/history-report.js';
import { CLUSTERS, COMPANIES, DIMENSIONS, type Cluster, type Company } from '../schemas/constants.js';
import type { Screen } from '../ui/app.js';
import type { Services } from '../ui/services.js';

/** An error the user caused: printed as one line, exit code 2. */
class UsageError extends Error {}

export const MAX_ANSWER_BYTES = 100 * 1024;

function problemLine(p: BankProblem): string {
  return `${p.file}: ${p.path.length > 0 ? `${p.path}: ` : ''}${p.message}`;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_ANSWER_BYTES) throw new UsageError(`the answer on stdin is over ${MAX_ANSWER_BYTES / 1024} KB; trim it and try again`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

async function readAnswer(file: string | undefined): Promise<string> {
  let bytes: Buffer;
  if (file !== undefined) {
    let size: number;
    try {
      const stat = statSync(file);
      if (stat.isDirectory()) throw new UsageError(`cannot read answer file '${file}': it is a directory`);
      size = stat.size;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`cannot read answer file '${file}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    if (size > MAX_ANSWER_BYTES) throw new UsageError(`answer file '${file}' is ${Math.ceil(size / 1024)} KB; the limit is ${MAX_ANSWER_BYTES / 1024} KB`);
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new UsageError(`cannot read answer file '${file}': ${(error as Error).message}`);
    }
  } else {
    if (process.stdin.isTTY === true) throw new UsageError('no answer given: pass --answer-file FILE or pipe the answer on stdin');
    bytes = await readStdin();
  }
  const answer = bytes.toString('utf8').replace(/\r\n?/g, '\n');
  if (answer.trim().length === 0) throw new UsageError(`the answer ${file === undefined ? 'on stdin' : `in '${file}'`} is empty`);
  return answer;
}

function isTerminal(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true;
}

/** Interactive commands need a keyboard and a screen; piped or in CI they stop at once. */
function requireTerminal(what: string): void {
  if (!isTerminal()) throw new UsageError(`${what} is interactive and needs a terminal (stdin and stdout are not both a TTY); for scripts use coach grade, coach history --json or coach show`);
}

function intFlag(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not '${value}'`);
  return n;
}

/** Settings pull in zod; only commands that read sessions load them. */
async function savedSessionsDir(): Promise<string | undefined> {
  const { ConfSettingsStore } = await import('../adapters/settings.js');
  return new ConfSettingsStore().read().settings.sessionsDir;
}

/** Starts the TUI. `initial` with a bank waits for it; without, the first frame is drawn while it loads. */
async function interactive(sessionsDir: string | undefined, initial: Screen | ((services: Services) => Promise<Screen>)): Promise<void> {
  const { buildServices, runTui } = await import('./tui.js');
  const { services, ready, dispose } = buildServices(sessionsDir);
  try {
    await runTui(services, typeof initial === 'function' ? await initial(await ready()) : initial);
  } finally {
    await dispose();
  }
}

const modelCommands = (): Promise<typeof import('./model.js')> => import('./model.js');

/** A model problem the user can fix becomes a one-line usage error. */
function rethrowModel(m: typeof import('./model.js')): (error: unknown) => never {
  return (error: unknown) => {
    if (error instanceof m.ModelCommandError) throw new UsageError(error.message);
    throw error;
  };
}

/** A saved session by id, or one line saying why there is none. */
async function loadSession(sessions: FsSessionStore, id: string): Promise<import('../schemas/session.js').Session> {
  let session;
  try {
    session = await sessions.load(id);
  } catch (error) {
    if (error instanceof SessionLoadError) throw new UsageError(`cannot read session ${error.message}`);
    throw error;
  }
  if (session === undefined) throw new UsageError(`no session '${id}': run coach history to see the ids`);
  return session;
}

function buildProgram(): Command {
  const program = new Command();
  program
    .name('coach')
    .description('Mock-interview coach for LLM-production and ML system-design interviews')
    .exitOverride()
    .configureOutput({
      // Commander's errors become the same one-line shape as ours.
      outputError: (text, write) => write(`coach: ${(text.split('\n')[0] ?? '').replace(/^error: /, '')} (see coach --help)\n`),
    });

  program
    .command('grade')
    .description('grade an answer with the rubric grader (--model adds the local model)')
    .requiredOption('-q, --question <id>', 'question id, e.g. q01 (see coach bank list)')
    .option('-f, --answer-file <file>', 'the answer (default: read stdin)')
    .option('--json', 'print one JSON object instead of the report')
    .option('--model', 'grade with the configured local model as well (rubric + model)')
    .action(async (opts: { question: string; answerFile?: string; json?: boolean; model?: boolean }) => {
      const id = opts.question.toLowerCase();
      if (!/^q\d{2}$/.test(id) || !questionExists(id)) throw new UsageError(`unknown question '${opts.question}': run coach bank list to see the ids`);
      const answer = await readAnswer(opts.answerFile);
      const { prepared, problems } = await loadQuestion(id);
      if (prepared === undefined) {
        const first = problems[0];
        throw new UsageError(`question ${id} cannot be graded: ${first === undefined ? 'it failed to load' : problemLine(first)}`);
      }
      let grade = gradeAnswer(prepared, answer);
      if (opts.model === true) {
        const m = await modelCommands();
        const { grader, dispose } = await m.modelGrader().catch(rethrowModel(m));
        try {
          grade = await grader.grade(prepared, answer);
        } finally {
          await dispose();
        }
      }
      if (opts.json === true) process.stdout.write(`${JSON.stringify(grade, null, 2)}\n`);
      else process.stdout.write(`${formatGrade(grade, prepared.question.title, paintFor(process.stdout, process.env))}\n`);
    });

  const bank = program.command('bank').description('list, show and validate the question bank');
  bank
    .command('list')
    .description('list the questions and rapid-fire sets')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const loaded = await loadBank();
      for (const p of loaded.problems) process.stderr.write(`coach: skipped ${problemLine(p)}\n`);
      if (opts.json === true) {
        const questions = loaded.questions().map(({ question, rubric }) => ({
          id: question.id,
          title: question.title,
          cluster: question.cluster,
          timeBudgetSec: question.timeBudgetSec,
          criteria: rubric.criteria.length,
          followUps: question.followUps.length,
        }));
        const rapidFire = loaded.rapidFire().map((e) => ({ id: e.item.id, set: e.set, prompt: e.item.prompt, seconds: e.item.seconds }));
        const { switches } = await import('../core/practice/flaws.js');
        const spotTheFlaw = loaded.spotTheFlaw().map((e) => ({ question: e.set.question, flags: switches(e.set).map((s) => s.flag) }));
        process.stdout.write(`${JSON.stringify({ questions, rapidFire, spotTheFlaw }, null, 2)}\n`);
      } else {
        process.stdout.write(`${formatBankList(loaded)}\n`);
      }
    });
  bank
    .command('show')
    .description('show one question: prompt, follow-up ladder, red flags, rubric')
    .argument('<id>', 'question id, e.g. q07')
    .action(async (rawId: string) => {
      const id = rawId.toLowerCase();
      if (!/^q\d{2}$/.test(id) || !questionExists(id)) throw new UsageError(`unknown question '${rawId}': run coach bank list to see the ids`);
      const { prepared, problems } = await loadQuestion(id);
      if (prepared === undefined) throw new UsageError(`question ${id} is invalid: ${problems[0] === undefined ? 'it failed to load' : problemLine(problems[0])}`);
      process.stdout.write(`${formatQuestion(prepared)}\n`);
    });
  bank
    .command('validate')
    .description('check every bank file; lists every problem and exits 2 if there is any')
    .addOption(new Option('--dir <dir>', 'bank directory holding questions/ and rubrics/').default(DEFAULT_BANK_DIR, 'the shipped bank'))
    .action(async (opts: { dir: string }) => {
      try {
        if (!statSync(opts.dir).isDirectory()) throw new Error('not a directory');
      } catch {
        throw new UsageError(`cannot read bank directory '${opts.dir}'`);
      }
      // Validation never trusts the cache: every file is parsed and checked afresh.
      const loaded = await loadBank({ root: opts.dir, cache: NO_CACHE });
      const questions = loaded.questions().length;
      const drills = loaded.rapidFire().length;
      // A flaw set that loads can still be wrong as content: every choice of planted flags must raise exactly those.
      const { checkFlawSet } = await import('../core/practice/flaws.js');
      const problems: BankProblem[] = [...loaded.problems];
      let flaws = 0;
      for (const entry of loaded.spotTheFlaw()) {
        const found = checkFlawSet(entry);
        if (found.length === 0) flaws++;
        for (const message of found) problems.push({ file: `questions/flaws/${entry.set.question}.yaml`, path: 'parts', message });
      }
      const counts = `${questions} questions, ${drills} rapid-fire items and ${flaws} spot-the-flaw answers`;
      if (problems.length > 0) {
        for (const p of problems) process.stderr.write(`${problemLine(p)}\n`);
        process.stderr.write(`${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}; ${counts} are valid\n`);
        process.exitCode = 2;
        return;
      }
      process.stdout.write(`bank ok: ${counts}\n`);
    });
  program.option('--sessions-dir <dir>', 'where sessions are kept (default: $COACH_SESSIONS_DIR, then the setting, then sessions/ in the checkout)');
  const store = async (): Promise<FsSessionStore> =>
    new FsSessionStore(resolveSessionsDir({ flag: program.opts<{ sessionsDir?: string }>().sessionsDir, env: process.env, setting: await savedSessionsDir(), cwd: process.cwd(), checkout: DEFAULT_BANK_DIR }));

  const sessionsFlag = (): string | undefined => program.opts<{ sessionsDir?: string }>().sessionsDir;

  program
    .command('round')
    .description('a timed mock round: answer, get graded with quoted evidence, answer the follow-ups')
    .option('-n, --questions <n>', 'questions in the round (1-10; default from settings, 3)')
    .option('-m, --minutes <m>', 'round length in minutes (5-240; default from settings, 40)')
    .addOption(new Option('--cluster <cluster>', 'only questions from this cluster').choices(CLUSTERS))
    .option('-q, --question <id>', 'ask this question first, e.g. q07')
    .addOption(new Option('--company <company>', 'interviewer emphasis').choices(COMPANIES))
    .option('--due', 'ask what coach next says is due first')
    .action(async (opts: { questions?: string; minutes?: string; cluster?: Cluster; question?: string; company?: Company; due?: boolean }) => {
      const count = opts.questions === undefined ? undefined : intFlag('--questions', opts.questions, 1, 10);
      const minutes = opts.minutes === undefined ? undefined : intFlag('--minutes', opts.minutes, 5, 240);
      const questionId = opts.question?.toLowerCase();
      if (questionId !== undefined && (!/^q\d{2}$/.test(questionId) || !questionExists(questionId))) throw new UsageError(`unknown question '${opts.question}': run coach bank list to see the ids`);
      requireTerminal('coach round');
      await interactive(sessionsFlag(), async (services) => {
        const { settings } = services.settings.read();
        const { planRound } = await import('../core/practice/plan.js');
        const cluster = opts.cluster ?? (questionId === undefined ? settings.cluster : undefined);
        let due: string[] = [];
        if (opts.due === true) {
          const { schedule, dueQuestions } = await import('../core/progress/schedule.js');
          due = dueQuestions(schedule((await services.store.digests()).sessions), new Date()).map((q) => q.questionId);
          if (due.length === 0) throw new UsageError('nothing is due: coach next shows when something will be; coach round picks new questions');
        }
        const n = count ?? settings.questions;
        const picked = due.slice(0, n);
        const rest = planRound(
          services.bank.questions().map((p) => p.question).filter((q) => !picked.includes(q.id)),
          { count: Math.max(0, n - picked.length), cluster, questionId: picked.length === 0 ? questionId : undefined },
          services.random,
        );
        const dueQuestions = picked.flatMap((id) => {
          const p = services.bank.question(id);
          return p === undefined ? [] : [{ id, title: p.question.title, prompt: p.question.prompt, budgetMs: p.question.timeBudgetSec * 1000 }];
        });
        const questions = [...dueQuestions, ...rest];
        if (questions.length === 0) throw new UsageError('no questions to ask: the bank has none that match; run coach bank validate');
        return { kind: 'round', start: { kind: 'new', questions, minutes: minutes ?? settings.minutes, company: opts.company ?? settings.company, cluster } };
      });
    });
  program
    .command('drill')
    .description('rapid-fire prompts with a per-prompt countdown, graded on the items you name; or critique flawed answers; or drill a leech')
    .option('-n, --count <n>', 'prompts in the drill (1-60; default from settings, 10; 4 with --spot-the-flaw)')
    .option('-s, --seconds <s>', "seconds per prompt (10-600; default each prompt's own: 45-90, or by the answer's length with --spot-the-flaw)")
    .option('--spot-the-flaw', "read a candidate's answer with one or two red flags planted, and name what is wrong")
    .option('--focus <question:dimension>', 'the focused drill for a leech that coach next lists, e.g. q05:rollback')
    .action(async (opts: { count?: string; seconds?: string; spotTheFlaw?: boolean; focus?: string }) => {
      const count = opts.count === undefined ? undefined : intFlag('--count', opts.count, 1, 60);
      const seconds = opts.seconds === undefined ? undefined : intFlag('--seconds', opts.seconds, 10, 600);
      if (opts.spotTheFlaw === true && opts.focus !== undefined) throw new UsageError('--spot-the-flaw and --focus are different drills: choose one');
      const { parseFocusItemId } = await import('../core/practice/drill-items.js');
      const focus = opts.focus === undefined ? undefined : parseFocusItemId(`focus:${opts.focus.toLowerCase()}`);
      if (opts.focus !== undefined) {
        if (focus === undefined) throw new UsageError(`--focus takes a question and a dimension, e.g. q05:rollback, not '${opts.focus}' (dimensions: ${DIMENSIONS.join(', ')})`);
        if (!questionExists(focus.questionId)) throw new UsageError(`unknown question '${focus.questionId}': run coach bank list to see the ids`);
        if (count !== undefined) throw new UsageError('--count does not apply to --focus: a focused drill is always five prompts');
      }
      requireTerminal('coach drill');
      await interactive(sessionsFlag(), async (services) => {
        const { settings } = services.settings.read();
        const items = await import('../core/practice/drill-items.js');
        if (focus !== undefined) {
          const prompts = items.planFocusPrompts(services.bank, focus.questionId, focus.dimension, services.random);
          if (prompts.length === 0) throw new UsageError(`question ${focus.questionId} has no ${focus.dimension} criteria to drill`);
          return { kind: 'drill', start: { kind: 'new', items: prompts, seconds, variant: 'focus' } };
        }
        if (opts.spotTheFlaw === true) {
          const prompts = items.planFlawPrompts(services.bank, count ?? items.FLAW_DRILL_COUNT, seconds, services.random);
          if (prompts.length === 0) throw new UsageError('no spot-the-flaw answers in the bank (questions/flaws/); run coach bank validate');
          return { kind: 'drill', start: { kind: 'new', items: prompts, seconds, variant: 'spot-the-flaw' } };
        }
        const { planDrill } = await import('../core/practice/plan.js');
        const perPrompt = seconds ?? settings.drillSeconds;
        const planned = planDrill(services.bank.rapidFire().map((e) => e.item), count ?? settings.drillCount, perPrompt, services.random);
        if (planned.length === 0) throw new UsageError('no rapid-fire prompts in the bank; run coach bank validate');
        return { kind: 'drill', start: { kind: 'new', items: planned, seconds: perPrompt } };
      });
    });

  const model = program.command('model').description('the local model: status, use a GGUF file, download a recommended one');
  model
    .command('status')
    .description('which model is configured, and where it runs (backend, GPUs, layers on the GPU)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const m = await modelCommands();
      process.stdout.write(`${await m.modelStatus(opts.json === true)}\n`);
    });
  model
    .command('use')
    .description('check a GGUF file, load it once, and make it the model coach uses')
    .argument('<path>', 'a .gguf model file')
    .action(async (path: string) => {
      const m = await modelCommands();
      process.stdout.write(`${await m.modelUse(path).catch(rethrowModel(m))}\n`);
    });
  model
    .command('pull')
    .description("download a model with node-llama-cpp's resolver and use it (default: a small instruct model)")
    .argument('[uri]', 'hf:user/repo:quant, hf:user/repo/file.gguf or an https URL')
    .option('--list', 'show the recommended models by backend and size')
    .option('--dir <dir>', 'where models are kept (default ~/.cache/coach/models)')
    .action(async (uri: string | undefined, opts: { list?: boolean; dir?: string }) => {
      const m = await modelCommands();
      if (opts.list === true) {
        process.stdout.write(`${m.recommendations()}\n`);
        return;
      }
      process.stdout.write(`${await m.modelPull(uri, opts.dir).catch(rethrowModel(m))}\n`);
    });

  program
    .command('regrade')
    .description('grade a saved session again with the current grader (the model when one is configured)')
    .argument('<id>', 'session id, from coach history')
    .option('--rubric', 'use the rubric grader even when a model is configured')
    .action(async (id: string, opts: { rubric?: boolean }) => {
      const sessions = await store();
      const session = await loadSession(sessions, id);
      if (session.mode !== 'round') throw new UsageError(`session ${id} is a drill; drills are graded by list and need no regrading`);
      let grader: import('../ports.js').Grader = { kind: 'rubric', grade: async (p, a) => gradeAnswer(p, a) };
      let dispose = async (): Promise<void> => undefined;
      if (opts.rubric !== true) {
        const m = await modelCommands();
        if (m.configuredModel() !== undefined) {
          try {
            ({ grader, dispose } = await m.modelGrader());
          } catch (error) {
            process.stderr.write(`coach: model not used (${error instanceof Error ? error.message : String(error)}); regrading with the rubric grader\n`);
          }
        }
      }
      try {
        const lines: string[] = [];
        const questions = [];
        for (const q of session.questions) {
          const { prepared } = await loadQuestion(q.questionId);
          if (prepared === undefined) {
            lines.push(`${q.questionId}: not in the bank any more; kept as it was`);
            questions.push(q);
            continue;
          }
          const answers = [];
          for (const a of q.answers) {
            const grade = await grader.grade(prepared, a.text);
            answers.push({ ...a, grade });
            lines.push(`${q.questionId} ${a.kind === 'initial' ? 'answer   ' : `follow-up (${a.dimension ?? 'any'})`}  ${String(a.grade.overall).padStart(3)} -> ${String(grade.overall).padStart(3)}  (${grade.grader})`);
          }
          questions.push({ ...q, answers });
        }
        await sessions.save({ ...session, questions, grader: grader.kind, updatedAt: new Date().toISOString() });
        process.stdout.write(`${lines.join('\n')}\nSaved ${session.id}.\n`);
      } finally {
        await dispose();
      }
    });

  program
    .command('history')
    .description('graded sessions, per-dimension trends, weakest dimensions and questions (a browser on a terminal)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      if (opts.json !== true && isTerminal()) {
        await interactive(sessionsFlag(), { kind: 'history' });
        return;
      }
      const { sessions, problems } = await (await store()).digests();
      const report = historyReport(sessions, sessions.map(summarize), problems);
      if (opts.json === true) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else process.stdout.write(`${formatHistory(report)}\n`);
    });
  program
    .command('next')
    .description('what to practise next: questions whose dimensions are due (spaced repetition, FSRS), and leeches')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { schedule, dueQuestions } = await import('../core/progress/schedule.js');
      const { formatNext } = await import('../ui/reports/next-report.js');
      const { sessions, problems } = await (await store()).digests();
      for (const p of problems) process.stderr.write(`coach: skipped ${p.file}: ${p.message}\n`);
      const now = new Date();
      const items = schedule(sessions);
      const due = dueQuestions(items, now);
      const seen = new Set(items.map((i) => i.questionId));
      const unseen = (await loadBank()).questions().filter((p) => !seen.has(p.question.id)).length;
      if (opts.json === true) process.stdout.write(`${JSON.stringify({ now: now.toISOString(), due, scheduled: items, unseen }, null, 2)}\n`);
      else process.stdout.write(`${formatNext(due, items, now, unseen)}\n`);
    });

  program
    .command('selftest')
    .description('grade the answers people labelled (golden set, blind set halves) and report how far the grader agrees')
    .option('--set <set>', 'golden, tuning, test or all', 'all')
    .option('--model', 'test the model grader (rubric + model) instead of the rubric grader')
    .option('--repeat <n>', 'grade each answer n times and report the spread (1-20)', '1')
    .option('--detail', 'list the pairs ordered against the labels and the dimension scores far from them')
    .option('--json', 'print JSON')
    .action(async (opts: { set: string; model?: boolean; repeat: string; detail?: boolean; json?: boolean }) => {
      const repeat = intFlag('--repeat', opts.repeat, 1, 20);
      const chosen = { all: ['golden', 'blind-tuning', 'blind-test'], golden: ['golden'], tuning: ['blind-tuning'], test: ['blind-test'] }[opts.set] as import('../core/progress/selftest.js').YardstickName[] | undefined;
      if (chosen === undefined) throw new UsageError(`--set must be golden, tuning, test or all, not '${opts.set}'`);
      const { loadYardsticks } = await import('../adapters/golden.js');
      const { gradeYardstick, yardstickReport } = await import('../core/progress/selftest.js');
      const { sets, problems } = await loadYardsticks(chosen);
      for (const p of problems) process.stderr.write(`coach: skipped ${problemLine(p)}\n`);
      if (sets.every((s) => s.answers.length === 0)) throw new UsageError('no labelled answers to grade (questions/golden/ and questions/blind/ are empty or invalid)');
      let grader: import('../ports.js').Grader = { kind: 'rubric', grade: async (p, a) => gradeAnswer(p, a) };
      let dispose = async (): Promise<void> => undefined;
      if (opts.model === true) {
        const m = await modelCommands();
        ({ grader, dispose } = await m.modelGrader().catch(rethrowModel(m)));
      }
      try {
        const reports = [];
        for (const set of sets) {
          const { cases, missing } = await gradeYardstick(set.answers, async (id) => (await loadQuestion(id)).prepared, (p, text) => grader.grade(p, text), repeat);
          if (missing.length > 0) throw new UsageError(`the ${set.name} answers name ${missing.join(', ')}, which does not load`);
          reports.push(yardstickReport(set.name, cases));
        }
        if (opts.json === true) {
          process.stdout.write(`${JSON.stringify({ grader: grader.kind, repeat, reports }, null, 2)}\n`);
          return;
        }
        const { formatSelftest } = await import('../ui/reports/selftest-report.js');
        process.stdout.write(`${formatSelftest(reports, grader.kind, repeat, opts.detail === true).join('\n')}\n`);
      } finally {
        await dispose();
      }
    });

  program
    .command('diff')
    .description('compare two attempts at a question: scores, criteria now stated or dropped, time used')
    .argument('<question>', 'question id, e.g. q23')
    .option('--from <session>', 'the earlier attempt (default: the second latest)')
    .option('--to <session>', 'the later attempt (default: the latest)')
    .option('--json', 'print JSON')
    .action(async (rawId: string, opts: { from?: string; to?: string; json?: boolean }) => {
      const id = rawId.toLowerCase();
      if (!/^q\d{2}$/.test(id) || !questionExists(id)) throw new UsageError(`unknown question '${rawId}': run coach bank list to see the ids`);
      const { attemptsAt, diffAttempts } = await import('../core/progress/diff.js');
      const { formatDiff } = await import('../ui/reports/diff-report.js');
      const { sessions } = await (await store()).list();
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
      process.stdout.write(opts.json === true ? `${JSON.stringify({ questionId: id, ...diff }, null, 2)}\n` : `${formatDiff(id, title, diff)}\n`);
    });

  program
    .command('export')
    .description('a session as a Markdown report or its JSON record; --all writes the whole history as JSON lines')
    .argument('[id]', 'session id, from coach history')
    .addOption(new Option('--format <format>', 'md or json for one session; jsonl with --all').choices(['md', 'json', 'jsonl']).default('md'))
    .option('--all', 'every session, newest first')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (id: string | undefined, opts: { format: 'md' | 'json' | 'jsonl'; all?: boolean; out?: string }) => {
      const { historyJsonl, sessionMarkdown } = await import('../core/progress/export.js');
      const sessions = await store();
      let text: string;
      if (opts.all === true) {
        if (id !== undefined) throw new UsageError('give a session id or --all, not both');
        if (opts.format !== 'jsonl') throw new UsageError('--all writes JSON lines: use --format jsonl');
        const { sessions: all, problems } = await sessions.list();
        for (const p of problems) process.stderr.write(`coach: skipped ${p.file}: ${p.message}\n`);
        text = historyJsonl(all);
      } else {
        if (id === undefined) throw new UsageError('which session? give its id (coach history lists them), or --all --format jsonl');
        if (opts.format === 'jsonl') throw new UsageError('--format jsonl is for --all; one session is md or json');
        const session = await loadSession(sessions, id);
        if (opts.format === 'json') text = `${JSON.stringify(session, null, 2)}\n`;
        else {
          const { drillItemInfo } = await import('../core/practice/drill-items.js');
          text = sessionMarkdown(session, session.mode === 'drill' ? drillItemInfo(await loadBank()) : undefined);
        }
      }
      if (opts.out === undefined) process.stdout.write(text);
      else {
        try {
          writeFileSync(opts.out, text);
        } catch (error) {
          throw new UsageError(`cannot write '${opts.out}': ${(error as Error).message}`);
        }
        process.stderr.write(`coach: wrote ${opts.out}\n`);
      }
    });
  program
    .command('show')
    .description('one session: each answer, its evidence and its gaps')
    .argument('<id>', 'session id, from coach history')
    .option('--json', 'print the session record')
    .action(async (id: string, opts: { json?: boolean }) => {
      const session = await loadSession(await store(), id);
      if (opts.json === true) process.stdout.write(`${JSON.stringify(session, null, 2)}\n`);
      else process.stdout.write(`${formatSession(session)}\n`);
    });
  return program;
}

async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    // No command, perhaps only global options: the home screen.
    const rest = argv.slice(2);
    if (rest.length === 0 || (rest.length === 2 && rest[0] === '--sessions-dir') || (rest.length === 1 && rest[0]?.startsWith('--sessions-dir=') === true)) {
      program.parseOptions([...rest]);
      const dir = rest.length === 0 ? undefined : rest.length === 2 ? rest[1] : rest[0]?.slice('--sessions-dir='.length);
      requireTerminal('coach (the home screen)');
      await interactive(dir, { kind: 'home' });
      return typeof process.exitCode === 'number' ? process.exitCode : 0;
    }
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`coach: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`coach: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
