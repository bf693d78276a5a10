/**
 * `coach round`, `coach drill` and the bare `coach` (the home screen): flags are checked before a
 * terminal is asked for, then core's start planner plans what the TUI starts with, as it does for
 * the home screen's own choices.
 */
import { Option, type Command } from 'commander';
import type { DrillRequest } from '../core/practice/start.js';
import { CLUSTERS, COMPANIES, DIMENSIONS, PREP_KINDS, type Cluster, type Company, type PrepKind } from '../schemas/constants.js';
import { intFlag, questionIdFlag, requireTerminal, UsageError } from './args.js';
import { interactive, type CliContext } from './context.js';
import type { Services } from '../ui/services.js';

/** The bare `coach`: the home screen, drawn while the bank loads. */
export async function homeScreen(sessionsDir: string | undefined): Promise<void> {
  requireTerminal('coach (the home screen)');
  await interactive(sessionsDir, { kind: 'home' });
}

export function roundCommand(program: Command, context: CliContext): void {
  program
    .command('round')
    .description('a timed mock round: answer, get graded with quoted evidence, answer the follow-ups')
    .option('-n, --questions <n>', 'questions in the round (1-10; default from settings, 3)')
    .option('-m, --minutes <m>', 'round length in minutes (5-240; default from settings, 40)')
    .addOption(new Option('--cluster <cluster>', 'only questions from this cluster').choices(CLUSTERS))
    .option('-q, --question <id>', 'ask this question first, e.g. q07')
    .addOption(new Option('--company <company>', 'interviewer emphasis').choices(COMPANIES))
    .option('--due', 'ask what coach next says is due first')
    .option('--scenario', 'the 45-minute scenario: one question (-q, or one you have not practised), clarify, design, probes until the clock, a 2-minute wrap-up')
    .option('--coding', 'the coding round: build a serving component (token bucket, KV allocator, scheduler, …) against hidden tests and a scale test, then answer questions about it')
    .option('--problem <id>', 'with --coding: start this problem, e.g. token-bucket (default: choose from the list, what is due first)')
    .addOption(new Option('--language <language>', 'with --coding: the language to write in (default javascript)').choices(['javascript', 'js', 'node', 'python']))
    .action(async (opts: { questions?: string; minutes?: string; cluster?: Cluster; question?: string; company?: Company; due?: boolean; scenario?: boolean; coding?: boolean; problem?: string; language?: string }) => {
      if (opts.coding === true) {
        await codingRound(opts, context);
        return;
      }
      if (opts.problem !== undefined || opts.language !== undefined) throw new UsageError(`--${opts.problem !== undefined ? 'problem' : 'language'} belongs to the coding round: add --coding`);
      if (opts.scenario === true) {
        const clash = [opts.questions !== undefined && '--questions', opts.minutes !== undefined && '--minutes', opts.cluster !== undefined && '--cluster', opts.due === true && '--due'].filter((x): x is string => typeof x === 'string');
        if (clash.length > 0) throw new UsageError(`--scenario is one question for 45 minutes; drop ${clash.join(' and ')} (use -q to choose the question)`);
        const questionId = opts.question === undefined ? undefined : questionIdFlag(opts.question);
        requireTerminal('coach round --scenario');
        await interactive(context.sessionsFlag(), async (services) => {
          const { planScenarioStart } = await import('../core/practice/start.js');
          const practised = (await services.store.digests()).sessions.flatMap((s) => s.questions.map((q) => q.questionId));
          const planned = planScenarioStart(services.bank, services.settings.read().settings, services.random, { questionId, company: opts.company, practised });
          if (!planned.ok) throw new UsageError(planned.reason);
          return { kind: 'round', start: planned.start };
        });
        return;
      }
      const questions = opts.questions === undefined ? undefined : intFlag('--questions', opts.questions, 1, 10);
      const minutes = opts.minutes === undefined ? undefined : intFlag('--minutes', opts.minutes, 5, 240);
      const questionId = opts.question === undefined ? undefined : questionIdFlag(opts.question);
      requireTerminal('coach round');
      await interactive(context.sessionsFlag(), async (services) => {
        const { planRoundStart } = await import('../core/practice/start.js');
        let due: string[] | undefined;
        if (opts.due === true) {
          const { schedule, dueQuestions } = await import('../core/progress/schedule.js');
          due = dueQuestions(schedule((await services.store.digests()).sessions), new Date()).map((q) => q.questionId);
        }
        const planned = planRoundStart(services.bank, services.settings.read().settings, services.random, { questions, minutes, cluster: opts.cluster, questionId, company: opts.company, due });
        if (!planned.ok) throw new UsageError(planned.reason);
        return { kind: 'round', start: planned.start };
      });
    });
}

