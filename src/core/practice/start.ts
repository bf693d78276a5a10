/**
 * What a round or drill starts from: a new plan, or a saved session to resume. New plans are made
 * here, once, for the CLI's flags and the home screen's choices alike, so the two cannot drift.
 */
import type { QuestionBank } from '../bank.js';
import { DRILL_NAMES, type Cluster, type Company, type Dimension, type DrillVariant, type PrepKind } from '../../schemas/constants.js';
import type { ScheduledDrillItem } from '../progress/schedule.js';
import type { Session } from '../../schemas/session.js';
import type { Settings } from '../../schemas/settings.js';
import type { DrillPrompt } from './drill.js';
import { drillCatalog, FLAW_DRILL_COUNT, planFlawPrompts, planFocusPrompts } from './drill-items.js';
import { planDrill, planRound, roundQuestion, shuffled } from './plan.js';
import { SCENARIO_MINUTES, SCENARIO_QUESTION_MS } from './scenario.js';
import type { RoundQuestion } from './round.js';

export type RoundStart =
  | {
      readonly kind: 'new';
      readonly questions: readonly RoundQuestion[];
      readonly minutes: number;
      readonly company?: Company | undefined;
      readonly cluster?: Cluster | undefined;
      /** The 45-minute scenario: one question, probes until the clock, a wrap-up. */
      readonly scenario?: boolean | undefined;
    }
  | { readonly kind: 'resume'; readonly session: Session };

export type DrillStart =
  | { readonly kind: 'new'; readonly items: readonly DrillPrompt[]; readonly seconds?: number | undefined; readonly variant?: DrillVariant | undefined }
  | { readonly kind: 'resume'; readonly session: Session };

/** A start, or one line saying why there can be none. */
export type Planned<S> = { readonly ok: true; readonly start: S } | { readonly ok: false; readonly reason: string };

/** What a round is asked for; every field left out comes from the settings. */
export interface RoundRequest {
  readonly questions?: number | undefined;
  readonly minutes?: number | undefined;
  /** The rest of the round is drawn from this cluster. The settings' cluster applies only when no question is named and nothing due is asked. */
  readonly cluster?: Cluster | undefined;
  /** Asked first. */
  readonly questionId?: string | undefined;
  readonly company?: Company | undefined;
  /** Ids of what is due, most overdue first, asked before the rest; an empty list means due questions were asked for and none is due. */
  readonly due?: readonly string[] | undefined;
}

export type RoundSettings = Pick<Settings, 'questions' | 'minutes' | 'cluster' | 'company'>;

export function planRoundStart(bank: Pick<QuestionBank, 'questions'>, settings: RoundSettings, random: () => number, request: RoundRequest = {}): Planned<RoundStart> {
  if (request.due?.length === 0) return { ok: false, reason: 'nothing is due: coach next shows when something will be; coach round picks new questions' };
  const count = request.questions ?? settings.questions;
  const all = bank.questions().map((p) => p.question);
  const wanted = [...new Set([...(request.questionId === undefined ? [] : [request.questionId]), ...(request.due ?? [])])];
  // Ids no longer in the bank (renamed, or skipped as invalid) are passed over, not counted.
  const first = wanted.flatMap((id) => all.filter((q) => q.id === id)).slice(0, count);
  const cluster = request.cluster ?? (wanted.length === 0 ? settings.cluster : undefined);
  const rest = planRound(
    all.filter((q) => !first.includes(q)),
    { count: count - first.length, cluster },
    random,
  );
  const questions = [...first.map(roundQuestion), ...rest];
  if (questions.length === 0) return { ok: false, reason: 'no questions to ask: the bank has none that match; run coach bank validate' };
  return { ok: true, start: { kind: 'new', questions, minutes: request.minutes ?? settings.minutes, company: request.company ?? settings.company, cluster } };
}

/** What a scenario is asked for: a question (else one at random, the least practised first) and an interviewer style. */
export interface ScenarioRequest {
  readonly questionId?: string | undefined;
  readonly company?: Company | undefined;
  /** Ids of questions already practised, so a random pick prefers one not yet seen. */
  readonly practised?: readonly string[] | undefined;
}

export function planScenarioStart(bank: Pick<QuestionBank, 'questions'>, settings: Pick<Settings, 'company'>, random: () => number, request: ScenarioRequest = {}): Planned<RoundStart> {
  const all = bank.questions().map((p) => p.question);
  let question = request.questionId === undefined ? undefined : all.find((q) => q.id === request.questionId);
  if (request.questionId !== undefined && question === undefined) return { ok: false, reason: `no question ${request.questionId} in the bank; coach bank list shows them` };
  if (question === undefined) {
    const seen = new Set(request.practised ?? []);
    const fresh = all.filter((q) => !seen.has(q.id));
    question = shuffled(fresh.length > 0 ? fresh : all, random)[0];
  }
  if (question === undefined) return { ok: false, reason: 'no questions to ask: the bank has none; run coach bank validate' };
  return {
    ok: true,
    start: { kind: 'new', questions: [{ ...roundQuestion(question), budgetMs: SCENARIO_QUESTION_MS }], minutes: SCENARIO_MINUTES, company: request.company ?? settings.company, scenario: true },
  };
}

