/**
 * The 45-minute scenario: one question against a visible 45-minute clock, as a real design round
 * runs. Clarify, design, probes until the clock, a two-minute wrap-up, then the timeline of what
 * was asked, pressed and answered, and where the time went.
 */
import type { Dimension, ProbeLevel } from '../../schemas/constants.js';
import type { RoundAnswer, RoundState, WrapUp } from './round.js';

export const SCENARIO_MINUTES = 45;

export const WRAP_UP: WrapUp = {
  prompt: "We have two minutes left. Say this system is yours on Monday morning: what do you do first, and what do you deliberately leave for later?",
  ms: 120_000,
};

/** The question's own clock in a scenario: the whole round but the wrap-up. */
export const SCENARIO_QUESTION_MS = SCENARIO_MINUTES * 60_000 - WRAP_UP.ms;

export type TimelineEntry =
  | { readonly kind: 'clarify'; readonly at: number; readonly question: string; readonly answer: string; readonly known: boolean }
  | { readonly kind: 'design' | 'wrap-up'; readonly at: number; readonly prompt: string; readonly elapsedMs: number; readonly words: number; readonly autoSubmitted: boolean; readonly overall: number }
  | {
      readonly kind: 'probe';
      readonly at: number;
      readonly prompt: string;
      readonly dimension: Dimension | undefined;
      readonly level: ProbeLevel | undefined;
      readonly pressing: 'weakest' | 'strongest' | undefined;
      readonly skipped: boolean;
      readonly elapsedMs: number;
      readonly words: number;
      /** The pressed dimension's score, 0-4, in this answer alone. */
      readonly score: number | undefined;
    };

/** Where the time went, in milliseconds of answering (time spent reading grades is not counted). */
export interface TimeSpent {
  readonly clarifying: number;
  readonly design: number;
  readonly probes: number;
  readonly wrapUp: number;
}

export interface ScenarioTimeline {
  readonly entries: readonly TimelineEntry[];
  readonly spent: TimeSpent;
  readonly probes: number;
  readonly skipped: number;
  readonly pressedStrongest: number;
}

const wordsIn = (text: string): number => text.split(/\s+/).filter((w) => w.length > 0).length;

/** What happened on one question, in order, with times from the start of the question. */
export function scenarioTimeline(state: RoundState, index = 0): ScenarioTimeline {
  const answers: readonly RoundAnswer[] = state.answers[index] ?? [];
  const asked = state.clarifications[index] ?? [];
  const initial = answers.find((a) => a.step.kind === 'initial');
  const start = Math.min(initial?.startedAt ?? Infinity, ...asked.map((c) => c.askedAt), ...answers.map((a) => a.startedAt));
  const t0 = Number.isFinite(start) ? start : 0;
  // Clarifying time: from the start until the last question asked before the design answer went in.
  const before = initial === undefined ? [] : asked.filter((c) => c.askedAt <= initial.submittedAt);
  const clarifying = before.length === 0 || initial === undefined ? 0 : Math.max(0, Math.max(...before.map((c) => c.askedAt)) - initial.startedAt);
  const designTotal = initial === undefined ? 0 : Math.max(0, initial.submittedAt - initial.startedAt);
  const entries: TimelineEntry[] = [
    ...asked.map((c): TimelineEntry => ({ kind: 'clarify', at: c.askedAt - t0, question: c.question, answer: c.answer, known: c.facts.length > 0 })),
    ...answers.map((a): TimelineEntry => {
      const elapsedMs = Math.max(0, a.submittedAt - a.startedAt);
      if (a.step.kind === 'follow-up') {
        const d = a.step.dimension;
        return { kind: 'probe', at: a.startedAt - t0, prompt: a.step.prompt, dimension: d, level: a.step.level, pressing: a.step.pressing, skipped: a.skipped === true, elapsedMs, words: a.skipped === true ? 0 : wordsIn(a.text), score: d === undefined || a.skipped === true ? undefined : a.grade.dimensions[d].score };
      }
      // The design starts once the clarifying questions are done: its time is what followed them.
      const design = a.step.kind === 'initial';
      const startedAt = design ? a.startedAt + clarifying : a.startedAt;
      return { kind: design ? 'design' : 'wrap-up', at: startedAt - t0, prompt: a.step.prompt, elapsedMs: design ? elapsedMs - clarifying : elapsedMs, words: wordsIn(a.text), autoSubmitted: a.autoSubmitted, overall: a.grade.overall };
    }),
  ].sort((a, b) => a.at - b.at);
  const probes = answers.filter((a) => a.step.kind === 'follow-up');
  const spent: TimeSpent = {
    clarifying,
    design: Math.max(0, designTotal - clarifying),
    probes: probes.reduce((s, a) => s + Math.max(0, a.submittedAt - a.startedAt), 0),
    wrapUp: answers.filter((a) => a.step.kind === 'wrap-up').reduce((s, a) => s + Math.max(0, a.submittedAt - a.startedAt), 0),
  };
  return {
    entries,
    spent,
    probes: probes.length,
    skipped: probes.filter((a) => a.skipped === true).length,
    pressedStrongest: probes.filter((a) => a.step.pressing === 'strongest').length,
  };
}
