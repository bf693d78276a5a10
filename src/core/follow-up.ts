import type { Company, FollowUp, Question } from '../schemas/bank.js';
import { DIMENSIONS, type Dimension } from '../schemas/constants.js';
import type { Grade } from '../schemas/grade.js';

/** Which dimensions each company's interviewers press first (the seed's company emphasis). */
export const COMPANY_EMPHASIS: Readonly<Record<Company, readonly Dimension[]>> = {
  amazon: ['rollback', 'metrics'],
  google: ['architecture', 'tradeoffs'],
  startup: ['tradeoffs', 'constraints'],
};

export interface ChosenFollowUp {
  readonly dimension: Dimension;
  readonly text: string;
  readonly source: 'ladder' | 'template';
}

export interface FollowUpContext {
  readonly question: Question;
  /** The per-dimension fallback probes from rubrics/dimensions.yaml. */
  readonly templates: Readonly<Partial<Record<Dimension, readonly string[]>>>;
  /** Probes already asked for this question, so none repeats. */
  readonly asked: readonly string[];
  readonly company?: Company | undefined;
}

/**
 * Presses the weakest dimension: the lowest score not yet at 4, where a company's emphasised
 * dimensions win ties and count as one point weaker (Amazon asks about rollback before a
 * marginally weaker architecture). Ladder probes come first, question-specific before generic;
 * then the dimension's templates. Undefined when every dimension is at 4 or nothing is left to ask.
 */
export function selectFollowUp(grade: Grade, ctx: FollowUpContext): ChosenFollowUp | undefined {
  const emphasis = ctx.company === undefined ? [] : COMPANY_EMPHASIS[ctx.company];
  const bias = (d: Dimension): number => {
    const i = emphasis.indexOf(d);
    return i === -1 ? 0 : i === 0 ? 1 : 0.5;
  };
  const candidates = DIMENSIONS.filter((d) => grade.dimensions[d].score < 4)
    .map((d) => ({ d, key: grade.dimensions[d].score - bias(d), order: DIMENSIONS.indexOf(d) }))
    .sort((a, b) => a.key - b.key || a.order - b.order);
  const asked = new Set(ctx.asked);
  for (const { d } of candidates) {
    const ladder = ctx.question.followUps.filter((f: FollowUp) => f.dimension === d && !asked.has(f.text));
    const pick = ladder.find((f) => f.generic !== true) ?? ladder[0];
    if (pick !== undefined) return { dimension: d, text: pick.text, source: 'ladder' };
    const template = (ctx.templates[d] ?? []).find((t) => !asked.has(t));
    if (template !== undefined) return { dimension: d, text: template, source: 'template' };
  }
  return undefined;
}
