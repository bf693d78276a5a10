/**
 * How far to trust the active grader: its grades of answers whose quality people judged, per
 * yardstick: the golden set (answers with expected bands, written beside the rubrics) and the two
 * halves of the blind set (written and labelled by people who never read a rubric).
 */
import { DIMENSIONS, type Dimension } from '../../schemas/constants.js';
import type { Grade } from '../../schemas/grade.js';
import type { BlindFile, GoldenFile } from '../../schemas/golden.js';

export type YardstickName = 'golden' | 'blind-tuning' | 'blind-test';

/** One answer of known quality, as the self-test reads it. */
export interface YardstickAnswer {
  readonly questionId: string;
  readonly answerId: string;
  /** strong / adequate / weak (golden: strong / medium / weak / lopsided). */
  readonly label: string;
  /** The order people put the answers in: higher is better. */
  readonly rank: number;
  /** Adequate or better: such an answer must never score 0. */
  readonly notWeak: boolean;
  /** What people scored each dimension, 0-4 (a mean of reviewers, or the middle of a band). */
  readonly truth: Readonly<Record<Dimension, number>>;
  /** Golden answers only: the band a human grader gave each dimension. */
  readonly band?: Readonly<Record<Dimension, readonly [number, number]>>;
  readonly text: string;
}

export interface GradedAnswer extends YardstickAnswer {
  /** One grade per repeat. */
  readonly grades: readonly Grade[];
}

export interface YardstickReport {
  readonly set: YardstickName;
  readonly answers: number;
  readonly questions: number;
  /** Spearman's rank correlation between the people's order and the overall score. */
  readonly spearman: number;
  /** Share of answer pairs to one question, ranked differently by people, that the grader orders the same way; ties count half. */
  readonly pairwise: number;
  readonly pairs: number;
  /** Quadratic weighted kappa between the grader's dimension scores and the people's. */
  readonly qwk: Readonly<Record<Dimension, number>>;
  /** Adequate or strong answers graded 0 overall. */
  readonly notWeakAtZero: number;
  readonly notWeak: number;
  /** All answers graded 0 overall. */
  readonly atZero: number;
  /** Mean overall score per label, in the order strong, adequate (medium), weak. */
  readonly meanByLabel: readonly { readonly label: string; readonly mean: number; readonly count: number }[];
  /** Golden only: share of dimension scores within ±1 of the expected band. */
  readonly bandAgreement?: number;
  /** Per answer, the range of overall scores across repeated grades: 0 for a deterministic grader. */
  readonly spread: { readonly mean: number; readonly max: number };
  /** With a model: criteria it gave a usable verdict on, how many the rubric decided the same way, and how many it disputed. */
  readonly graders?: { readonly ruled: number; readonly agreed: number; readonly disputed: number };
  readonly misordered: readonly { readonly higher: string; readonly lower: string; readonly scores: readonly [number, number] }[];
  /** Dimension scores 2 or more away from the people's (golden: more than 1 outside the band). */
  readonly misses: readonly { readonly answerId: string; readonly dimension: Dimension; readonly expected: string; readonly score: number }[];
}

const LABEL_ORDER = ['strong', 'medium', 'adequate', 'lopsided', 'weak'];

export function goldenAnswers(files: readonly GoldenFile[]): YardstickAnswer[] {
  return files.flatMap((f) =>
    f.answers.map((a) => {
      const truth = Object.fromEntries(DIMENSIONS.map((d) => [d, (a.expected[d][0] + a.expected[d][1]) / 2])) as Record<Dimension, number>;
      return {
        questionId: f.question,
        answerId: a.id,
        label: a.label,
        rank: DIMENSIONS.reduce((sum, d) => sum + truth[d], 0),
        notWeak: a.label !== 'weak',
        truth,
        band: a.expected,
        text: a.text,
      };
    }),
  );
}

const BLIND_RANK = { weak: 0, adequate: 1, strong: 2 } as const;

