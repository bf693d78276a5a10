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
