/**
 * How far the coding round's follow-up grading agrees with people: answers written from the
 * question and its points' labels alone, labelled point by point by a reviewer who wrote none of
 * them. A point is made when author and reviewer both say so, not made when neither does; where
 * they split, it is left out of the count (and the split is reported).
 */
import type { CodingEntry } from '../bank.js';
import { gradeCodingFollowUp } from '../coding/follow-ups.js';
import type { CodingBlindAnswer } from '../../schemas/golden.js';

export type CodingHalf = 'tuning' | 'test';

/** A point the grader decided against both labellers. */
export interface CodingPointMiss {
  readonly answerId: string;
  readonly problem: string;
  readonly followUp: string;
  readonly point: string;
  /** credited: both said the answer does not make it; missed: both said it does. */
  readonly kind: 'credited' | 'missed';
}

/** How many answers of one kind the grader passed (named at least the follow-up's required count). */
export interface PassCount {
  readonly answers: number;
  readonly passed: number;
}

export interface CodingYardstickReport {
  readonly half: CodingHalf;
  readonly answers: number;
  readonly followUps: number;
  /** Point decisions author and reviewer agreed on, and those they split. */
  readonly agreed: number;
  readonly split: number;
  readonly truePositive: number;
  readonly falsePositive: number;
  readonly falseNegative: number;
  /** Of the agreed points the grader credited, the share both labellers said were made. */
  readonly precision: number;
  /** Of the agreed points both said were made, the share the grader credited. */
  readonly recall: number;
  /** Answers author and reviewer both call strong. */
  readonly strong: PassCount;
  /** Answers the author wrote weak and the reviewer calls weak. */
  readonly weak: PassCount;
  /** Answers written to sound right while being wrong, which the reviewer calls weak. */
  readonly tricky: PassCount;
  readonly misses: readonly CodingPointMiss[];
  /** Answers naming a problem or follow-up the bank does not have, as "problem/followUp". */
  readonly unknown: readonly string[];
}

/** What `npm test` holds the follow-up grading to on the test half. */
export const CODING_TARGETS = { precision: 0.85, recall: 0.6, strongPassed: 0.75, weakPassed: 0.15 } as const;

/** Which pass count an answer's grade goes to: only answers author and reviewer agree on count. */
function passKind(answer: CodingBlindAnswer): 'strong' | 'weak' | 'tricky' | undefined {
  if (answer.intent === 'strong') return answer.review.overall === 'strong' ? 'strong' : undefined;
  if (answer.intent === 'adequate' || answer.review.overall !== 'weak') return undefined;
  return answer.intent;
}

const share = (part: number, whole: number): number => (whole === 0 ? 1 : part / whole);

/** Grades every answer with the rubric machinery a coding round uses and compares it with the labels. */
export function codingYardstickReport(half: CodingHalf, answers: readonly CodingBlindAnswer[], entries: readonly CodingEntry[]): CodingYardstickReport {
  let agreed = 0;
  let split = 0;
  let truePositive = 0;
  let falsePositive = 0;
  let falseNegative = 0;
  const pass = { strong: { answers: 0, passed: 0 }, weak: { answers: 0, passed: 0 }, tricky: { answers: 0, passed: 0 } };
  const misses: CodingPointMiss[] = [];
  const unknown: string[] = [];
  const followUps = new Set<string>();
  for (const answer of answers) {
    const entry = entries.find((e) => e.problem.id === answer.problem);
    const followUp = entry?.problem.followUps.find((f) => f.id === answer.followUp);
    if (entry === undefined || followUp === undefined) {
      unknown.push(`${answer.problem}/${answer.followUp}`);
      continue;
    }
    followUps.add(`${answer.problem}/${answer.followUp}`);
    const grade = gradeCodingFollowUp(followUp, answer.text, entry.lexicon);
    const credited = new Set(grade.named.map((n) => n.id));
    for (const { id: point } of followUp.expected) {
      const byAuthor = answer.makes.includes(point);
      const byReviewer = answer.review.makes.includes(point);
      if (byAuthor !== byReviewer) {
        split += 1;
        continue;
      }
      agreed += 1;
      const miss = { answerId: answer.id, problem: answer.problem, followUp: answer.followUp, point };
      if (byAuthor && credited.has(point)) truePositive += 1;
      else if (byAuthor) {
        falseNegative += 1;
        misses.push({ ...miss, kind: 'missed' });
      } else if (credited.has(point)) {
        falsePositive += 1;
        misses.push({ ...miss, kind: 'credited' });
      }
    }
    const kind = passKind(answer);
    if (kind !== undefined) {
      pass[kind].answers += 1;
      if (grade.correct) pass[kind].passed += 1;
    }
  }
  return {
    half,
    answers: answers.length - unknown.length,
    followUps: followUps.size,
    agreed,
    split,
    truePositive,
    falsePositive,
    falseNegative,
    precision: share(truePositive, truePositive + falsePositive),
    recall: share(truePositive, truePositive + falseNegative),
    ...pass,
    misses,
    unknown,
  };
}
