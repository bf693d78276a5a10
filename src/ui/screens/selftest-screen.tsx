import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { gradeGolden, selfTest } from '../../core/selftest.js';
import { isCommand } from '../keys.js';
import { seg, wrapAll, type RichLine } from '../rich.js';
import { formatSelftest } from '../selftest-report.js';
import { clampOffset, ScrollView, scrollFor } from '../components/rich-view.js';
import { useKeys } from '../hooks/use-keys.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { Services } from '../services.js';

type Run = { readonly kind: 'running'; readonly done: number; readonly total: number } | { readonly kind: 'done'; readonly lines: readonly string[] } | { readonly kind: 'failed'; readonly message: string };

/**
 * The grader check from settings: grades the golden set with the grader a round would use now
 * (the model's once it is ready) and shows how far it agrees with the expected bands.
 */
export function SelftestScreen({ services, onBack }: { readonly services: Pick<Services, 'bank' | 'grader' | 'golden'>; readonly onBack: () => void }): React.JSX.Element {
  const { columns, rows } = useTerminalSize();
  const [run, setRun] = useState<Run>({ kind: 'running', done: 0, total: 0 });
  const [offset, setOffset] = useState(0);
  const width = Math.max(20, columns - 2);

  useEffect(() => {
    let live = true;
    const grader = services.grader;
    void (async () => {
      const { files, problems } = await services.golden();
      if (files.length === 0) throw new Error(problems[0]?.message ?? 'questions/golden/ holds no answers');
      const { cases, missing } = await gradeGolden(
        files,
        async (id) => services.bank.question(id),
        (p, text) => grader.grade(p, text),
        1,
        (done, total) => live && setRun({ kind: 'running', done, total }),
      );
      const lines = formatSelftest(selfTest(cases), grader.kind, files.length - missing.length, 1, true);
      const skipped = [...problems.map((p) => `Skipped ${p.file}: ${p.message}`), ...missing.map((id) => `Skipped the golden answers to ${id}: the question does not load.`)];
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
      : wrapAll([[seg(run.kind === 'failed' ? `The self-test could not run: ${run.message}` : `Grading the golden set with the ${services.grader.kind === 'rubric' ? 'rubric grader' : 'rubric + model grader'}… ${run.done} of ${run.total || '?'}`, run.kind === 'failed' ? 'bad' : 'dim')]], width);
  const height = Math.max(3, rows - 4);

  useKeys((key) => {
    if (isCommand('back', key) || isCommand('next', key) || (key.ctrl && key.name === 'c')) onBack();
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
        {lines.length > height ? `↑↓ PgUp/PgDn scroll (${Math.min(lines.length, clampOffset(offset, lines.length, height) + height)}/${lines.length}) · ` : ''}Esc back to settings
      </Text>
    </Box>
  );
}
