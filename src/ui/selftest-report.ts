import type { SelfTestReport } from '../core/selftest.js';

/** `coach selftest` and the TUI's grader check: agreement, ranking, spread, then what disagreed. */
export function formatSelftest(report: SelfTestReport, grader: 'rubric' | 'rubric+model', questions: number, repeat: number, allMisses = false): string[] {
  const pct = (x: number): string => `${Math.round(100 * x)}%`;
  const lines = [
    `Grader self-test: ${grader === 'rubric' ? 'rubric grader' : 'rubric + model grader'} on ${report.answers} golden answers to ${questions} questions`,
    `  band agreement    ${pct(report.bandAgreement).padStart(4)}  of dimension scores within ±1 of the expected band`,
    `  ranking accuracy  ${pct(report.rankingAccuracy).padStart(4)}  of ${report.pairs} answer pairs ordered as expected`,
    `  spread            ${report.spread.mean.toFixed(1)} points mean, ${report.spread.max} max, over ${repeat} ${repeat === 1 ? 'grade' : 'grades'} per answer${repeat === 1 ? ' (use --repeat to measure it)' : ''}`,
  ];
  if (report.misordered.length > 0) lines.push('', 'Ordered against expectation:', ...report.misordered.map((m) => `  ${m.higher} (${Math.round(m.scores[0])}) should beat ${m.lower} (${Math.round(m.scores[1])})`));
  if (report.misses.length > 0) {
    const shown = allMisses ? report.misses : report.misses.slice(0, 15);
    lines.push('', 'Dimension scores outside the band by more than 1:', ...shown.map((m) => `  ${m.answerId} ${m.dimension}: expected ${m.band[0]}-${m.band[1]}, graded ${m.score}`));
    if (shown.length < report.misses.length) lines.push(`  … ${report.misses.length - shown.length} more (--json lists all)`);
  }
  return lines;
}
