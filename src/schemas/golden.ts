import { z } from 'zod';

const band = z
  .tuple([z.number().int().min(0).max(4), z.number().int().min(0).max(4)])
  .refine(([lo, hi]) => lo <= hi && hi - lo <= 2, 'expected [low, high] with low <= high and at most 2 apart');

/** One answer of known quality, with the score band a careful human grader would give each dimension. */
export const GoldenAnswer = z.strictObject({
  id: z.string().min(1),
  label: z.enum(['strong', 'medium', 'weak', 'lopsided']),
  text: z.string().min(20),
  expected: z.strictObject({ constraints: band, architecture: band, tradeoffs: band, metrics: band, rollback: band }),
});
export type GoldenAnswer = z.infer<typeof GoldenAnswer>;

/** questions/golden/qNN.yaml: answers of clearly different quality to one question. */
export const GoldenFile = z.strictObject({
  question: z.string().regex(/^q\d{2}$/),
  answers: z.array(GoldenAnswer).min(3),
});
export type GoldenFile = z.infer<typeof GoldenFile>;

const score = z.number().int().min(0).max(4);

/** One reviewer's reading of a blind answer: each dimension 0-4 and an overall label. */
export const BlindReview = z.strictObject({
  reviewer: z.string().min(1),
  constraints: score,
  architecture: score,
  tradeoffs: score,
  metrics: score,
  rollback: score,
  overall: z.enum(['strong', 'adequate', 'weak']),
});
export type BlindReview = z.infer<typeof BlindReview>;

/**
 * An answer nobody who wrote a rubric wrote: from the question prompt alone, labelled by two
 * reviewers who did not write it. `label` is the majority of the author's intent and the reviews.
 */
export const BlindAnswer = z.strictObject({
  id: z.string().regex(/^q\d{2}-[0-9a-f]{4}$/),
  label: z.enum(['strong', 'adequate', 'weak']),
  voice: z.string().min(1),
  author: z.string().min(1),
  reviews: z.array(BlindReview).min(1),
  text: z.string().min(20),
});
export type BlindAnswer = z.infer<typeof BlindAnswer>;

/** questions/blind/<half>/qNN.yaml: one question's answers in one half of the blind set. */
export const BlindFile = z.strictObject({
  question: z.string().regex(/^q\d{2}$/),
  half: z.enum(['tuning', 'test']),
  answers: z.array(BlindAnswer).min(1),
});
export type BlindFile = z.infer<typeof BlindFile>;

/**
 * An answer to a coding round's follow-up question, written by someone who saw the question and
 * its points' one-line labels but never the signals or concepts that grade them, then labelled
 * point by point by a reviewer who wrote none of them. A point counts as made when both say so.
 */
export const CodingBlindAnswer = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{8}$/),
  problem: z.string().min(1),
  followUp: z.string().min(1),
  /** What the author set out to write; "tricky" answers use the right words for wrong ideas. */
  intent: z.enum(['strong', 'adequate', 'weak', 'tricky']),
  /** The points the author meant the answer to make. */
  makes: z.array(z.string().min(1)),
  review: z.strictObject({
    reviewer: z.string().min(1),
    makes: z.array(z.string().min(1)),
    overall: z.enum(['strong', 'adequate', 'weak']),
    note: z.string().optional(),
  }),
  text: z.string().min(20),
});
export type CodingBlindAnswer = z.infer<typeof CodingBlindAnswer>;

/** questions/blind/coding/<half>.yaml: one half of the coding follow-up answers. */
export const CodingBlindFile = z.strictObject({
  half: z.enum(['tuning', 'test']),
  answers: z.array(CodingBlindAnswer).min(1),
});
export type CodingBlindFile = z.infer<typeof CodingBlindFile>;
