import type { PrepItem, RapidFireItem } from '../../schemas/bank.js';
import type { Evidence } from '../../schemas/grade.js';
import { analyse, type Analysis } from './analyse.js';
import { matchSignal, SHORT_QUOTE_CHARS } from './grade.js';
import type { CompiledLexicon } from './lexicon.js';

export interface DrillItemGrade {
  readonly itemId: string;
  /** Expected items the answer named, each with the words that named it. */
  readonly named: readonly { readonly id: string; readonly label: string; readonly evidence: readonly Evidence[]; readonly byModel?: boolean }[];
  readonly missed: readonly { readonly id: string; readonly label: string }[];
  readonly atLeast: number;
  /** Named at least `atLeast` distinct expected items. */
  readonly correct: boolean;
  /** Share of the required count named, 0-1. */
  readonly score: number;
  /** Preparation drills: each reason the answer is not right, in one line (a figure off with its working, a stage out of order). */
  readonly problems?: readonly string[];
  /** What was not counted and why (only the first three questions count). */
  readonly notes?: readonly string[];
  /** A numbers drill's figure: what was said, what it is, the arithmetic. */
  readonly figure?: { readonly expected: string; readonly said?: string; readonly within: boolean; readonly working: string; readonly tolerance: number };
  /** Wrong first moves the answer took, with its words. */
  readonly traps?: readonly { readonly id: string; readonly label: string; readonly evidence: readonly Evidence[] }[];
}

/**
 * The one quote shown for a point: from the sentence that carries most of the point's signals,
 * then one long enough to say something (a passing "Past the headroom" loses to "we admit new
 * prompts only while free blocks stay above a watermark"), then the first.
 */
function bestEvidence(bySignal: readonly (readonly Evidence[])[], analysis: Analysis): Evidence | undefined {
  const sentenceOf = (e: Evidence): number => analysis.sentences.findIndex((s) => e.start >= s.start && e.start < s.end);
  const rank = (e: Evidence): number => {
    const sentence = sentenceOf(e);
    const signals = bySignal.filter((found) => found.some((o) => sentenceOf(o) === sentence)).length;
    return signals * 2 + (e.end - e.start >= SHORT_QUOTE_CHARS ? 1 : 0);
  };
  let best: Evidence | undefined;
  let bestRank = -1;
  for (const e of bySignal.flat()) {
    const r = rank(e);
    if (r > bestRank) {
      best = e;
      bestRank = r;
    }
  }
  return best;
}

/** List-type grading: which expected items a one-line drill answer names. Terse lists are fine here. */
export function gradeDrillItem(item: RapidFireItem, answer: string, lexicon: CompiledLexicon): DrillItemGrade {
  return gradeAnalysed(item, analyse(answer, lexicon));
}

/** As gradeDrillItem, on an answer already analysed (a critique reads negated words too). */
export function gradeAnalysed(item: Pick<RapidFireItem | PrepItem, 'id' | 'atLeast' | 'expected'>, analysis: Analysis): DrillItemGrade {
  const named: { id: string; label: string; evidence: Evidence[] }[] = [];
  const missed: { id: string; label: string }[] = [];
  for (const expected of item.expected) {
    const best = bestEvidence(
      expected.signals.map((s) => matchSignal(s, analysis, { statementsOnly: false })),
      analysis,
    );
    if (best !== undefined) named.push({ id: expected.id, label: expected.label, evidence: [best] });
    else missed.push({ id: expected.id, label: expected.label });
  }
  const score = Math.min(named.length, item.atLeast) / item.atLeast;
  return { itemId: item.id, named, missed, atLeast: item.atLeast, correct: named.length >= item.atLeast, score };
}

/** Checks drill answers again, several at once; with no model it returns the grades unchanged. */
export interface DrillChecker {
  readonly kind: 'list' | 'list+model';
  checkMany(entries: readonly { readonly item: RapidFireItem; readonly answer: string; readonly grade: DrillItemGrade }[], signal?: AbortSignal): Promise<DrillItemGrade[]>;
}
