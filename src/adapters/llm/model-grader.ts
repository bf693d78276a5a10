/**
 * The model grader: the rubric grade first, then the model's verdict on every criterion as a
 * sentence number: the engine evaluates the fixed keys and lets the model choose only the digits
 * (a grammar that allows nothing else says the same for an engine that decodes it all). One sequence per grade, so
 * several answers (a round's, a regrade's) decode together in one batch, and each question keeps
 * the sequence that last graded it, so its instructions and rubric are evaluated once. Any failure
 * leaves the rubric grade, with a note saying why.
 */
import { analyse } from '../../core/grading/analyse.js';
import { gradeAnswer, type Grader, type PreparedRubric } from '../../core/grading/grade.js';
import { MAX_ANSWER_CHARS, newNonce } from '../../core/grading/model-grade.js';
import { citableSentences, maxVerdictTokens, mergeRulings, parseVerdicts, rule, verdictFill, verdictGrammar, verdictPrompt, type RuledCriterion, type Ruling } from '../../core/grading/verdicts.js';
import { DIMENSIONS } from '../../schemas/constants.js';
import type { LanguageModel } from '../../ports.js';
import type { Grade } from '../../schemas/grade.js';

/** How the criteria are put to the model: all on one sequence, or one sequence per dimension (the benchmark compares them). */
export type GradeLayout = 'one' | 'dimensions';

export interface ModelGraderOptions {
  /** A whole grade must finish within this, or the rubric grade stands. */
  readonly timeoutMs: number;
  readonly random?: () => number;
  /** Default 'one': fewest tokens evaluated, measured by `npm run bench:llm`. */
  readonly layout?: GradeLayout;
  /** Sequences grades may use; the last one is left to the interviewer. Default: all but the last. */
  readonly slots?: readonly number[];
}

function reasonOf(error: unknown, timedOut: boolean): string {
  if (timedOut) return 'it timed out';
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().slice(0, 160);
}

/**
 * Sequences handed to grades: a free one that last held the same prompt prefix first (its
 * evaluated tokens are reused), then the free one idle longest, then the least busy.
 */
class SlotPool {
  private readonly last = new Map<number, string>();
  private readonly busy = new Map<number, number>();
  private readonly used = new Map<number, number>();
  private tick = 0;

  constructor(private readonly slots: readonly number[]) {}

  take(key: string): number {
    const free = this.slots.filter((s) => (this.busy.get(s) ?? 0) === 0);
    const pick =
      free.find((s) => this.last.get(s) === key) ??
      [...free].sort((a, b) => (this.used.get(a) ?? -1) - (this.used.get(b) ?? -1))[0] ??
      [...this.slots].sort((a, b) => (this.busy.get(a) ?? 0) - (this.busy.get(b) ?? 0))[0] ??
      0;
    this.busy.set(pick, (this.busy.get(pick) ?? 0) + 1);
    this.last.set(pick, key);
    this.used.set(pick, this.tick++);
    return pick;
  }

  give(slot: number): void {
    this.busy.set(slot, Math.max(0, (this.busy.get(slot) ?? 1) - 1));
  }
}

export class ModelGrader implements Grader {
  readonly kind = 'rubric+model' as const;
  private readonly pool: SlotPool;

  constructor(
    private readonly model: LanguageModel,
    private readonly options: ModelGraderOptions,
  ) {
    const all = Array.from({ length: model.slots }, (_, i) => i);
    this.pool = new SlotPool(options.slots ?? (all.length > 1 ? all.slice(0, -1) : all));
  }

  grade(prepared: PreparedRubric, answer: string, signal?: AbortSignal): Promise<Grade> {
    return this.review(prepared, answer, gradeAnswer(prepared, answer), signal);
  }

  async review(prepared: PreparedRubric, answer: string, grade: Grade, signal?: AbortSignal): Promise<Grade> {
    if (answer.trim() === '') return grade;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    const nonce = newNonce(this.options.random);
    const analysis = analyse(answer, prepared.lexicon, prepared.context);
    const sentences = citableSentences(analysis);
    const cut = answer.length > MAX_ANSWER_CHARS || sentences.length < analysis.sentences.length;
    const criteria: RuledCriterion[] = grade.criteria.map((c) => ({ id: c.id, dimension: c.dimension, text: c.text }));
    // Each request: the criteria it rules on, as indexes into the grade's criteria.
    const groups = this.options.layout === 'dimensions' ? DIMENSIONS.map((d) => criteria.flatMap((c, i) => (c.dimension === d ? [i] : []))).filter((g) => g.length > 0) : [criteria.map((_, i) => i)];
    const prefix = `${prepared.question.id}:${prepared.company?.id ?? ''}`;
    let outputs: string[];
    try {
      outputs = await Promise.all(
        groups.map(async (group, g) => {
          const slot = this.pool.take(`${prefix}:${g}`);
          try {
            const asked = group.map((i) => criteria[i] as RuledCriterion);
            return await this.model.complete({ slot, prompt: verdictPrompt(prepared, asked, sentences, nonce, cut), grammar: verdictGrammar(asked.length, sentences.length), fill: verdictFill(asked.length, sentences.length), maxTokens: maxVerdictTokens(asked.length), signal: combined });
          } finally {
            this.pool.give(slot);
          }
        }),
      );
    } catch (error) {
      return { ...grade, notes: [...grade.notes, `Model grader not used (${reasonOf(error, timeout.aborted)}); this is the rubric grade.`] };
    }
    const rulings: (Ruling | undefined)[] = criteria.map(() => undefined);
    let malformed = 0;
    outputs.forEach((text, g) => {
      const group = groups[g] ?? [];
      const numbers = parseVerdicts(text, group.length);
      if (numbers === undefined) {
        malformed += 1;
        return;
      }
      group.forEach((ci, k) => {
        const n = numbers[k];
        if (n !== undefined) rulings[ci] = rule(n, sentences, answer);
      });
    });
    if (malformed === outputs.length) return { ...grade, notes: [...grade.notes, 'Model grader not used (its output was malformed); this is the rubric grade.'] };
    const voided = rulings.filter((r) => r?.kind === 'void');
    const notes: string[] = [];
    if (voided.length > 0) {
      const first = voided[0];
      notes.push(`${voided.length} model ${voided.length === 1 ? 'verdict was' : 'verdicts were'} voided${first?.kind === 'void' ? ` (${first.why}${voided.length > 1 ? ', …' : ''})` : ''}; the rubric decided ${voided.length === 1 ? 'that criterion' : 'those criteria'}.`);
    }
    if (malformed > 0) notes.push(`The model's output for ${malformed} of ${outputs.length} groups of criteria was malformed; the rubric decided them.`);
    return mergeRulings(prepared, grade, rulings, notes);
  }
}
