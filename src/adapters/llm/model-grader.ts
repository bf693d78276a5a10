/**
 * The model grader: the rubric grade first, then one grammar-constrained check per dimension,
 * all five on their own sequences at once so llama.cpp decodes them in one batch. Claims whose
 * quotes are not verifiably the candidate's words are voided. Any failure leaves the rubric grade,
 * with a note saying why.
 */
import { analyse } from '../../core/grading/analyse.js';
import { gradeAnswer, type PreparedRubric } from '../../core/grading/grade.js';
import { claimsSchema, dimensionPrompt, gradedDimensions, maxClaimTokens, mergeModelClaims, newNonce, verifyClaims, type ModelClaim } from '../../core/grading/model-grade.js';
import type { Grader, LanguageModel } from '../../ports.js';
import type { Evidence, Grade } from '../../schemas/grade.js';
import { ModelClaims } from '../../schemas/model.js';

export interface ModelGraderOptions {
  /** A whole grade (every dimension) must finish within this, or the rubric grade stands. */
  readonly timeoutMs: number;
  readonly random?: () => number;
  /** One dimension after another instead of all at once; only the benchmark's comparison uses it. */
  readonly sequential?: boolean;
}

function reasonOf(error: unknown, timedOut: boolean): string {
  if (timedOut) return 'it timed out';
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().slice(0, 160);
}

export class ModelGrader implements Grader {
  readonly kind = 'rubric+model' as const;

  constructor(
    private readonly model: LanguageModel,
    private readonly options: ModelGraderOptions,
  ) {}

  async grade(prepared: PreparedRubric, answer: string, signal?: AbortSignal): Promise<Grade> {
    const rubric = gradeAnswer(prepared, answer);
    if (answer.trim() === '') return rubric;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    const nonce = newNonce(this.options.random);
    const dimensions = gradedDimensions(prepared);
    let outputs: string[];
    try {
      const check = (i: number): Promise<string> => {
        const d = dimensions[i] ?? 'constraints';
        const ids = prepared.rubric.criteria.filter((c) => c.dimension === d).map((c) => c.id);
        return this.model.complete({ slot: i, prompt: dimensionPrompt(prepared, d, answer, nonce), schema: claimsSchema(ids), maxTokens: maxClaimTokens(ids), signal: combined });
      };
      if (this.options.sequential === true) {
        outputs = [];
        for (let i = 0; i < dimensions.length; i++) outputs.push(await check(i));
      } else {
        outputs = await Promise.all(dimensions.map((_, i) => check(i)));
      }
    } catch (error) {
      return { ...rubric, notes: [...rubric.notes, `Model grader not used (${reasonOf(error, timeout.aborted)}); this is the rubric grade.`] };
    }
    const analysis = analyse(answer, prepared.lexicon, prepared.context);
    const verified = new Map<string, Evidence[]>();
    let voided = 0;
    let malformed = 0;
    outputs.forEach((text, i) => {
      const d = dimensions[i];
      if (d === undefined) return;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        malformed += 1;
        return;
      }
      const parsed = ModelClaims.safeParse(json);
      if (!parsed.success) {
        malformed += 1;
        return;
      }
      const allowed = new Set(prepared.rubric.criteria.filter((c) => c.dimension === d).map((c) => c.id));
      const claims: ModelClaim[] = parsed.data.met;
      const result = verifyClaims(answer, claims, allowed, analysis);
      voided += result.voided.length;
      for (const [id, ev] of result.evidence) verified.set(id, [...(verified.get(id) ?? []), ...ev]);
    });
    if (malformed === outputs.length) return { ...rubric, notes: [...rubric.notes, 'Model grader not used (its output was malformed); this is the rubric grade.'] };
    const notes: string[] = [];
    if (voided > 0) notes.push(`${voided} model ${voided === 1 ? 'claim was' : 'claims were'} voided: the quote was not the answer's own statement.`);
    if (malformed > 0) notes.push(`The model's output for ${malformed} ${malformed === 1 ? 'dimension was' : 'dimensions were'} malformed; the rubric decided ${malformed === 1 ? 'it' : 'them'}.`);
    return mergeModelClaims(prepared, rubric, verified, notes);
  }
}
