import type { Dimension, ProbeLevel } from '../../schemas/constants.js';
import type { Grade } from '../../schemas/grade.js';
import { editorReducer, editorText, emptyEditor, type EditorAction, type EditorState } from './editor.js';
import type { Clarification } from './clarify.js';
import type { InterviewerTurn } from './follow-up.js';
import { pauseCountdown, remainingMs, resumeCountdown, startCountdown, type Countdown } from './timer.js';

/** One question of a timed round. */
export interface RoundQuestion {
  readonly id: string;
  readonly title: string;
  readonly prompt: string;
  readonly budgetMs: number;
}

/** What the candidate is answering: the interviewer's prompt, a follow-up pressing one dimension, or a scenario's wrap-up. */
export interface Step {
  readonly kind: 'initial' | 'follow-up' | 'wrap-up';
  readonly prompt: string;
  readonly dimension?: Dimension;
  readonly source?: InterviewerTurn['source'];
  /** Why the model's follow-up was replaced by the scripted one. */
  readonly fallback?: string;
  readonly level?: ProbeLevel;
  readonly pressing?: 'weakest' | 'strongest';
}

/** What a skipped follow-up records: the line a candidate says in a real interview. */
export const MOVE_ON_TEXT = "I'd rather move on.";

/** A scenario's closing question and its time. */
export interface WrapUp {
  readonly prompt: string;
  readonly ms: number;
}

/** How the answer grew: one snapshot per autosave that saw a change, wall-clock milliseconds. */
export type Timeline = readonly { readonly text: string; readonly savedAt: number }[];

export interface RoundAnswer {
  readonly step: Step;
  readonly text: string;
  readonly timeline?: Timeline;
  readonly autoSubmitted: boolean;
  readonly startedAt: number;
  readonly submittedAt: number;
  readonly grade: Grade;
  /** The candidate moved on from the follow-up instead of answering it. */
  readonly skipped?: boolean;
}

export type RoundPhase =
  | { readonly kind: 'answering'; readonly step: Step; readonly startedAt: number; readonly question: Countdown; readonly round: Countdown }
  | {
      readonly kind: 'grading';
      readonly step: Step;
      readonly text: string;
      readonly autoSubmitted: boolean;
      readonly startedAt: number;
      readonly submittedAt: number;
      readonly timeline?: Timeline;
      /** A follow-up the candidate moved on from; with `endQuestion`, the question ends there too. */
      readonly skipped?: boolean;
      readonly endQuestion?: boolean;
    }
  | { readonly kind: 'reviewing'; readonly answer: RoundAnswer; readonly next: InterviewerTurn | undefined }
  | { readonly kind: 'finished'; readonly reason: 'completed' | 'round-time' | 'quit' };

export interface RoundState {
  readonly questions: readonly RoundQuestion[];
  readonly index: number;
  readonly phase: RoundPhase;
  /** The answer being typed: the only copy of its text, so a submit or a timeout reads what was typed last. */
  readonly editor: EditorState;
  /** Time left when the clocks were last paused; the clocks stop while a grade is read. */
  readonly questionLeftMs: number;
  readonly roundLeftMs: number;
  readonly answers: readonly (readonly RoundAnswer[])[];
  /** Per question, the clarifying questions asked and the interviewer's replies. */
  readonly clarifications: readonly (readonly Clarification[])[];
  /** A scenario's closing question, asked once the last question's probes are done. */
  readonly wrapUp?: WrapUp | undefined;
}

export type RoundAction =
  /** `timeline` is the draft's history so far, kept with the answer if this tick submits it. */
  | { readonly type: 'tick'; readonly now: number; readonly timeline?: Timeline }
  | { readonly type: 'edit'; readonly action: EditorAction }
  | { readonly type: 'submit'; readonly now: number; readonly timeline?: Timeline }
  | { readonly type: 'graded'; readonly grade: Grade; readonly next: InterviewerTurn | undefined; readonly now: number }
  /** The model's verdicts on an answer already stored: its grade is replaced, wherever it is shown. */
  | { readonly type: 'reviewed'; readonly question: number; readonly answer: number; readonly grade: Grade }
  | { readonly type: 'continue'; readonly now: number }
  /** The candidate moves on from a follow-up (shown in a review, or being answered with nothing typed). */
  | { readonly type: 'skip'; readonly now: number; readonly endQuestion: boolean }
  /** The interviewer's reply to a clarifying question has arrived. */
  | { readonly type: 'clarified'; readonly clarification: Clarification }
  /** The leave question is up: the clocks stop, and start again with 'resume' if the candidate stays. */
  | { readonly type: 'pause'; readonly now: number }
  | { readonly type: 'resume'; readonly now: number }
  | { readonly type: 'quit' };

