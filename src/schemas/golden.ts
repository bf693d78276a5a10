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