export function blindAnswers(files: readonly BlindFile[]): YardstickAnswer[] {
  return files.flatMap((f) =>
    f.answers.map((a) => ({
      questionId: f.question,
      answerId: a.id,
      label: a.label,
      rank: BLIND_RANK[a.label],
      notWeak: a.label !== 'weak',
      truth: Object.fromEntries(DIMENSIONS.map((d) => [d, a.reviews.reduce((sum, r) => sum + r[d], 0) / a.reviews.length])) as Record<Dimension, number>,
      text: a.text,
    })),
  );
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
const meanOverall = (c: GradedAnswer): number => mean(c.grades.map((g) => g.overall));
const meanScore = (c: GradedAnswer, d: Dimension): number => mean(c.grades.map((g) => g.dimensions[d].score));

/** Ranks with ties given their average rank. */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length).fill(0);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
    for (let k = i; k <= j; k++) out[order[k]?.[1] ?? 0] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < xs.length; i++) {
    const a = (xs[i] ?? 0) - mx;
    const b = (ys[i] ?? 0) - my;
    num += a * b;
    dx += a * a;
    dy += b * b;
  }
  return dx === 0 || dy === 0 ? 0 : num / Math.sqrt(dx * dy);
}

export function spearman(xs: readonly number[], ys: readonly number[]): number {
  return pearson(ranks(xs), ranks(ys));
}

/**
 * Quadratic weighted kappa: 1 − Σ(x−y)² / E[(x−y)²] with the two sides drawn independently from
 * their own marginals. For whole-number scores this is the usual QWK; it also takes a mean of two
 * reviewers (2.5) as it stands, without rounding.
 */
export function quadraticKappa(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n === 0) return 0;
  let observed = 0;
  for (let i = 0; i < n; i++) observed += ((xs[i] ?? 0) - (ys[i] ?? 0)) ** 2;
  let expected = 0;
  for (const x of xs) for (const y of ys) expected += (x - y) ** 2;
  expected /= n;
  return expected === 0 ? (observed === 0 ? 1 : 0) : 1 - observed / expected;
}

/** Agreement between the rubric and the model over every grade the model checked; nothing when none was. */
function graderAgreement(grades: readonly Grade[]): { graders?: NonNullable<YardstickReport['graders']> } {
  const checked = grades.filter((g) => g.agreement !== undefined);
  if (checked.length === 0) return {};
  return {
    graders: {
      ruled: checked.reduce((n, g) => n + (g.agreement?.ruled ?? 0), 0),
      agreed: checked.reduce((n, g) => n + (g.agreement?.agreed ?? 0), 0),
      disputed: checked.reduce((n, g) => n + g.criteria.filter((c) => c.disputed !== undefined).length, 0),
    },
  };
}

