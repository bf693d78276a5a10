/**
 * The coding round's questions about the code ("what if the clock goes backwards?"), answered in
 * prose and graded as a drill item is: which of the expected points the answer names, each with
 * the answer's own words as evidence.
 */
import type { CodingFollowUp } from '../../schemas/coding.js';
import { analyse } from '../grading/analyse.js';
import { gradeAnalysed, type DrillItemGrade } from '../grading/drill-grade.js';
import type { CompiledLexicon } from '../grading/lexicon.js';

export function gradeCodingFollowUp(followUp: CodingFollowUp, answer: string, lexicon: CompiledLexicon): DrillItemGrade {
  return gradeAnalysed(followUp, analyse(answer, lexicon));
}
