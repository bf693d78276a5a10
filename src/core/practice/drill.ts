import type { DrillItemGrade } from '../grading/drill-grade.js';
import { editorReducer, editorText, emptyEditor, type EditorAction, type EditorState } from './editor.js';
import { elapsedMs, pauseCountdown, remainingMs, resumeCountdown, startCountdown, type Countdown } from './timer.js';

/** One rapid-fire prompt in a drill. */
export interface DrillPrompt {
  readonly id: string;
  readonly prompt: string;
  readonly seconds: number;
  /** Shown after grading: why these are the answer, or how an interviewer would name the flaws. */
  readonly explain?: string | undefined;
  /** A one-line name for a long prompt, shown in the review and the summary instead of the prompt. */
  readonly title?: string | undefined;
  /** A script's word limit, counted on screen as it is typed. */
  readonly maxWords?: number | undefined;
}

export interface DrillResult {
  readonly itemId: string;
  readonly answer: string;
  readonly grade: DrillItemGrade;
  readonly autoSubmitted: boolean;
  readonly elapsedMs: number;
  readonly answeredAt: number;
}

export type DrillPhase =
  | { readonly kind: 'answering'; readonly clock: Countdown }
  | { readonly kind: 'reviewing'; readonly result: DrillResult }
  | { readonly kind: 'finished'; readonly reason: 'completed' | 'quit' };

export interface DrillState {
  readonly items: readonly DrillPrompt[];
  readonly index: number;
  readonly phase: DrillPhase;
  /** The answer being typed: one line, and the only copy of its text. */
  readonly editor: EditorState;
  readonly results: readonly DrillResult[];
  readonly streak: number;
  readonly bestStreak: number;
}

export type DrillAction =
  | { readonly type: 'tick'; readonly now: number }
  | { readonly type: 'edit'; readonly action: EditorAction }
  | { readonly type: 'submit'; readonly now: number }
  | { readonly type: 'continue'; readonly now: number }
  /** The model checked the answers again and credited more items; keyed by result index. */
  | { readonly type: 'rechecked'; readonly grades: readonly DrillItemGrade[] }
  /** The leave question is up: the item's clock stops, and starts again with 'resume'. */
  | { readonly type: 'pause'; readonly now: number }
  | { readonly type: 'resume'; readonly now: number }
  | { readonly type: 'quit' };

/** Grading a one-line drill answer is synchronous and pure, so the reducer does it itself. */
export type DrillGrader = (itemId: string, answer: string) => DrillItemGrade;

export function startDrill(items: readonly DrillPrompt[], now: number): DrillState {
  const first = items[0];
  return {
    items,
    index: 0,
    phase: first === undefined ? { kind: 'finished', reason: 'completed' } : { kind: 'answering', clock: startCountdown(now, first.seconds * 1000) },
    editor: emptyEditor,
    results: [],
    streak: 0,
    bestStreak: 0,
  };
}

/** Share of answered items that named enough expected items, 0-1. */
export function accuracy(state: DrillState): number {
  return state.results.length === 0 ? 0 : state.results.filter((r) => r.grade.correct).length / state.results.length;
}

function grade(state: DrillState, now: number, autoSubmitted: boolean, grader: DrillGrader): DrillState {
  if (state.phase.kind !== 'answering') return state;
  const item = state.items[state.index];
  if (item === undefined) return state;
  const answer = editorText(state.editor);
  const g = grader(item.id, answer);
  const result: DrillResult = { itemId: item.id, answer, grade: g, autoSubmitted, elapsedMs: elapsedMs(state.phase.clock, now), answeredAt: now };
  const streak = g.correct ? state.streak + 1 : 0;
  return { ...state, phase: { kind: 'reviewing', result }, results: [...state.results, result], streak, bestStreak: Math.max(state.bestStreak, streak) };
}

/** A drill answer is one line: Enter submits it, and a line break typed or pasted into it becomes a space. */
function oneLine(action: EditorAction): EditorAction | undefined {
  switch (action.type) {
    case 'newline':
      return undefined;
    case 'insert':
    case 'set':
      return { ...action, text: action.text.replace(/[\r\n]+/g, ' ') };
    default:
      return action;
  }
}

export function drillReducer(state: DrillState, action: DrillAction, grader: DrillGrader): DrillState {
  switch (action.type) {
    case 'tick':
      return state.phase.kind === 'answering' && remainingMs(state.phase.clock, action.now) === 0 ? grade(state, action.now, true, grader) : state;
    case 'edit': {
      const edit = oneLine(action.action);
      if (state.phase.kind !== 'answering' || edit === undefined) return state;
      const editor = editorReducer(state.editor, edit);
      return editor === state.editor ? state : { ...state, editor };
    }
    case 'submit':
      return editorText(state.editor).trim().length === 0 ? state : grade(state, action.now, false, grader);
    case 'continue': {
      if (state.phase.kind !== 'reviewing') return state;
      const index = state.index + 1;
      const item = state.items[index];
      if (item === undefined) return { ...state, phase: { kind: 'finished', reason: 'completed' } };
      return { ...state, index, editor: emptyEditor, phase: { kind: 'answering', clock: startCountdown(action.now, item.seconds * 1000) } };
    }
    case 'pause':
    case 'resume': {
      if (state.phase.kind !== 'answering') return state;
      const clock = action.type === 'pause' ? pauseCountdown(state.phase.clock, action.now) : resumeCountdown(state.phase.clock, action.now);
      return clock === state.phase.clock ? state : { ...state, phase: { ...state.phase, clock } };
    }
    case 'rechecked':
      return { ...state, results: state.results.map((r, i) => ({ ...r, grade: action.grades[i] ?? r.grade })) };
    case 'quit':
      return state.phase.kind === 'finished' ? state : { ...state, phase: { kind: 'finished', reason: 'quit' } };
    default: {
      const never: never = action;
      return never;
    }
  }
}
