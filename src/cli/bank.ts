/** `coach bank list|show|validate`: the question bank as a reader or an author sees it. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { DEFAULT_BANK_DIR, NO_CACHE, loadBank, loadQuestion, loadReference } from '../adapters/fs-bank.js';
import { printable } from '../core/printable.js';
import type { BankProblem } from '../ports.js';
import { formatBankList, formatQuestion, referenceLines } from '../ui/reports/bank-report.js';
import { problemLine, questionIdFlag, ReportedFailure, UsageError } from './args.js';
import { counted } from '../core/counted.js';

export function bankCommands(program: Command): void {
  const bank = program.command('bank').description('list, show and validate the question bank');
  bank
    .command('list')
    .description('list the questions and rapid-fire sets')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const loaded = await loadBank();
      for (const p of loaded.problems) process.stderr.write(`coach: skipped ${problemLine(p)}\n`);
      if (opts.json === true) {
        const questions = loaded.questions().map(({ question, rubric }) => ({
          id: question.id,
          title: question.title,
          cluster: question.cluster,
          timeBudgetSec: question.timeBudgetSec,
          criteria: rubric.criteria.length,
          followUps: question.followUps.length,
        }));
        const rapidFire = loaded.rapidFire().map((e) => ({ id: e.item.id, set: e.set, prompt: e.item.prompt, seconds: e.item.seconds }));
        const { switches } = await import('../core/practice/flaws.js');
        const spotTheFlaw = loaded.spotTheFlaw().map((e) => ({ question: e.set.question, flags: switches(e.set).map((s) => s.flag) }));
        process.stdout.write(`${JSON.stringify({ questions, rapidFire, spotTheFlaw }, null, 2)}\n`);
      } else {
        process.stdout.write(`${formatBankList(loaded)}\n`);
      }
    });
  bank
    .command('show')
    .description('show one question: prompt, follow-up ladder, red flags, rubric')
    .argument('<id>', 'question id, e.g. q07')
    .action(async (rawId: string) => {
      const id = questionIdFlag(rawId);
      const { prepared, problems } = await loadQuestion(id);
      if (prepared === undefined) throw new UsageError(`question ${id} is invalid: ${problems[0] === undefined ? 'it failed to load' : problemLine(problems[0])}`);
      const ref = await loadReference(id);
      const reference = ref === undefined ? ['What a strong answer sounds like', '  (no reference answer yet: coach bank validate reports it)'] : referenceLines(prepared, ref);
      process.stdout.write(`${formatQuestion(prepared)}\n\n${printable(reference.join('\n'))}\n`);
    });
  bank
    .command('annotate')
    .description("write each reference answer's per-sentence annotations: the criteria the grader credits in each sentence")
    .addOption(new Option('--dir <dir>', 'bank directory holding questions/ and rubrics/').default(DEFAULT_BANK_DIR, 'the shipped bank'))
    .action(async (opts: { dir: string }) => {
      const loaded = await loadBank({ root: opts.dir, cache: NO_CACHE });
      const { annotationsFor, REFERENCE_VERSIONS } = await import('../core/grading/reference.js');
      const { parseDocument, isMap, isSeq, visit } = await import('yaml');
      const { readFileSync } = await import('node:fs');
      const { writeFileAtomic } = await import('../adapters/atomic-write.js');
      let written = 0;
      for (const prepared of loaded.questions()) {
        const ref = loaded.reference(prepared.question.id);
        if (ref === undefined) continue;
        const file = join(opts.dir, 'questions', 'reference', `${prepared.question.id}.yaml`);
        const doc = parseDocument(readFileSync(file, 'utf8'));
        const node = doc.createNode(Object.fromEntries(REFERENCE_VERSIONS.map((v) => [v, annotationsFor(prepared, ref[v])])));
        // One line per sentence: `earns: [a, b]`.
        visit(node, {
          Map: (_, map) => {
            const earns: unknown = isMap(map) ? map.get('earns', true) : undefined;
            if (isSeq(earns)) earns.flow = true;
          },
        });
        doc.set('annotations', node);
        await writeFileAtomic(file, doc.toString({ lineWidth: 100, flowCollectionPadding: false }));
        written++;
      }
      process.stdout.write(`annotated ${counted(written, 'reference answer')}\n`);
    });
  bank
    .command('validate')
    .description('check every bank file; lists every problem and exits 2 if there is any')
    .addOption(new Option('--dir <dir>', 'bank directory holding questions/ and rubrics/').default(DEFAULT_BANK_DIR, 'the shipped bank'))
    .action(async (opts: { dir: string }) => {
      try {
        if (!statSync(opts.dir).isDirectory()) throw new Error('not a directory');
      } catch {
        throw new UsageError(`cannot read bank directory '${opts.dir}'`);
      }
      // Validation never trusts the cache: every file is parsed and checked afresh.
      const loaded = await loadBank({ root: opts.dir, cache: NO_CACHE });
      const questions = loaded.questions().length;
      const drills = loaded.rapidFire().length;
      // A flaw set that loads can still be wrong as content: every choice of planted flags must raise exactly those.
      const { checkFlawSet } = await import('../core/practice/flaws.js');
      const problems: BankProblem[] = [...loaded.problems];
      let flaws = 0;
      for (const entry of loaded.spotTheFlaw()) {
        const found = checkFlawSet(entry);
        if (found.length === 0) flaws++;
        for (const message of found) problems.push({ file: `questions/flaws/${entry.set.question}.yaml`, path: 'parts', message });
      }
      // Every question has a reference answer that scores as a strong answer, annotated with what the grader credits.
      const { checkReference } = await import('../core/grading/reference.js');
      let references = 0;
      for (const prepared of loaded.questions()) {
        const found = checkReference(prepared, loaded.reference(prepared.question.id));
        if (found.length === 0) references++;
        for (const message of found) problems.push({ file: `questions/reference/${prepared.question.id}.yaml`, path: '', message });
      }
      // Each coding problem's reference solutions must pass every one of its cases: a wrong expected value fails here.
      const { runTests, pythonAvailable } = await import('../adapters/coding/run-tests.js');
      const { REFERENCE_FILES } = await import('../schemas/coding.js');
      const languages = (await pythonAvailable()) ? (['node', 'python'] as const) : (['node'] as const);
      let coding = 0;
      for (const entry of loaded.coding()) {
        let ok = true;
        for (const language of languages) {
          const run = await runTests(entry, language, entry.reference[language], 'hidden', new Date(), { noScale: true });
          const file = `questions/coding/${entry.problem.id}/${REFERENCE_FILES[language]}`;
          if (run.problem !== undefined) problems.push({ file, path: '', message: run.problem });
          for (const c of run.cases.filter((x) => !x.passed)) problems.push({ file: `questions/coding/${entry.problem.id}/tests.yaml`, path: c.name, message: `the ${language} reference fails it: ${c.message ?? ''}` });
          ok &&= run.problem === undefined && run.cases.every((x) => x.passed);
        }
        if (ok) coding++;
      }
      const prep = loaded.prep().length;
      const counts = `${counted(questions, 'question')} (${counted(references, 'reference answer')}), ${counted(drills, 'rapid-fire item')}, ${counted(prep, 'preparation drill item')}, ${counted(flaws, 'spot-the-flaw answer')} and ${counted(coding, 'coding problem')}`;
      if (problems.length > 0) {
        for (const p of problems) process.stderr.write(`${problemLine(p)}\n`);
        process.stderr.write(`${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}; ${counts} are valid\n`);
        throw new ReportedFailure(2);
      }
      process.stdout.write(`bank ok: ${counts}\n`);
    });
}
