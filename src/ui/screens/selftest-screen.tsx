import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { gradeYardstick, MODEL_GRADES_AT_ONCE, yardstickReport, type YardstickReport } from '../../core/progress/selftest.js';
import { isCommand } from '../keys.js';
import { seg, wrapAll, type RichLine } from '../rich.js';
import { formatSelftest, YARDSTICK_TITLES } from '../reports/selftest-report.js';
import { clampOffset, ScrollView, scrollFor } from '../components/rich-view.js';
import { useKeys } from '../hooks/use-keys.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { Services } from '../services.js';

type Run = { readonly kind: 'running'; readonly set: string; readonly done: number; readonly total: number } | { readonly kind: 'done'; readonly lines: readonly string[] } | { readonly kind: 'failed'; readonly message: string };

/**
 * The grader check from settings: grades the labelled answers (golden set, both halves of the
 * blind set) with the grader a round would use now (the model's once it is ready) and shows how
 * far it agrees with the people who labelled them.
 */
export function SelftestScreen({ services, onBack }: { readonly services: Pick<Services, 'bank' | 'grader' | 'yardsticks'>; readonly onBack: () => void }): React.JSX.Element {
  const { columns, rows } = useTerminalSize();
  const [run, setRun] = useState<Run>({ kind: 'running', set: 'golden set', done: 0, total: 0 });
  const [offset, setOffset] = useState(0);
  const width = Math.max(20, columns - 2);

  useEffect(() => {
    let live = true;
    const grader = services.grader;
    void (async () => {
      const { sets, problems } = await services.yardsticks();
      if (sets.every((set) => set.answers.length === 0)) throw new Error(problems[0]?.message ?? 'questions/golden/ and questions/blind/ hold no answers');
      const reports: YardstickReport[] = [];
      const missing = new Set<string>();
      for (const set of sets) {
        const graded = await gradeYardstick(
          set.answers,
          async (id) => services.bank.question(id),
          (p, text) => grader.grade(p, text),
          1,
          (done, total) => live && setRun({ kind: 'running', set: YARDSTICK_TITLES[set.name], done, total }),
          grader.kind === 'rubric' ? 1 : MODEL_GRADES_AT_ONCE,
        );
        for (const id of graded.missing) missing.add(id);
        reports.push(yardstickReport(set.name, graded.cases));
      }
      const lines = formatSelftest(reports, grader.kind, 1, true);
      const skipped = [...problems.map((p) => `Skipped ${p.file}: ${p.message}`), ...[...missing].map((id) => `Skipped the answers to ${id}: the question does not load.`)];
      if (live) setRun({ kind: 'done', lines: [...lines, ...(skipped.length > 0 ? ['', ...skipped] : []), '', 'coach selftest --repeat 5 --model measures how much a model grader varies.'] });
    })().catch((e: unknown) => live && setRun({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
    // Once per visit: the App hands down a new services object on every render.
  }, []);

  const lines: RichLine[] =
    run.kind === 'done'
      ? wrapAll(run.lines.map((l, i) => [seg(l, i === 0 ? 'heading' : /^\S/.test(l) ? 'bold' : 'plain')]), width)
      : wrapAll([[seg(run.kind === 'failed' ? `The self-test could not run: ${run.message}` : `Grading the ${run.kind === 'running' ? run.set : ''} with the ${services.grader.kind === 'rubric' ? 'rubric grader' : 'rubric + model grader'}… ${run.kind === 'running' ? run.done : 0} of ${(run.kind === 'running' && run.total) || '?'}`, run.kind === 'failed' ? 'bad' : 'dim')]], width);
  const height = Math.max(3, rows - 4);

  useKeys((key) => {
    if (isCommand('back', key) || isCommand('next', key) || isCommand('exit', key)) onBack();
    else setOffset((o) => scrollFor(key, o, lines.length, height) ?? o);
  });

  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Text bold>Grader self-test</Text>
      <Text dimColor>{'─'.repeat(width)}</Text>
      <Box height={height} flexDirection="column">
        <ScrollView lines={lines} offset={offset} height={height} />
      </Box>
      <Text dimColor>
        Esc back to settings
      </Text>
    </Box>
  );
}
