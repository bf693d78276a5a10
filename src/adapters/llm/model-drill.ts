/**
 * Drill answers checked by the model, several at once: each answer on its own sequence, so
 * llama.cpp decodes them in one batch. The list grade stands where the model fails.
 */
import { drillPrompt, drillSchema, maxClaimTokens, mergeDrillClaims, newNonce } from '../../core/grading/model-grade.js';
import type { DrillItemGrade } from '../../core/grading/drill-grade.js';
import type { DrillChecker, LanguageModel } from '../../ports.js';
import { ModelClaims } from '../../schemas/model.js';

export const listOnlyChecker: DrillChecker = { kind: 'list', checkMany: async (entries) => entries.map((e) => e.grade) };

export class ModelDrillChecker implements DrillChecker {
  readonly kind = 'list+model' as const;

  constructor(
    private readonly model: LanguageModel,
    private readonly options: { readonly timeoutMs: number },
  ) {}

  async checkMany(entries: Parameters<DrillChecker['checkMany']>[0], signal?: AbortSignal): Promise<DrillItemGrade[]> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    const slots = Math.max(1, Math.min(this.model.slots, 5));
    return Promise.all(
      entries.map(async ({ item, answer, grade }, i) => {
        if (answer.trim() === '' || grade.missed.length === 0) return grade;
        const ids = item.expected.map((e) => e.id);
        try {
          const text = await this.model.complete({ slot: i % slots, prompt: drillPrompt(item, answer, newNonce()), schema: drillSchema(ids), maxTokens: maxClaimTokens(ids), signal: combined });
          const parsed = ModelClaims.safeParse(JSON.parse(text));
          return parsed.success ? mergeDrillClaims(item, grade, answer, parsed.data.met) : grade;
        } catch {
          return grade;
        }
      }),
    );
  }
}
