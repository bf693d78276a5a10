import type { Dimension } from '../../schemas/constants.js';
import type { Grade } from '../../schemas/grade.js';
import { editorReducer, editorText, emptyEditor, type EditorAction, type EditorState } from './editor.js';
import type { InterviewerTurn } from './follow-up.js';
import { remainingMs, startCountdown, type Countdown } from './timer.js';

/** One question of a timed round. */
export interface RoundQuestion {
  readonly id: string;
  readonly title: string;
  readonly prompt: string;
  readonly budgetMs: number;
}

/** What the candidate is answering: the interviewer's prompt, or a follow-up pressing one dimension. */
export interface Step {
  readonly kind: 'initial' | 'follow-up';
  readonly prompt: string;
  readonly dimension?: Dimension;
  readonly source?: InterviewerTurn['source'];
  /** Why the model's follow-up was replaced by the scripted one. */
  readonly fallback?: string;
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
}

export type RoundPhase =
  | { readonly kind: 'answering'; readonly step: Step; readonly startedAt: number; readonly question: Countdown; readonly round: Countdown }
  | { readonly kind: 'grading'; readonly step: Step; readonly text: string; readonly autoSubmitted: boolean; readonly startedAt: number; readonly submittedAt: number; readonly timeline?: Timeline }
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
  readonly maxFollowUps: number;
}

export type RoundAction =
  /** `timeline` is the draft's history so far, kept with the answer if this tick submits it. */
  | { readonly type: 'tick'; readonly now: number; readonly timeline?: Timeline }
  | { readonly type: 'edit'; readonly action: EditorAction }
  | { readonly type: 'submit'; readonly now: number; readonly timeline?: Timeline }
  | { readonly type: 'graded'; readonly grade: Grade; readonly next: InterviewerTurn | undefined; readonly now: number }
  | { readonly type: 'continue'; readonly now: number }
  | { readonly type: 'quit' };

/** Too little time left for a follow-up to be worth asking. */
export const MIN_FOLLOW_UP_MS = 45_000;

export function startRound(questions: readonly RoundQuestion[], roundMs: number, now: number, maxFollowUps = 2): RoundState {
  const first = questions[0];
  if (first === undefined) return { questions, index: 0, phase: { kind: 'finished', reason: 'completed' }, editor: emptyEditor, questionLeftMs: 0, roundLeftMs: roundMs, answers: [], maxFollowUps };
  return {
    questions,
    index: 0,
    phase: answering({ kind: 'initial', prompt: first.prompt }, now, first.budgetMs, roundMs),
    editor: emptyEditor,
    questionLeftMs: first.budgetMs,
    roundLeftMs: roundMs,
    answers: questions.map(() => []),
    maxFollowUps,
  };
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

/** Whether another follow-up fits: time on both clocks and fewer than the maximum asked. Read while grading. */
export function roomForFollowUp(state: RoundState): boolean {
  const asked = (state.answers[state.index] ?? []).filter((a) => a.step.kind === 'follow-up').length + (state.phase.kind === 'grading' && state.phase.step.kind === 'follow-up' ? 1 : 0);
  return state.questionLeftMs >= MIN_FOLLOW_UP_MS && state.roundLeftMs >= MIN_FOLLOW_UP_MS && asked < state.maxFollowUps;
}

export function roundReducer(state: RoundState, action: RoundAction): RoundState {
  switch (action.type) {
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
      const { step, text, autoSubmitted, startedAt, submittedAt, timeline } = state.phase;
      const answer: RoundAnswer = { step, text, autoSubmitted, startedAt, submittedAt, grade: action.grade, ...(timeline === undefined ? {} : { timeline }) };
      const mine = [...(state.answers[state.index] ?? []), answer];
      const roomForMore = roomForFollowUp(state);
      return {
        ...state,
        answers: state.answers.map((a, i) => (i === state.index ? mine : a)),
        phase: { kind: 'reviewing', answer, next: roomForMore ? action.next : undefined },
      };
    }
    case 'continue': {
      if (state.phase.kind !== 'reviewing') return state;
      const next = state.phase.next;
      if (next !== undefined) {
        const step: Step = { kind: 'follow-up', prompt: next.text, dimension: next.dimension, source: next.source, ...(next.fallback === undefined ? {} : { fallback: next.fallback }) };
        return { ...state, editor: emptyEditor, phase: answering(step, action.now, state.questionLeftMs, state.roundLeftMs) };
      }
      const index = state.index + 1;
      const question = state.questions[index];
      if (question === undefined) return { ...state, phase: { kind: 'finished', reason: 'completed' } };
      if (state.roundLeftMs < MIN_FOLLOW_UP_MS) return { ...state, phase: { kind: 'finished', reason: 'round-time' } };
      const budget = Math.min(question.budgetMs, state.roundLeftMs);
      return { ...state, index, editor: emptyEditor, questionLeftMs: budget, phase: answering({ kind: 'initial', prompt: question.prompt }, action.now, budget, state.roundLeftMs) };
    }
    case 'quit':
      return state.phase.kind === 'finished' ? state : { ...state, phase: { kind: 'finished', reason: 'quit' } };
    default: {
      const never: never = action;
      return never;
    }
  }
}
