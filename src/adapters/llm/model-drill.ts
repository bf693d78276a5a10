/**
 * Drill answers checked by the model, several at once: each answer on its own sequence, so
 * llama.cpp evaluates them in one batch. The model gives, for each item the list grader missed,
 * the number of the answer's part that names it: the engine evaluates the fixed keys and the
 * model chooses only the digits. The list grade stands where the model fails.
 */
import type { DrillItemGrade } from '../../core/grading/drill-grade.js';
import { answerParts, drillPrompt, mergeDrillRulings } from '../../core/grading/drill-verdicts.js';
import { MAX_ANSWER_CHARS, newNonce } from '../../core/grading/model-grade.js';
import { maxVerdictTokens, parseVerdicts, verdictFill, verdictGrammar } from '../../core/grading/verdicts.js';
import type { DrillChecker, LanguageModel } from '../../ports.js';

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
        const parts = answerParts(answer);
        const asked = item.expected.filter((e) => grade.missed.some((m) => m.id === e.id));
        if (parts.length === 0 || asked.length === 0) return grade;
        try {
          const prompt = drillPrompt(item, asked, parts, newNonce(), answer.length > MAX_ANSWER_CHARS);
          const text = await this.model.complete({ slot: i % slots, prompt, grammar: verdictGrammar(asked.length, parts.length), fill: verdictFill(asked.length, parts.length), maxTokens: maxVerdictTokens(asked.length), signal: combined });
          const numbers = parseVerdicts(text, asked.length);
          return numbers === undefined ? grade : mergeDrillRulings(item, grade, asked, parts, numbers);
        } catch {
          return grade;
        }
      }),
    );
  }
}