export function yardstickReport(set: YardstickName, cases: readonly GradedAnswer[]): YardstickReport {
  const overall = cases.map(meanOverall);
  const qwk = Object.fromEntries(DIMENSIONS.map((d) => [d, quadraticKappa(cases.map((c) => meanScore(c, d)), cases.map((c) => c.truth[d]))])) as Record<Dimension, number>;

  let pairs = 0;
  let agree = 0;
  const misordered: YardstickReport['misordered'][number][] = [];
  const byQuestion = new Map<string, GradedAnswer[]>();
  for (const c of cases) byQuestion.set(c.questionId, [...(byQuestion.get(c.questionId) ?? []), c]);
  for (const group of byQuestion.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i];
        const b = group[j];
        if (a === undefined || b === undefined || a.rank === b.rank) continue;
        const [higher, lower] = a.rank > b.rank ? [a, b] : [b, a];
        pairs += 1;
        const h = meanOverall(higher);
        const l = meanOverall(lower);
        if (h > l) agree += 1;
        else if (h === l) agree += 0.5;
        if (h <= l) misordered.push({ higher: higher.answerId, lower: lower.answerId, scores: [h, l] });
      }
    }
  }

  const misses: YardstickReport['misses'][number][] = [];
  let within = 0;
  let scored = 0;
  for (const c of cases) {
    for (const g of c.grades) {
      for (const d of DIMENSIONS) {
        const score = g.dimensions[d].score;
        if (c.band !== undefined) {
          const [lo, hi] = c.band[d];
          scored += 1;
          if (score >= lo - 1 && score <= hi + 1) within += 1;
          else misses.push({ answerId: c.answerId, dimension: d, expected: `${lo}-${hi}`, score });
        } else if (Math.abs(score - c.truth[d]) >= 2) {
          misses.push({ answerId: c.answerId, dimension: d, expected: String(c.truth[d]), score });
        }
      }
    }
  }

  const labels = [...new Set(cases.map((c) => c.label))].sort((a, b) => LABEL_ORDER.indexOf(a) - LABEL_ORDER.indexOf(b));
  const spreads = cases.map((c) => (c.grades.length === 0 ? 0 : Math.max(...c.grades.map((g) => g.overall)) - Math.min(...c.grades.map((g) => g.overall))));
  return {
    set,
    answers: cases.length,
    questions: byQuestion.size,
    spearman: spearman(cases.map((c) => c.rank), overall),
    pairwise: pairs === 0 ? 0 : agree / pairs,
    pairs,
    qwk,
    notWeakAtZero: cases.filter((c, i) => c.notWeak && (overall[i] ?? 0) === 0).length,
    notWeak: cases.filter((c) => c.notWeak).length,
    atZero: overall.filter((o) => o === 0).length,
    meanByLabel: labels.map((label) => {
      const mine = cases.filter((c) => c.label === label).map(meanOverall);
      return { label, mean: mean(mine), count: mine.length };
    }),
    ...(scored > 0 ? { bandAgreement: within / scored } : {}),
    spread: { mean: mean(spreads), max: Math.max(0, ...spreads) },
    ...graderAgreement(cases.flatMap((c) => c.grades)),
    misordered,
    misses,
  };
}

/** A model grader's answers graded at once: five of its six sequences (the sixth is the interviewer's). */
export const MODEL_GRADES_AT_ONCE = 5;

/**
 * Grades every answer `repeat` times with `grade`, `together` answers at a time (a model grader
 * decodes answers on their own sequences in one batch; the rubric grader needs 1); `onProgress`
 * hears after each. Questions that do not load are returned by id, not thrown. Cases keep the
 * answers' order whatever finishes first.
 */
export async function gradeYardstick<P>(
  answers: readonly YardstickAnswer[],
  prepare: (questionId: string) => Promise<P | undefined>,
  grade: (prepared: P, text: string) => Promise<Grade>,
  repeat: number,
  onProgress: (done: number, total: number) => void = () => undefined,
  together = 1,
): Promise<{ cases: GradedAnswer[]; missing: string[] }> {
  const total = answers.length * repeat;
  const graded: (GradedAnswer | undefined)[] = answers.map(() => undefined);
  const missing = new Set<string>();
  const prepared = new Map<string, P | undefined>();
  let done = 0;
  const one = async (a: YardstickAnswer, i: number): Promise<void> => {
    if (!prepared.has(a.questionId)) prepared.set(a.questionId, await prepare(a.questionId));
    const p = prepared.get(a.questionId);
    if (p === undefined) {
      missing.add(a.questionId);
      return;
    }
    const grades: Grade[] = [];
    for (let r = 0; r < repeat; r++) {
      grades.push(await grade(p, a.text));
      onProgress(++done, total);
    }
    graded[i] = { ...a, grades };
  };
  const width = Math.max(1, Math.floor(together));
  for (let start = 0; start < answers.length; start += width) {
    await Promise.all(answers.slice(start, start + width).map((a, k) => one(a, start + k)));
  }
  return { cases: graded.flatMap((c) => (c === undefined ? [] : [c])), missing: [...missing] };
}

/** The thresholds `npm test` holds the rubric grader to on the blind test half (and golden pairwise). */
export const TARGETS = { spearman: 0.75, pairwise: 0.9, qwk: 0.6, goldenPairwise: 0.9, atZeroShare: 0.1 } as const;