/** What a drill is asked for; a count or seconds left out comes from the settings (rapid-fire) or the drill's own default. */
export type DrillRequest =
  | { readonly kind: 'rapid-fire'; readonly count?: number | undefined; readonly seconds?: number | undefined }
  | { readonly kind: 'spot-the-flaw'; readonly count?: number | undefined; readonly seconds?: number | undefined }
  /** A leech's focused drill: always five prompts. */
  | { readonly kind: 'focus'; readonly questionId: string; readonly dimension: Dimension; readonly seconds?: number | undefined }
  /** A preparation drill; `cards` (the drill scheduler's, from history) put what is due first, then what is new. */
  | {
      readonly kind: PrepKind;
      readonly count?: number | undefined;
      readonly seconds?: number | undefined;
      readonly cards?: ReadonlyMap<string, ScheduledDrillItem> | undefined;
      readonly now?: number | undefined;
    };

/** How many prompts each preparation drill asks by default: a few minutes of work each. */
export const PREP_DRILL_COUNTS: Readonly<Record<PrepKind, number>> = { numbers: 6, scripts: 2, 'first-questions': 3, triage: 4, story: 1 };

/**
 * Due items first (most overdue first), then items never answered (in random order), then the
 * rest by due date: the FSRS order, so a figure that was wrong comes back before one that was right.
 */
export function scheduledOrder<T extends { readonly id: string }>(items: readonly T[], cards: ReadonlyMap<string, ScheduledDrillItem>, now: number, random: () => number): T[] {
  const fresh = shuffled(items.filter((i) => !cards.has(i.id)), random);
  const seen = items.filter((i) => cards.has(i.id)).sort((a, b) => (cards.get(a.id)?.due.getTime() ?? 0) - (cards.get(b.id)?.due.getTime() ?? 0));
  const due = seen.filter((i) => (cards.get(i.id)?.due.getTime() ?? 0) <= now);
  const later = seen.filter((i) => (cards.get(i.id)?.due.getTime() ?? 0) > now);
  return [...due, ...fresh, ...later];
}

export type DrillSettings = Pick<Settings, 'drillCount' | 'drillSeconds'>;

export function planDrillStart(bank: QuestionBank, settings: DrillSettings, random: () => number, request: DrillRequest): Planned<DrillStart> {
  switch (request.kind) {
    case 'focus': {
      const items = planFocusPrompts(bank, request.questionId, request.dimension, random);
      if (items.length === 0) return { ok: false, reason: `question ${request.questionId} has no ${request.dimension} criteria to drill` };
      return { ok: true, start: { kind: 'new', items, seconds: request.seconds, variant: 'focus' } };
    }
    case 'spot-the-flaw': {
      // Each answer's time follows its length unless --seconds says otherwise; the settings' drill seconds are for rapid-fire prompts.
      const items = planFlawPrompts(bank, request.count ?? FLAW_DRILL_COUNT, request.seconds, random);
      if (items.length === 0) return { ok: false, reason: 'no spot-the-flaw answers in the bank (questions/flaws/); run coach bank validate' };
      return { ok: true, start: { kind: 'new', items, seconds: request.seconds, variant: 'spot-the-flaw' } };
    }
    case 'numbers':
    case 'scripts':
    case 'first-questions':
    case 'triage':
    case 'story': {
      const kind = request.kind;
      const entries = bank.prep().filter((e) => e.kind === kind).map((e) => e.item);
      if (entries.length === 0) return { ok: false, reason: `no ${DRILL_NAMES[kind].toLowerCase()} prompts in the bank (questions/prep/); run coach bank validate` };
      const catalog = drillCatalog(bank);
      const ordered = scheduledOrder(entries, request.cards ?? new Map(), request.now ?? 0, random);
      const items = ordered.slice(0, request.count ?? PREP_DRILL_COUNTS[kind]).flatMap((i) => catalog.prompt(i.id, request.seconds) ?? []);
      return { ok: true, start: { kind: 'new', items, seconds: request.seconds, variant: kind } };
    }
    case 'rapid-fire': {
      const seconds = request.seconds ?? settings.drillSeconds;
      const items = planDrill(
        bank.rapidFire().map((e) => e.item),
        request.count ?? settings.drillCount,
        seconds,
        random,
      );
      if (items.length === 0) return { ok: false, reason: 'no rapid-fire prompts in the bank; run coach bank validate' };
      return { ok: true, start: { kind: 'new', items, seconds } };
    }
    default: {
      const never: never = request;
      return never;
    }
  }
}