/** `coach round --coding`: the problem and language checked before a terminal is asked for. */
async function codingRound(opts: { questions?: string; minutes?: string; cluster?: Cluster; question?: string; company?: Company; due?: boolean; scenario?: boolean; problem?: string; language?: string }, context: CliContext): Promise<void> {
  const clash = [
    opts.questions !== undefined && '--questions',
    opts.minutes !== undefined && '--minutes',
    opts.cluster !== undefined && '--cluster',
    opts.question !== undefined && '--question',
    opts.company !== undefined && '--company',
    opts.due === true && '--due',
    opts.scenario === true && '--scenario',
  ].filter((x): x is string => typeof x === 'string');
  if (clash.length > 0) throw new UsageError(`--coding is one problem with its own clock; drop ${clash.join(' and ')}`);
  const language = opts.language === undefined ? undefined : opts.language === 'python' ? ('python' as const) : ('node' as const);
  const problemId = opts.problem?.toLowerCase();
  if (problemId !== undefined) {
    const { codingProblemExists, codingProblemIds } = await import('../adapters/fs-bank.js');
    if (!codingProblemExists(problemId)) throw new UsageError(`unknown coding problem '${opts.problem ?? ''}': there are ${codingProblemIds().join(', ')}`);
  }
  if (language === 'python') {
    const { pythonAvailable } = await import('../adapters/coding/run-tests.js');
    if (!(await pythonAvailable())) throw new UsageError('--language python needs python3, which is not on this machine: install it, or write JavaScript');
  }
  requireTerminal('coach round --coding');
  await interactive(context.sessionsFlag(), async (services) => {
    if (problemId === undefined) return { kind: 'coding-menu', language };
    const { planCodingStart } = await import('../core/coding/plan.js');
    const planned = planCodingStart(services.bank, services.random, { problemId, language, python: language === 'python' });
    if (!planned.ok) throw new UsageError(planned.reason);
    return { kind: 'coding', start: planned.start };
  });
}

/** `--focus q05:rollback`, checked: a known question, a dimension, and no --count. */
async function focusRequest(raw: string, count: number | undefined, seconds: number | undefined): Promise<DrillRequest> {
  const { parseFocusItemId } = await import('../core/practice/drill-items.js');
  const focus = parseFocusItemId(`focus:${raw.toLowerCase()}`);
  if (focus === undefined) throw new UsageError(`--focus takes a question and a dimension, e.g. q05:rollback, not '${raw}' (dimensions: ${DIMENSIONS.join(', ')})`);
  questionIdFlag(focus.questionId);
  if (count !== undefined) throw new UsageError('--count does not apply to --focus: a focused drill is always five prompts');
  return { kind: 'focus', questionId: focus.questionId, dimension: focus.dimension, seconds };
}

const DRILL_KINDS = ['rapid-fire', 'spot-the-flaw', ...PREP_KINDS] as const;
type DrillKind = (typeof DRILL_KINDS)[number];

function isPrepKind(kind: string): kind is PrepKind {
  return (PREP_KINDS as readonly string[]).includes(kind);
}

/** A preparation drill asks what the drill scheduler says is due; history that cannot be read only loses that order. */
async function withCards(request: DrillRequest, services: Pick<Services, 'store' | 'clock'>): Promise<DrillRequest> {
  const kind = request.kind;
  if (!isPrepKind(kind)) return request;
  const { scheduleDrillItems } = await import('../core/progress/schedule.js');
  const sessions = await services.store.digests().then(
    (d) => d.sessions,
    () => [],
  );
  return { kind, count: 'count' in request ? request.count : undefined, seconds: request.seconds, cards: scheduleDrillItems(sessions), now: services.clock.now() };
}

export function drillCommand(program: Command, context: CliContext): void {
  program
    .command('drill')
    .description('rapid-fire prompts with a per-prompt countdown, graded on the items you name; or critique flawed answers; or drill a leech')
    .option('-n, --count <n>', 'prompts in the drill (1-60; default from settings, 10; 4 with --spot-the-flaw)')
    .option('-s, --seconds <s>', "seconds per prompt (10-600; default each prompt's own: 45-90, or by the answer's length with --spot-the-flaw)")
    .addOption(
      new Option(
        '-k, --kind <kind>',
        'which drill: rapid-fire (default), spot-the-flaw, numbers (figures from memory), scripts (the four diagnostic scripts), first-questions (three clarifying questions), triage (the incident decision tree), story (a 90-second failure story)',
      ).choices(DRILL_KINDS),
    )
    .option('--spot-the-flaw', 'the same as --kind spot-the-flaw')
    .option('--focus <question:dimension>', 'the focused drill for a leech that coach next lists, e.g. q05:rollback')
    .action(async (opts: { count?: string; seconds?: string; kind?: DrillKind; spotTheFlaw?: boolean; focus?: string }) => {
      const count = opts.count === undefined ? undefined : intFlag('--count', opts.count, 1, 60);
      const seconds = opts.seconds === undefined ? undefined : intFlag('--seconds', opts.seconds, 10, 600);
      if (opts.spotTheFlaw === true && opts.kind !== undefined && opts.kind !== 'spot-the-flaw') throw new UsageError(`--spot-the-flaw and --kind ${opts.kind} are different drills: choose one`);
      const kind: DrillKind = opts.spotTheFlaw === true ? 'spot-the-flaw' : (opts.kind ?? 'rapid-fire');
      if (opts.focus !== undefined && (opts.spotTheFlaw === true || opts.kind !== undefined)) throw new UsageError(`--focus and --kind ${kind} are different drills: choose one`);
      const request: DrillRequest = opts.focus === undefined ? { kind, count, seconds } : await focusRequest(opts.focus, count, seconds);
      requireTerminal('coach drill');
      await interactive(context.sessionsFlag(), async (services) => {
        const { planDrillStart } = await import('../core/practice/start.js');
        const planned = planDrillStart(services.bank, services.settings.read().settings, services.random, await withCards(request, services));
        if (!planned.ok) throw new UsageError(planned.reason);
        return { kind: 'drill', start: planned.start };
      });
    });
}
