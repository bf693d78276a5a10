/**
 * Company mode changes the grade: the company's dimension weights multiply the shared ones, and its
 * emphasis is graded as criteria beside the question's own (Amazon: customer impact in numbers and
 * how fast a change is undone; Google: benchmarking and scaling arithmetic; a startup: cost and a
 * fallback that needs no new infrastructure).
 */
import type { CompanyMode } from '../../schemas/bank.js';
import { DIMENSIONS, type Dimension } from '../../schemas/constants.js';
import { counted } from '../counted.js';
import type { PreparedRubric } from './grade.js';
import { extendLexicon, type CompiledLexicon } from './lexicon.js';
import { answerContext, type AnswerContext } from './analyse.js';

const made = new WeakMap<PreparedRubric, Map<string, PreparedRubric>>();

/** What the mode changed, in one line: shown at the top of the grade. */
export function companyWhy(mode: CompanyMode): string {
  const weighted = DIMENSIONS.flatMap((d) => {
    const w = mode.weights[d];
    return w === undefined || w === 1 ? [] : [`${d} counts ${w}x`];
  });
  return `Graded in ${mode.name} mode: ${weighted.join(' and ')}, and ${counted(mode.criteria.length, `${mode.name} criterion`, `${mode.name} criteria`)} ${mode.criteria.length === 1 ? 'is' : 'are'} added for ${mode.emphasis}.`;
}

/** The question as this company's interviewers grade it; the same object for the same pair, so lexicons are built once. */
export function inCompanyMode(prepared: PreparedRubric, mode: CompanyMode | undefined): PreparedRubric {
  if (mode === undefined) return prepared;
  let byCompany = made.get(prepared);
  if (byCompany === undefined) made.set(prepared, (byCompany = new Map()));
  const known = byCompany.get(mode.id);
  if (known !== undefined) return known;
  const dimensionWeights = Object.fromEntries(DIMENSIONS.map((d) => [d, prepared.dimensionWeights[d] * (mode.weights[d] ?? 1)])) as Record<Dimension, number>;
  let lexicon: CompiledLexicon | undefined;
  let context: AnswerContext | undefined;
  const rubric = { ...prepared.rubric, criteria: [...prepared.rubric.criteria, ...mode.criteria] };
  const adjusted: PreparedRubric = {
    question: prepared.question,
    rubric,
    dimensionWeights,
    general: prepared.general,
    get lexicon() {
      lexicon ??= extendLexicon(prepared.lexicon, mode.concepts);
      return lexicon;
    },
    // The mode's own advice is echo-checked too: pasting "Work backwards from the customer…" earns nothing.
    get context() {
      context ??= answerContext(prepared.question.prompt, [...rubric.criteria, ...prepared.general].map((c) => c.gap));
      return context;
    },
    company: { id: mode.id, name: mode.name, why: companyWhy(mode), criteria: new Set(mode.criteria.map((c) => c.id)) },
  };
  byCompany.set(mode.id, adjusted);
  return adjusted;
}
