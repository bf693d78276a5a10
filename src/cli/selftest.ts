/** `coach selftest`: how far the grader agrees with the answers people labelled. */
import type { Command } from 'commander';
import { loadQuestion } from '../adapters/fs-bank.js';
import { rubricGrader } from '../core/grading/grade.js';
import type { CodingHalf, CodingYardstickReport } from '../core/progress/coding-selftest.js';
import { MODEL_GRADES_AT_ONCE, type YardstickName } from '../core/progress/selftest.js';
import type { Grader } from '../ports.js';
import { intFlag, problemLine, UsageError } from './args.js';
import { modelGrader } from './model.js';

const SETS: Readonly<Record<string, readonly YardstickName[]>> = { all: ['golden', 'blind-tuning', 'blind-test'], golden: ['golden'], tuning: ['blind-tuning'], test: ['blind-test'], coding: [] };
/** The halves of the coding round's follow-up answers each --set grades. */
const CODING_HALVES: Readonly<Record<string, readonly CodingHalf[]>> = { all: ['tuning', 'test'], golden: [], tuning: ['tuning'], test: ['test'], coding: ['tuning', 'test'] };

export function selftestCommand(program: Command): void {
  program
    .command('selftest')
    .description('grade the answers people labelled (golden set, blind set halves) and report how far the grader agrees')
    .option('--set <set>', 'golden, tuning, test, coding (the coding round\'s follow-ups) or all', 'all')
    .option('--model', 'test the model grader (rubric + model) instead of the rubric grader')
    .option('--repeat <n>', 'grade each answer n times and report the spread (1-20)', '1')
    .option('--detail', 'list the pairs ordered against the labels and the dimension scores far from them')
    .option('--json', 'print JSON')
    .action(async (opts: { set: string; model?: boolean; repeat: string; detail?: boolean; json?: boolean }) => {
      const repeat = intFlag('--repeat', opts.repeat, 1, 20);
      const chosen = Object.hasOwn(SETS, opts.set) ? SETS[opts.set] : undefined;
      if (chosen === undefined) throw new UsageError(`--set must be golden, tuning, test, coding or all, not '${opts.set}'`);
      const { loadYardsticks } = await import('../adapters/golden.js');
      const { gradeYardstick, yardstickReport } = await import('../core/progress/selftest.js');
      const { sets, problems } = await loadYardsticks(chosen);
      for (const p of problems) process.stderr.write(`coach: skipped ${problemLine(p)}\n`);
      const coding = await codingReports(CODING_HALVES[opts.set] ?? []);
      if (sets.every((s) => s.answers.length === 0) && coding.length === 0) throw new UsageError('no labelled answers to grade (questions/golden/ and questions/blind/ are empty or invalid)');
      let grader: Grader = rubricGrader;
      let dispose = async (): Promise<void> => undefined;
      // The coding follow-ups are graded as a round grades them, by the rubric machinery: no model for them alone.
      if (opts.model === true && chosen.length > 0) ({ grader, dispose } = await modelGrader());
      try {
        const reports = [];
        for (const set of sets) {
          const { cases, missing } = await gradeYardstick(set.answers, async (id) => (await loadQuestion(id)).prepared, (p, text) => grader.grade(p, text), repeat, undefined, grader.kind === 'rubric' ? 1 : MODEL_GRADES_AT_ONCE);
          if (missing.length > 0) throw new UsageError(`the ${set.name} answers name ${missing.join(', ')}, which does not load`);
          reports.push(yardstickReport(set.name, cases));
        }
        if (opts.json === true) {
          // The coding test half is reported in aggregate only: its misses would be a list to tune against.
          const codingOut = coding.map(({ misses, ...r }) => (r.half === 'test' ? r : { ...r, misses }));
          process.stdout.write(`${JSON.stringify({ grader: grader.kind, repeat, reports, coding: codingOut }, null, 2)}\n`);
          return;
        }
        const { formatCodingSelftest, formatSelftest } = await import('../ui/reports/selftest-report.js');
        const lines = [...(reports.length > 0 ? formatSelftest(reports, grader.kind, repeat, opts.detail === true) : ['Grader self-test']), ...formatCodingSelftest(coding, opts.detail === true)];
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await dispose();
      }
    });
}

/** Grades the chosen halves of the coding round's follow-up answers; a half that does not load is reported and left out. */
async function codingReports(halves: readonly CodingHalf[]): Promise<CodingYardstickReport[]> {
  if (halves.length === 0) return [];
  const [{ loadCodingBlind }, { loadBank }, { codingYardstickReport }] = await Promise.all([import('../adapters/golden.js'), import('../adapters/fs-bank.js'), import('../core/progress/coding-selftest.js')]);
  const entries = (await loadBank()).coding();
  const out: CodingYardstickReport[] = [];
  for (const half of halves) {
    const { file, problems } = await loadCodingBlind(half);
    for (const p of problems) process.stderr.write(`coach: skipped ${problemLine(p)}\n`);
    if (file === undefined) continue;
    const report = codingYardstickReport(half, file.answers, entries);
    if (report.unknown.length > 0) throw new UsageError(`the coding ${half} answers name ${report.unknown.join(', ')}, which the bank does not have`);
    out.push(report);
  }
  return out;
}
