import { z } from 'zod';

/** What a model's dimension check must parse to; the grammar already bounds it, zod checks it again. */
export const ModelClaims = z.object({
  met: z.array(z.object({ id: z.string(), quote: z.string() })),
});
export type ModelClaims = z.infer<typeof ModelClaims>;
