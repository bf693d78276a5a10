/**
 * Inputs that once took time quadratic in their length, and how time grows with them: shared by
 * the scaling tests (test/core/scaling.test.ts) and the benchmark (bench/scaling.bench.ts), so
 * both measure the same paths.
 */
import { gradeAnswer, type PreparedRubric } from '../src/core/grading/grade.js';
import { countWords } from '../src/core/grading/text.js';
import { editorReducer, editorWindow, wordCount, type EditorState } from '../src/core/practice/editor.js';

/** Work on an input of `size` characters, built beforehand; each call does it once more. */
export type Workload = (size: number) => () => void;

/** `text` repeated to `size` characters. */
export function repeatTo(text: string, size: number): string {
  return text.repeat(Math.ceil(size / text.length)).slice(0, size);
}

/** `countWords` on a run of punctuation: 100,000 '$' took 8 s when a failed match was retried from every character. */
export const punctuationWordCount: Workload = (size) => {
  const text = repeatTo('$', size);
  return () => countWords(text);
};

/**
 * One keystroke in the middle of a single line of `unit` repeated, then what the round screen
 * does with it: the word count and the editor's visible lines (80 columns, 20 rows).
 */
export function keystroke(unit: string, typed: string): Workload {
  return (size) => {
    const line = repeatTo(unit, size);
    const base: EditorState = { lines: [line], row: 0, col: Math.floor(size / 2), preferredCol: undefined };
    // The screen showed the line before the keystroke: its count and layout are known.
    wordCount(base);
    editorWindow(base, 79, 20);
    return () => {
      const next = editorReducer(base, { type: 'insert', text: typed });
      wordCount(next);
      editorWindow(next, 79, 20);
    };
  };
}

/** Grading one sentence made of `unit` repeated. */
export function denseSentence(prepared: PreparedRubric, unit: string): Workload {
  return (size) => {
    const answer = repeatTo(unit, size);
    return () => gradeAnswer(prepared, answer);
  };
}

function warm(run: () => void): void {
  const t0 = performance.now();
  do run();
  while (performance.now() - t0 < 50);
}

/** Milliseconds `run` takes, `repeats` times over. */
function timed(run: () => void, repeats: number): number {
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) run();
  return performance.now() - t0;
}

export interface Growth {
  /** Milliseconds for one run at `size` and at `factor` times it. */
  readonly small: number;
  readonly large: number;
  /** large / small: about `factor` when time is linear, `factor` squared when quadratic. */
  readonly ratio: number;
}

/**
 * How much longer `work` takes on an input `factor` times as large, measured in this run. After
 * running each for a while to warm caches and compiled code, the two sizes are timed in turn,
 * seven times, each time repeated until it takes ~50 ms; the best of each is kept, so that timer
 * noise, a busy neighbour or a stray garbage collection do not decide the ratio.
 */
export function growth(work: Workload, size: number, factor = 4): Growth {
  const small = work(size);
  const large = work(size * factor);
  // Work this slow (the quadratic case) is timed once: the ratio is plain, and repeats would take minutes.
  const first = timed(small, 1);
  const firstLarge = first > 400 ? 0 : timed(large, 1);
  if (first > 400 || firstLarge > 1500) {
    warm(small);
    const one = timed(small, 1);
    const slow = firstLarge > 0 ? firstLarge : timed(large, 1);
    return { small: one, large: slow, ratio: slow / one };
  }
  // Until each has run for 50 ms: compiled code settles before anything is timed.
  warm(small);
  warm(large);
  const once = timed(small, 1);
  const repeats = Math.max(1, Math.min(20_000, Math.ceil(50 / Math.max(once, 0.001))));
  const rounds = 7;
  let bestSmall = Number.POSITIVE_INFINITY;
  let bestLarge = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    bestSmall = Math.min(bestSmall, timed(small, repeats));
    bestLarge = Math.min(bestLarge, timed(large, repeats));
  }
  return { small: bestSmall / repeats, large: bestLarge / repeats, ratio: bestLarge / bestSmall };
}
