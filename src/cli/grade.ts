/** `coach grade` (an answer file or stdin against one question) and `coach regrade` (a saved session again). */
import { waitLine } from './progress.js';
import { reviewSummary } from '../core/grading/verdicts.js';
import { Option, type Command } from 'commander';
import { COMPANIES, type Company } from '../schemas/constants.js';
import { loadQuestion, loadReference } from '../adapters/fs-bank.js';
import { decodeText, readTextFile, UnreadableFile } from '../adapters/read-text.js';
import { SessionSaveError } from '../adapters/session-store.js';
import { gradeAnswer, rubricGrader } from '../core/grading/grade.js';
import { printable, printableLine, terminalJson } from '../core/printable.js';
import type { Grader } from '../ports.js';
import { formatGrade, paintFor } from '../ui/reports/grade-report.js';
import { Failure, problemLine, questionIdFlag, UsageError } from './args.js';
import { loadSession, type CliContext } from './context.js';
import { configuredModel, modelGrader } from './model.js';

export const MAX_ANSWER_BYTES = 100 * 1024;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_ANSWER_BYTES) throw new UsageError(`the answer on stdin is over ${MAX_ANSWER_BYTES / 1024} KB; trim it and try again`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** One line for an answer that cannot be read; the old wording for a missing file or a directory. */
function unreadableAnswer(file: string | undefined, error: UnreadableFile): string {
  if (file === undefined) return `the answer on stdin ${error.reason}`;
  if (error.kind === 'missing') return `cannot read answer file '${file}': no such file`;
  if (error.kind === 'directory') return `cannot read answer file '${file}': it is a directory`;
  return `answer file '${file}' ${error.reason}`;
}

/** The answer from a file (a pipe or FIFO too, counted by the bytes read) or stdin: UTF-8 text, at most MAX_ANSWER_BYTES. */
async function readAnswer(file: string | undefined): Promise<string> {
  let text: string;
  try {
    if (file !== undefined) {
      text = await readTextFile(file, { maxBytes: MAX_ANSWER_BYTES, regularOnly: false });
    } else {
      if (process.stdin.isTTY === true) throw new UsageError('no answer given: pass --answer-file FILE or pipe the answer on stdin');
      text = decodeText('stdin', await readStdin());
    }
  } catch (error) {
    if (error instanceof UnreadableFile) throw new UsageError(unreadableAnswer(file, error));
    throw error;
  }
  const answer = text.replace(/\r\n?/g, '\n');
  // Escape sequences and controls print as nothing, so an answer of only those is as empty as blank lines.
  if (printable(answer).trim().length === 0) throw new UsageError(`the answer ${file === undefined ? 'on stdin' : `in '${file}'`} is empty`);
  return answer;
}

export function gradeCommand(program: Command): void {
  program
    .command('grade')
    .description('grade an answer with the rubric grader (--model adds the local model)')
    .requiredOption('-q, --question <id>', 'question id, e.g. q01 (see coach bank list)')
    .option('-f, --answer-file <file>', 'the answer (default: read stdin)')
    .option('--json', 'print one JSON object instead of the report')
    .option('--model', 'grade with the configured local model as well (rubric + model)')
    .addOption(new Option('--company <company>', "grade as this company's interviewers do: their dimension weights and emphasis criteria").choices(COMPANIES))
    .option('--reference', 'after the report, what a strong answer sounds like: the 90-second reference, sentence by sentence')
    .action(async (opts: { question: string; answerFile?: string; json?: boolean; model?: boolean; company?: Company; reference?: boolean }) => {
      const id = questionIdFlag(opts.question);
      const answer = await readAnswer(opts.answerFile);
      const { prepared, problems } = await loadQuestion(id, { company: opts.company });
      if (prepared === undefined) {
        const first = problems[0];
        throw new UsageError(`question ${id} cannot be graded: ${first === undefined ? 'it failed to load' : problemLine(first)}`);
      }
      let grade = gradeAnswer(prepared, answer);
      if (opts.model === true) {
        // Loading and checking take seconds to minutes on a CPU: say so on stderr, never in the report.
        const wait = waitLine('loading the model…');
        try {
          const { grader, dispose } = await modelGrader((share) => wait.say(`loading the model… ${Math.round(share * 100)}%`));
          try {
            wait.say(`the model is checking ${grade.criteria.length} criteria…`);
            const started = Date.now();
            grade = await grader.review(prepared, answer, grade);
            wait.stop(`${reviewSummary(grade)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
          } finally {
            await dispose();
          }
        } finally {
          wait.stop();
        }
      }
      if (opts.json === true) process.stdout.write(`${terminalJson(JSON.stringify(grade, null, 2))}\n`);
      else process.stdout.write(`${formatGrade(grade, prepared.question.title, paintFor(process.stdout, process.env))}\n`);
      if (opts.reference === true && opts.json !== true) {
        const ref = await loadReference(id);
        const { referenceLines } = await import('../ui/reports/bank-report.js');
        process.stdout.write(`\n${printable((ref === undefined ? ['What a strong answer sounds like', '  (no reference answer for this question yet)'] : referenceLines(prepared, ref, ['short'])).join('\n'))}\n`);
      }
    });
}

export function regradeCommand(program: Command, context: CliContext): void {
  program
    .command('regrade')
    .description('grade a saved session again with the current grader (the model when one is configured)')
    .argument('<id>', 'session id, from coach history')
    .option('--rubric', 'use the rubric grader even when a model is configured')
    .action(async (id: string, opts: { rubric?: boolean }) => {
      const sessions = await context.store();
      const session = await loadSession(sessions, id);
      if (session.mode === 'coding') throw new UsageError(`session ${id} is a coding round; its code is graded by its tests, which do not change`);
      if (session.mode !== 'round') throw new UsageError(`session ${id} is a drill; drills are graded by list and need no regrading`);
      let grader: Grader = rubricGrader;
      let dispose = async (): Promise<void> => undefined;
      if (opts.rubric !== true && (await configuredModel()) !== undefined) {
        try {
          ({ grader, dispose } = await modelGrader());
        } catch (error) {
          process.stderr.write(`coach: model not used (${printableLine(error instanceof Error ? error.message : String(error))}); regrading with the rubric grader\n`);
        }
      }
      try {
        const rows: { label: string; before: number; after: number; grader: string }[] = [];
        const lines: string[] = [];
        // Every answer at once: with a model, each grade has its own sequence and they decode in one batch.
        const graded = await Promise.all(
          session.questions.map(async (q) => {
            // In the session's company mode, as the round graded it.
            const { prepared } = await loadQuestion(q.questionId, { company: session.settings.company });
            if (prepared === undefined) return { q, prepared, grades: [] };
            return { q, prepared, grades: await Promise.all(q.answers.map((a) => grader.grade(prepared, a.text))) };
          }),
        );
        const questions = [];
        for (const { q, prepared, grades } of graded) {
          if (prepared === undefined) {
            rows.push({ label: `${q.questionId}: not in the bank any more; kept as it was`, before: -1, after: -1, grader: '' });
            questions.push(q);
            continue;
          }
          const answers = q.answers.map((a, i) => {
            const grade = grades[i] ?? a.grade;
            const what = a.kind === 'initial' ? 'answer' : a.kind === 'wrap-up' ? 'wrap-up' : `follow-up (${a.dimension ?? 'any'})`;
            rows.push({ label: `${q.questionId} ${what}`, before: a.grade.overall, after: grade.overall, grader: grade.grader });
            return { ...a, grade };
          });
          questions.push({ ...q, answers });
        }
        try {
          await sessions.save({ ...session, questions, grader: questions.some((q) => q.answers.some((a) => a.grade.grader === 'rubric+model')) ? 'rubric+model' : 'rubric', updatedAt: new Date().toISOString() });
        } catch (error) {
          // A full or read-only disk: the old file stands; say so in one line.
          if (error instanceof SessionSaveError) throw new Failure(error.message);
          throw error;
        }
        // One column per field, whatever the length of the longest label.
        const width = Math.max(0, ...rows.filter((r) => r.before >= 0).map((r) => r.label.length));
        for (const r of rows) lines.push(r.before < 0 ? r.label : `${r.label.padEnd(width)}  ${String(r.before).padStart(3)} -> ${String(r.after).padStart(3)}  (${r.grader})`);
        process.stdout.write(`${lines.join('\n')}\nSaved ${session.id}.\n`);
      } finally {
        await dispose();
      }
    });
}
