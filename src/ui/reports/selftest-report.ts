import { TARGETS, type YardstickName, type YardstickReport } from '../../core/progress/selftest.js';
import { DIMENSIONS } from '../../schemas/constants.js';
import { counted } from '../../core/counted.js';
import { CODING_TARGETS, type CodingYardstickReport, type PassCount } from '../../core/progress/coding-selftest.js';

export const YARDSTICK_TITLES: Readonly<Record<YardstickName, string>> = {
  golden: 'golden set',
  'blind-tuning': 'blind, tuning half',
  'blind-test': 'blind, test half',
};

const pct = (x: number): string => `${Math.round(100 * x)}%`;
const two = (x: number): string => x.toFixed(2);

/** One block per yardstick: how far the grader agrees with the people who labelled it. Fits 80 columns. */
function blocks(reports: readonly YardstickReport[]): string[] {
  return reports.flatMap((r) => [
    `  ${YARDSTICK_TITLES[r.set]}, ${counted(r.answers, 'answer')} to ${counted(r.questions, 'question')}`,
    `    Spearman ${two(r.spearman)} · pairwise ${pct(r.pairwise)} of ${r.pairs} · adequate or better at 0: ${r.notWeakAtZero} of ${r.notWeak} · all at 0: ${r.atZero} (${pct(r.atZero / Math.max(1, r.answers))})`,
    `    QWK ${DIMENSIONS.map((d) => `${d} ${two(r.qwk[d])}`).join(', ')}`,
    `    mean score ${r.meanByLabel.map((m) => `${m.label} ${Math.round(m.mean)}`).join(', ')}`,
    ...(r.graders === undefined ? [] : [`    rubric and model agree on ${pct(r.graders.agreed / Math.max(1, r.graders.ruled))} of ${counted(r.graders.ruled, 'criterion', 'criteria')} the model ruled on; ${r.graders.disputed} disputed`]),
  ]);
}

/** `coach selftest` and the TUI's grader check: agreement per yardstick, then, with detail, what disagreed. */
export function formatSelftest(reports: readonly YardstickReport[], grader: 'rubric' | 'rubric+model', repeat: number, detail = false): string[] {
  const lines = [
    `Grader self-test: ${grader === 'rubric' ? 'rubric grader' : 'rubric + model grader'}, ${repeat} ${repeat === 1 ? 'grade' : 'grades'} per answer`,
    '',
    ...blocks(reports),
    '',
    '  Spearman: rank correlation of the label with the overall score. Pairwise: answers to one',
    "  question ranked as people ranked them. QWK: quadratic weighted kappa of each dimension",
    "  against the people's 0-4.",
    `  Targets on the blind test half: Spearman ≥ ${TARGETS.spearman}, pairwise ≥ ${pct(TARGETS.pairwise)}, QWK ≥ ${TARGETS.qwk} on every`,
    `  dimension, no adequate or strong answer at 0, at most ${pct(TARGETS.atZeroShare)} of answers at 0; golden pairwise ≥ ${pct(TARGETS.goldenPairwise)}.`,
  ];
  const golden = reports.find((r) => r.set === 'golden');
  if (golden?.bandAgreement !== undefined) lines.push(`  Golden band agreement: ${pct(golden.bandAgreement)} of dimension scores within ±1 of the expected band.`);
  if (repeat > 1) for (const r of reports) lines.push(`  Spread on the ${YARDSTICK_TITLES[r.set]}: ${r.spread.mean.toFixed(1)} points mean, ${r.spread.max} max.`);
  if (!detail) return lines;
  for (const r of reports) {
    if (r.misordered.length > 0) lines.push('', `Ordered against the labels (${YARDSTICK_TITLES[r.set]}):`, ...r.misordered.map((m) => `  ${m.higher} (${Math.round(m.scores[0])}) should beat ${m.lower} (${Math.round(m.scores[1])})`));
    if (r.misses.length > 0) {
      const shown = r.misses.slice(0, 40);
      lines.push('', `Dimension scores far from the people's (${YARDSTICK_TITLES[r.set]}):`, ...shown.map((m) => `  ${m.answerId} ${m.dimension}: expected ${m.expected}, graded ${m.score}`));
      if (shown.length < r.misses.length) lines.push(`  … ${r.misses.length - shown.length} more (--json lists all)`);
    }
  }
  return lines;
}

const passed = (p: PassCount): string => `${p.passed} of ${p.answers}`;

/**
 * The coding round's follow-up grading against its labelled answers: per point, precision and
 * recall on the points author and reviewer agree on; per answer, how many of each kind passed.
 */
export function formatCodingSelftest(reports: readonly CodingYardstickReport[], detail = false): string[] {
  if (reports.length === 0) return [];
  const lines = ['', 'Coding round follow-ups (graded by the rubric machinery, as in a round):'];
  for (const r of reports) {
    const credited = r.truePositive + r.falsePositive;
    const made = r.truePositive + r.falseNegative;
    lines.push(
      `  ${r.half} half, ${counted(r.answers, 'answer')} to ${counted(r.followUps, 'follow-up')}`,
      `    points credited ${credited}, ${r.falsePositive} against both labellers: precision ${pct(r.precision)} · recall ${pct(r.recall)} of ${made} made`,
      `    passed: strong ${passed(r.strong)} · weak ${passed(r.weak)} · right words, wrong idea ${passed(r.tricky)}`,
      `    labellers split on ${r.split} of ${r.agreed + r.split} point decisions (left out)`,
    );
  }
  lines.push(
    '',
    '  A point counts as made when the answer\'s author and a reviewer who did not write it both say so.',
    `  Targets on the test half: precision ≥ ${pct(CODING_TARGETS.precision)}, recall ≥ ${pct(CODING_TARGETS.recall)}, strong answers passed ≥ ${pct(CODING_TARGETS.strongPassed)},`,
    `  weak and right-words-wrong-idea answers passed ≤ ${pct(CODING_TARGETS.weakPassed)}.`,
  );
  if (!detail) return lines;
  for (const r of reports) {
    if (r.half === 'test') {
      lines.push('', 'The test half\'s misses are not listed: nobody tunes against it.');
      continue;
    }
    if (r.misses.length === 0) continue;
    lines.push('', `Points decided against both labellers (coding, ${r.half} half):`, ...r.misses.map((m) => `  ${m.answerId} ${m.problem}/${m.followUp} ${m.point}: ${m.kind === 'credited' ? 'credited, not made' : 'made, not credited'}`));
  }
  return lines;
}