/** Too little time left for a follow-up to be worth asking. */
export const MIN_FOLLOW_UP_MS = 45_000;

/** Too little time left for a wrap-up to be worth asking. */
export const MIN_WRAP_UP_MS = 20_000;

export function startRound(questions: readonly RoundQuestion[], roundMs: number, now: number, wrapUp?: WrapUp): RoundState {
  const first = questions[0];
  const base = { questions, index: 0, editor: emptyEditor, roundLeftMs: roundMs, answers: questions.map(() => []), clarifications: questions.map(() => []), ...(wrapUp === undefined ? {} : { wrapUp }) };
  if (first === undefined) return { ...base, phase: { kind: 'finished', reason: 'completed' }, questionLeftMs: 0 };
  // A question never has more time than the round: a 5-minute round on a 10-minute question starts both at 05:00.
  const budget = Math.min(first.budgetMs, roundMs);
  return { ...base, phase: answering({ kind: 'initial', prompt: first.prompt }, now, budget, roundMs), questionLeftMs: budget };
}

function answering(step: Step, now: number, questionMs: number, roundMs: number): RoundPhase {
  return { kind: 'answering', step, startedAt: now, question: startCountdown(now, questionMs), round: startCountdown(now, roundMs) };
}

/** Time left on the question and round clocks at `now`. */
export function clocks(state: RoundState, now: number): { questionMs: number; roundMs: number } {
  if (state.phase.kind === 'answering') return { questionMs: remainingMs(state.phase.question, now), roundMs: remainingMs(state.phase.round, now) };
  return { questionMs: state.questionLeftMs, roundMs: state.roundLeftMs };
}

function submit(state: RoundState, now: number, autoSubmitted: boolean, timeline: Timeline | undefined): RoundState {
  if (state.phase.kind !== 'answering') return state;
  const { questionMs, roundMs } = clocks(state, now);
  return {
    ...state,
    questionLeftMs: questionMs,
    roundLeftMs: roundMs,
    phase: { kind: 'grading', step: state.phase.step, text: editorText(state.editor), autoSubmitted, startedAt: state.phase.startedAt, submittedAt: now, ...(timeline === undefined ? {} : { timeline }) },
  };
}

/**
 * Whether another follow-up fits: as many as the question's time allows, as in a real interview.
 * None after a wrap-up, or once the candidate moved on to the next question. Read while grading.
 */
export function roomForFollowUp(state: RoundState): boolean {
  const p = state.phase;
  if (p.kind === 'grading' && (p.step.kind === 'wrap-up' || p.endQuestion === true)) return false;
  return state.questionLeftMs >= MIN_FOLLOW_UP_MS && state.roundLeftMs >= MIN_FOLLOW_UP_MS;
}

/** Whether the scenario's wrap-up comes next: the last question is done and the wrap-up not yet asked. */
export function wrapUpDue(state: RoundState): boolean {
  return state.wrapUp !== undefined && state.index === state.questions.length - 1 && !(state.answers[state.index] ?? []).some((a) => a.step.kind === 'wrap-up') && state.roundLeftMs >= MIN_WRAP_UP_MS;
}

function followUpStep(next: InterviewerTurn): Step {
  return {
    kind: 'follow-up',
    prompt: next.text,
    dimension: next.dimension,
    source: next.source,
    ...(next.fallback === undefined ? {} : { fallback: next.fallback }),
    ...(next.level === undefined ? {} : { level: next.level }),
    ...(next.pressing === undefined ? {} : { pressing: next.pressing }),
  };
}

