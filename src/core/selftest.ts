/** How far to trust the active grader: its grades of the golden set against the bands a human gave. */
import { DIMENSIONS, type Dimension } from '../schemas/constants.js';
import type { Grade } from '../schemas/grade.js';

export interface GoldenCase {
  readonly questionId: string;
  readonly answerId: string;
  readonly label: string;
  readonly expected: Readonly<Record<Dimension, readonly [number, number]>>;
  /** One grade per repeat. */
  readonly grades: readonly Grade[];
}

export interface SelfTestReport {
  readonly answers: number;
  /** Share of dimension scores within ±1 of the expected band. */
  readonly bandAgreement: number;
  /** Share of answer pairs (same question, different expected totals) the grader orders as the bands do; ties count half. */
  readonly rankingAccuracy: number;
  readonly pairs: number;
  /** Per answer, the range of overall scores across repeated grades: 0 for a deterministic grader. */
  readonly spread: { readonly mean: number; readonly max: number };
  readonly misses: readonly { readonly answerId: string; readonly dimension: Dimension; readonly band: readonly [number, number]; readonly score: number }[];
  readonly misordered: readonly { readonly higher: string; readonly lower: string; readonly scores: readonly [number, number] }[];
}

const expectedTotal = (c: GoldenCase): number => DIMENSIONS.reduce((sum, d) => sum + (c.expected[d][0] + c.expected[d][1]) / 2, 0);
const meanOverall = (c: GoldenCase): number => c.grades.reduce((sum, g) => sum + g.overall, 0) / Math.max(1, c.grades.length);

export function selfTest(cases: readonly GoldenCase[]): SelfTestReport {
  let within = 0;
  let scored = 0;
  const misses: SelfTestReport['misses'][number][] = [];
  for (const c of cases) {
    for (const g of c.grades) {
      for (const d of DIMENSIONS) {
        const [lo, hi] = c.expected[d];
        const score = g.dimensions[d].score;
        scored += 1;
        if (score >= lo - 1 && score <= hi + 1) within += 1;
        else misses.push({ answerId: c.answerId, dimension: d, band: [lo, hi], score });
      }
    }
  }
  let pairs = 0;
  let agree = 0;
  const misordered: SelfTestReport['misordered'][number][] = [];
  const byQuestion = new Map<string, GoldenCase[]>();
  for (const c of cases) byQuestion.set(c.questionId, [...(byQuestion.get(c.questionId) ?? []), c]);
  for (const group of byQuestion.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i];
        const b = group[j];
        if (a === undefined || b === undefined || expectedTotal(a) === expectedTotal(b)) continue;
        const [higher, lower] = expectedTotal(a) > expectedTotal(b) ? [a, b] : [b, a];
        pairs += 1;
        const h = meanOverall(higher);
        const l = meanOverall(lower);
        if (h > l) agree += 1;
        else if (h === l) agree += 0.5;
        if (h <= l) misordered.push({ higher: higher.answerId, lower: lower.answerId, scores: [h, l] });
      }
    }
  }
  const spreads = cases.map((c) => (c.grades.length === 0 ? 0 : Math.max(...c.grades.map((g) => g.overall)) - Math.min(...c.grades.map((g) => g.overall))));
  return {
    answers: cases.length,
    bandAgreement: scored === 0 ? 0 : within / scored,
    rankingAccuracy: pairs === 0 ? 0 : agree / pairs,
    pairs,
    spread: { mean: spreads.reduce((s, x) => s + x, 0) / Math.max(1, spreads.length), max: Math.max(0, ...spreads) },
    misses,
    misordered,
  };
}

/** The golden set as the self-test reads it: answers to a question, each with its expected bands. */
export interface GoldenAnswers {
  readonly question: string;
  readonly answers: readonly { readonly id: string; readonly label: string; readonly text: string; readonly expected: GoldenCase['expected'] }[];
}

/**
 * Grades every golden answer `repeat` times with `grade`, one at a time (a model grader is busy
 * with one answer's five checks already); `onProgress` hears after each. Questions that do not
 * load are returned by id, not thrown.
 */
export async function gradeGolden<P>(
  files: readonly GoldenAnswers[],
  prepare: (questionId: string) => Promise<P | undefined>,
  grade: (prepared: P, text: string) => Promise<Grade>,
  repeat: number,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ cases: GoldenCase[]; missing: string[] }> {
  const total = files.reduce((n, f) => n + f.answers.length, 0) * repeat;
  const cases: GoldenCase[] = [];
  const missing: string[] = [];
  let done = 0;
  for (const f of files) {
    const prepared = await prepare(f.question);
    if (prepared === undefined) {
      missing.push(f.question);
      continue;
    }
    for (const a of f.answers) {
      const grades: Grade[] = [];
      for (let i = 0; i < repeat; i++) {
        grades.push(await grade(prepared, a.text));
        onProgress(++done, total);
      }
      cases.push({ questionId: f.question, answerId: a.id, label: a.label, expected: a.expected, grades });
    }
  }
  return { cases, missing };
}