export function roundReducer(state: RoundState, action: RoundAction): RoundState {
  switch (action.type) {
    case 'pause': {
      const p = state.phase;
      if (p.kind !== 'answering' || p.question.pausedAt !== undefined) return state;
      return { ...state, phase: { ...p, question: pauseCountdown(p.question, action.now), round: pauseCountdown(p.round, action.now) } };
    }
    case 'resume': {
      const p = state.phase;
      if (p.kind !== 'answering' || p.question.pausedAt === undefined) return state;
      const stopped = Math.max(0, action.now - p.question.pausedAt);
      return { ...state, phase: { ...p, startedAt: p.startedAt + stopped, question: resumeCountdown(p.question, action.now), round: resumeCountdown(p.round, action.now) } };
    }
    case 'tick': {
      if (state.phase.kind !== 'answering') return state;
      const { questionMs, roundMs } = clocks(state, action.now);
      return questionMs === 0 || roundMs === 0 ? submit(state, action.now, true, action.timeline) : state;
    }
    case 'edit': {
      if (state.phase.kind !== 'answering') return state;
      const editor = editorReducer(state.editor, action.action);
      return editor === state.editor ? state : { ...state, editor };
    }
    case 'submit':
      return editorText(state.editor).trim().length === 0 ? state : submit(state, action.now, false, action.timeline);
    case 'graded': {
      if (state.phase.kind !== 'grading') return state;
      const { step, text, autoSubmitted, startedAt, submittedAt, timeline, skipped } = state.phase;
      const answer: RoundAnswer = { step, text, autoSubmitted, startedAt, submittedAt, grade: action.grade, ...(timeline === undefined ? {} : { timeline }), ...(skipped === true ? { skipped } : {}) };
      const mine = [...(state.answers[state.index] ?? []), answer];
      const roomForMore = roomForFollowUp(state);
      return {
        ...state,
        answers: state.answers.map((a, i) => (i === state.index ? mine : a)),
        phase: { kind: 'reviewing', answer, next: roomForMore ? action.next : undefined },
      };
    }
    case 'reviewed': {
      const stored = state.answers[action.question]?.[action.answer];
      if (stored === undefined) return state;
      const updated: RoundAnswer = { ...stored, grade: action.grade };
      const answers = state.answers.map((list, i) => (i === action.question ? list.map((a, j) => (j === action.answer ? updated : a)) : list));
      const p = state.phase;
      return { ...state, answers, phase: p.kind === 'reviewing' && p.answer === stored ? { ...p, answer: updated } : p };
    }
    case 'continue': {
      if (state.phase.kind !== 'reviewing') return state;
      const next = state.phase.next;
      if (next !== undefined) return { ...state, editor: emptyEditor, phase: answering(followUpStep(next), action.now, state.questionLeftMs, state.roundLeftMs) };
      if (wrapUpDue(state) && state.wrapUp !== undefined) {
        const ms = Math.min(state.wrapUp.ms, state.roundLeftMs);
        return { ...state, editor: emptyEditor, questionLeftMs: ms, phase: answering({ kind: 'wrap-up', prompt: state.wrapUp.prompt }, action.now, ms, state.roundLeftMs) };
      }
      const index = state.index + 1;
      const question = state.questions[index];
      if (question === undefined) return { ...state, phase: { kind: 'finished', reason: 'completed' } };
      if (state.roundLeftMs < MIN_FOLLOW_UP_MS) return { ...state, phase: { kind: 'finished', reason: 'round-time' } };
      const budget = Math.min(question.budgetMs, state.roundLeftMs);
      return { ...state, index, editor: emptyEditor, questionLeftMs: budget, phase: answering({ kind: 'initial', prompt: question.prompt }, action.now, budget, state.roundLeftMs) };
    }
    case 'skip': {
      const p = state.phase;
      if (p.kind === 'reviewing' && p.next !== undefined) {
        const skipped = { kind: 'grading', step: followUpStep(p.next), text: MOVE_ON_TEXT, autoSubmitted: false, startedAt: action.now, submittedAt: action.now, skipped: true, endQuestion: action.endQuestion } as const;
        return { ...state, phase: skipped };
      }
      // A follow-up being answered can be passed over only while nothing is typed: no answer is ever thrown away.
      if (p.kind === 'answering' && p.step.kind === 'follow-up' && editorText(state.editor).trim() === '') {
        const { questionMs, roundMs } = clocks(state, action.now);
        const skipped = { kind: 'grading', step: p.step, text: MOVE_ON_TEXT, autoSubmitted: false, startedAt: p.startedAt, submittedAt: action.now, skipped: true, endQuestion: action.endQuestion } as const;
        return { ...state, questionLeftMs: questionMs, roundLeftMs: roundMs, phase: skipped };
      }
      return state;
    }
    case 'clarified': {
      if (state.phase.kind === 'finished') return state;
      return { ...state, clarifications: state.questions.map((_, i) => (i === state.index ? [...(state.clarifications[i] ?? []), action.clarification] : (state.clarifications[i] ?? []))) };
    }
    case 'quit':
      return state.phase.kind === 'finished' ? state : { ...state, phase: { kind: 'finished', reason: 'quit' } };
    default: {
      const never: never = action;
      return never;
    }
  }
}
