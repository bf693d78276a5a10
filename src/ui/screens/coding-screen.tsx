import React, { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { CodingStart } from '../../core/practice/coding-controller.js';
import { remainingMs } from '../../core/practice/timer.js';
import { printableLine } from '../../core/printable.js';
import { counted } from '../../core/counted.js';
import { scheduleCoding, type ScheduledProblem } from '../../core/progress/schedule.js';
import { planCodingStart } from '../../core/coding/plan.js';
import { LANGUAGE_NAMES, type CodingLanguage } from '../../schemas/coding.js';
import type { QuestionBank } from '../../ports.js';
import { editorActionFor, isCommand, KEY_LABELS } from '../keys.js';
import { fitRows, seg, SPACER, spreadRich, wrapAll, type FlexRow, type RichLine } from '../rich.js';
import type { Block } from '../reports/grade-lines.js';
import { followUpBlocks, runBlocks, runHeadline } from '../reports/coding-lines.js';
import { clockSegments } from '../components/clock.js';
import { EditorView } from '../components/editor-view.js';
import { clampOffset, RichView, ScrollView, scrollFor } from '../components/rich-view.js';
import { useCoding } from '../hooks/use-coding.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLeaveKeys } from '../hooks/use-leave-keys.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { Services } from '../services.js';

/** Choosing the problem and the language: what is due first, then what is new. */
export function CodingMenu({
  services,
  bank,
  initial,
  onStart,
  onBack,
}: {
  readonly services: Pick<Services, 'store' | 'clock' | 'coding' | 'random'>;
  readonly bank: QuestionBank | undefined;
  readonly initial?: { readonly problemId?: string | undefined; readonly language?: CodingLanguage | undefined } | undefined;
  readonly onStart: (start: Extract<CodingStart, { kind: 'new' }>) => void;
  readonly onBack: () => void;
}): React.JSX.Element {
  const { columns, rows } = useTerminalSize();
  const [cards, setCards] = useState<ReadonlyMap<string, ScheduledProblem> | undefined>(undefined);
  const [python, setPython] = useState<boolean | undefined>(undefined);
  const [language, setLanguage] = useState<CodingLanguage>(initial?.language ?? 'node');
  const problems = bank?.coding() ?? [];
  const [selected, setSelected] = useState(() => Math.max(0, problems.findIndex((p) => p.problem.id === initial?.problemId)));
  const [note, setNote] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void services.store.digests().then(
      ({ sessions }) => {
        if (!live) return;
        const scheduled = scheduleCoding(sessions);
        setCards(scheduled);
        // Unless a problem was asked for, the cursor starts on what is due, else on one never tried.
        if (initial?.problemId === undefined && bank !== undefined) {
          const planned = planCodingStart(bank, services.random, { python: true, cards: scheduled, now: services.clock.now() });
          if (planned.ok) setSelected(Math.max(0, problems.findIndex((p) => p.problem.id === planned.start.problemId)));
        }
      },
      () => live && setCards(new Map()),
    );
    void services.coding.pythonAvailable().then((ok) => live && setPython(ok));
    return () => {
      live = false;
    };
  }, [services.store]);

  useKeys((key) => {
    if (isCommand('back', key) || isCommand('exit', key)) return onBack();
    if (isCommand('up', key)) return setSelected((s) => (s + problems.length - 1) % Math.max(1, problems.length));
    if (isCommand('down', key)) return setSelected((s) => (s + 1) % Math.max(1, problems.length));
    if (isCommand('switchLanguage', key)) {
      if (language === 'node' && python === false) return setNote(`${LANGUAGE_NAMES.python} needs python3, which is not on this machine: JavaScript only.`);
      setNote(undefined);
      return setLanguage((l) => (l === 'node' ? 'python' : 'node'));
    }
    if (isCommand('next', key)) {
      const p = problems[selected];
      if (p !== undefined) onStart({ kind: 'new', problemId: p.problem.id, language });
    }
  });

  const now = services.clock.now();
  const status = (id: string): string => {
    if (cards === undefined) return '';
    const card = cards.get(id);
    if (card === undefined) return 'new';
    const days = Math.ceil((card.due.getTime() - now) / 86_400_000);
    return `last ${Math.round(card.lastOverall)} · ${days <= 0 ? 'due' : `due in ${counted(days, 'day')}`}`;
  };
  const layout: FlexRow[] = [
    { line: [seg('Coding round', 'heading'), seg(' · build the serving component you would describe: hidden tests, a scale test against a reference, then questions about your code', 'dim')], wrap: true },
    SPACER,
    ...(bank === undefined ? [{ line: [seg('Loading the question bank…', 'dim')] }] : []),
    ...problems.map((p, i): FlexRow => ({
      line: [seg(i === selected ? '❯ ' : '  ', 'accent'), seg(p.problem.title.padEnd(46), i === selected ? 'bold' : 'plain'), seg(`${p.problem.minutes} min  ${status(p.problem.id)}`, 'dim')],
    })),
    SPACER,
    {
      line: [
        seg('Language: '),
        seg(LANGUAGE_NAMES[language], 'bold'),
        seg(python === false ? `  (${LANGUAGE_NAMES.python} needs python3, which is not on this machine)` : `  ${KEY_LABELS.switchLanguage} switches`, 'dim'),
      ],
      wrap: true,
    },
    {
      line: [seg(services.coding.editorCommand() === undefined ? 'Editor: the built-in one ($VISUAL and $EDITOR are not set)' : `Editor: ${services.coding.editorCommand() ?? ''} (from $VISUAL/$EDITOR), or the built-in one`, 'dim')],
      wrap: true,
    },
    ...(note === undefined ? [] : [{ line: [seg(note, 'warn')], wrap: true }]),
    SPACER,
    { line: [seg(`${KEY_LABELS.up}${KEY_LABELS.down} choose · ${KEY_LABELS.next} start the clock · ${KEY_LABELS.back} back`, 'dim')] },
  ];
  return (
    <Box flexDirection="column" paddingX={1}>
      <RichView lines={fitRows(layout, columns - 2, rows)} />
    </Box>
  );
}

/** The prompt's paragraphs reflowed to the screen; the class's methods as written, indented. */
function promptBlocks(prompt: string, api: string): Block[] {
  const paragraphs = prompt.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim());
  return [
    ...paragraphs.flatMap((p, i): Block[] => [...(i > 0 ? [[]] : []), { line: [seg(p)], indent: 0 }]),
    [],
    [seg('The class to write', 'heading')],
    ...api.split('\n').map((l) => ({ line: [seg(`  ${l}`, l.startsWith(' ') ? 'dim' : 'plain')], indent: Math.min(10, l.length - l.trimStart().length + 6) })),
  ];
}

export function CodingScreen({ services, start, onLeave }: { readonly services: Services; readonly start: CodingStart; readonly onLeave: () => void }): React.JSX.Element {
  const { state, controller } = useCoding(services, start);
  const { columns, rows } = useTerminalSize();
  const leaving = useLeaveKeys(() => controller.leave(), onLeave, (on) => controller.hold(on));
  const [offset, setOffset] = useState(0);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const stopWatching = useRef<(() => void) | undefined>(undefined);
  const width = Math.max(20, columns - 2);
  const problem = state.entry.problem;
  const phase = state.phase;
  const editorCommand = services.coding.editorCommand();

  // The solution goes to a file the user's editor opens; a save there, in any editor, runs the visible tests.
  useEffect(() => {
    let live = true;
    const write = async (): Promise<void> => {
      const existing = state.file === undefined ? undefined : await services.coding.readSolution(state.file);
      const file = existing !== undefined && state.file !== undefined ? state.file : await services.coding.writeSolution(state.sessionId, state.language, state.code);
      if (!live) return;
      if (file !== state.file) controller.setFile(file);
      // A resumed round's file may hold more than the session did (saved while coach was closed).
      if (existing !== undefined && existing !== state.code) controller.codeSaved(existing);
      stopWatching.current = services.coding.watch(file, (code) => controller.codeSaved(code));
    };
    write().catch((e: unknown) => live && setNotice(`Could not write the solution file (${e instanceof Error ? e.message : String(e)}); use the built-in editor (${KEY_LABELS.builtInEditor}).`));
    return () => {
      live = false;
      stopWatching.current?.();
      stopWatching.current = undefined;
    };
  }, []);

  const openOwnEditor = (): void => {
    // The newest state, not this render's: the key may come before the frame that shows the file.
    const file = controller.getState().file;
    if (file === undefined) {
      setNotice('The solution file is still being written; press e again in a moment.');
      return;
    }
    stopWatching.current?.();
    const problemLine = services.coding.edit(file);
    setNotice(problemLine);
    void services.coding.readSolution(file).then((code) => {
      if (code !== undefined) controller.codeSaved(code);
      stopWatching.current = services.coding.watch(file, (c) => controller.codeSaved(c));
    });
  };

  const builtIn = state.editor !== undefined;
  const lastRun = state.runs.at(-1);
  const body: Block[] = [];
  if (phase.kind === 'coding' && !builtIn) {
    // What the last run found comes first: a failing test is what the user looks for after a save.
    if (lastRun !== undefined) {
      const details = runBlocks(lastRun);
      body.push(...(details.length > 0 ? details : [[seg('  every visible test passes; submit (s) to run the hidden ones and the scale test', 'good')]]), []);
    }
    body.push(...promptBlocks(problem.prompt, problem.api));
  } else if (phase.kind === 'submitting') {
    body.push([seg('Running the hidden tests and the scale test…', 'bold')], [seg(`the scale test times your code against a reference solution on ${problem.scale.calls[state.language].toLocaleString('en-US')} calls`, 'dim')]);
  } else if (phase.kind === 'follow-up' || phase.kind === 'reviewing' || phase.kind === 'finished') {
    const sub = state.submission;
    if (sub !== undefined) {
      body.push([seg('Submitted', 'heading'), seg(sub.autoSubmitted ? ' (the clock ran out)' : '', 'warn'), seg(`  code ${sub.score}/100 · `), ...runHeadline(sub.run)], ...runBlocks(sub.run), []);
    }
    if (phase.kind === 'reviewing') {
      const followUp = problem.followUps[phase.index];
      const rec = state.followUps[phase.index];
      body.push([seg(`Question ${phase.index + 1} of ${problem.followUps.length}: `, 'dim'), seg(followUp?.prompt ?? '', 'bold')], []);
      if (rec !== undefined) body.push(...followUpBlocks(rec, followUp));
    }
    if (phase.kind === 'finished') {
      body.push([seg('Overall ', 'heading'), seg(`${state.overall ?? 0}/100`, 'bold'), seg(`  the code ${state.submission?.score ?? 0} (70%), the follow-ups ${Math.round((state.followUps.reduce((s, f) => s + f.score, 0) / Math.max(1, state.followUps.length)) * 100)} (30%)`, 'dim')]);
      for (const f of state.followUps) body.push({ line: [seg(f.correct ? '  ✓ ' : '  ✗ ', f.correct ? 'good' : 'bad'), seg(f.prompt)], indent: 4 });
      body.push([], [seg('The reference solution', 'heading')]);
      for (const line of state.entry.reference[state.language].split('\n')) body.push({ line: [seg(`  ${line}`, 'dim')], indent: 2 });
    }
  }
  const answering = phase.kind === 'follow-up';
  const editorHeight = builtIn ? Math.max(5, rows - 8) : answering ? Math.min(8, Math.max(3, rows - 14)) : 0;
  const question = answering ? problem.followUps[phase.index] : undefined;
  const questionLines: RichLine[] = question === undefined ? [] : wrapAll([{ line: [seg(`Interviewer (${phase.kind === 'follow-up' ? phase.index + 1 : 0} of ${problem.followUps.length}): `, 'accent'), seg(question.prompt, 'bold')], indent: 2 }], width);
  const lines = wrapAll(body, width);
  // While coding, two rows stay put above the footer: where the file is, and what the last run said.
  const status: RichLine[] =
    phase.kind === 'coding' && !builtIn
      ? [
          [seg('Your code: ', 'dim'), seg(state.file ?? 'writing the file…')],
          state.running
            ? [seg('Running the visible tests…', 'dim')]
            : lastRun === undefined
              ? [seg(`No run yet: save the file (or press ${KEY_LABELS.runTests}) to run the visible tests`, 'dim')]
              : [seg(`Visible tests (run ${state.runs.length}, ${new Date(lastRun.at).toLocaleTimeString('en-GB')}): `, 'dim'), ...runHeadline(lastRun), ...(lastRun.problem === undefined ? [] : [seg(' · ', 'dim'), seg(lastRun.problem, 'bad')])],
        ]
      : [];
  const bodyHeight = Math.max(3, rows - 5 - status.length - (builtIn ? editorHeight + 1 : 0) - (answering ? editorHeight + questionLines.length + 1 : 0));
  // New results scroll into view: the newest run's lines are at the bottom.
  const shown = clampOffset(offset, lines.length, bodyHeight);

  useKeys((key) => {
    // In the built-in editor Esc closes the editor; Ctrl+C still asks to leave.
    if (phase.kind === 'coding' && builtIn && !leaving.confirming && isCommand('closeEditor', key)) return controller.closeEditor();
    if (leaving.handle(key, { finished: phase.kind === 'finished', lines: lines.length, height: bodyHeight, setOffset })) return;
    if (phase.kind === 'coding' && builtIn) {
      if (isCommand('saveCode', key)) return controller.saveEditor();
      const action = editorActionFor(key, width - 2);
      if (action !== undefined) controller.edit(action);
      return;
    }
    if (phase.kind === 'coding') {
      if (isCommand('openEditor', key)) {
        if (editorCommand === undefined) controller.openEditor();
        else openOwnEditor();
        return;
      }
      if (isCommand('builtInEditor', key)) return controller.openEditor();
      if (isCommand('runTests', key)) return controller.runVisible();
      if (isCommand('submitCode', key)) {
        setOffset(0);
        return controller.submitCode();
      }
      setOffset((o) => scrollFor(key, o, lines.length, bodyHeight) ?? o);
      return;
    }
    if (phase.kind === 'follow-up') {
      if (isCommand('submit', key)) {
        if (controller.submitAnswer() === 'submitted') setOffset(Number.MAX_SAFE_INTEGER);
        return;
      }
      if (isCommand('promptUp', key) || isCommand('promptDown', key)) {
        setOffset((o) => scrollFor(key, o, lines.length, bodyHeight) ?? o);
        return;
      }
      const action = editorActionFor(key, width - 2);
      if (action !== undefined) controller.edit(action);
      return;
    }
    if (phase.kind === 'reviewing') {
      if (isCommand('next', key)) {
        setOffset(0);
        controller.next();
      } else setOffset((o) => scrollFor(key, o, lines.length, bodyHeight) ?? o);
    }
  });

  const left = remainingMs(state.clock, state.now);
  const header = spreadRich([seg('Coding round', 'bold'), seg(` · ${problem.title} · ${LANGUAGE_NAMES[state.language]}`, 'dim')], phase.kind === 'coding' ? clockSegments('', left, leaving.confirming) : [seg(phase.kind === 'finished' ? 'done' : 'follow-ups', 'dim')], width);
  const footer = leaving.confirming ? (
    <Text wrap="truncate-end">
      <Text bold>Leave this round?</Text> {state.saveError === undefined ? 'Your code is saved; resume it from home.' : 'Unsaved work is lost.'} <Text bold>y</Text> leave · <Text bold>n</Text> keep going
    </Text>
  ) : phase.kind === 'coding' && builtIn ? (
    <Text dimColor wrap="truncate-end">
      <Text bold>{KEY_LABELS.saveCode}</Text> save and run the visible tests · <Text bold>{KEY_LABELS.closeEditor}</Text> close the editor · Tab indents · Ctrl+C leave
    </Text>
  ) : phase.kind === 'coding' ? (
    <Text dimColor wrap="truncate-end">
      <Text bold>{KEY_LABELS.openEditor}</Text> edit{editorCommand === undefined ? '' : ` in ${editorCommand}`} · {editorCommand === undefined ? null : <><Text bold>{KEY_LABELS.builtInEditor}</Text> built-in editor · </>}<Text bold>{KEY_LABELS.runTests}</Text> run tests · <Text bold>{KEY_LABELS.submitCode}</Text> submit · ↑↓ scroll · {KEY_LABELS.leave} leave
    </Text>
  ) : phase.kind === 'follow-up' ? (
    <Text dimColor wrap="truncate-end">
      <Text bold>{KEY_LABELS.submit}</Text> submit the answer · {KEY_LABELS.promptUp}/{KEY_LABELS.promptDown} scroll the results · {KEY_LABELS.leave} leave
    </Text>
  ) : phase.kind === 'reviewing' ? (
    <Text dimColor wrap="truncate-end">
      <Text bold>{KEY_LABELS.next}</Text> {phase.index + 1 < problem.followUps.length ? 'next question' : 'see the summary'} · ↑↓ scroll · {KEY_LABELS.leave} leave
    </Text>
  ) : phase.kind === 'finished' ? (
    <Text dimColor wrap="truncate-end">
      <Text bold>Enter</Text> back to home · ↑↓ scroll
    </Text>
  ) : (
    <Text dimColor wrap="truncate-end">Running…</Text>
  );
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <RichView lines={[header]} />
      <Text dimColor>{'─'.repeat(width)}</Text>
      {builtIn && state.editor !== undefined ? (
        <>
          <EditorView editor={state.editor} width={width} height={editorHeight} />
          <Text dimColor>{'─'.repeat(width)}</Text>
          <RichView lines={[lastRun === undefined ? [seg(state.running ? 'Running the visible tests…' : 'No run yet', 'dim')] : [seg(state.running ? 'Running… last: ' : 'Visible tests: ', 'dim'), ...runHeadline(lastRun)]]} />
        </>
      ) : (
        <ScrollView lines={lines} offset={shown} height={bodyHeight} />
      )}
      {status.length > 0 ? <RichView lines={status} /> : null}
      {answering ? (
        <>
          <Box flexGrow={1} />
          <Text dimColor>{'─'.repeat(width)}</Text>
          <RichView lines={questionLines} />
          <Box>
            <Text color="cyan">{'> '}</Text>
            <EditorView editor={state.answer} width={width - 2} height={editorHeight} placeholder=" your answer, as you would say it to the interviewer" />
          </Box>
        </>
      ) : (
        <Box flexGrow={1} />
      )}
      {state.saveError !== undefined ? (
        <Text color="red" wrap="truncate-end">
          {printableLine(state.saveError)}
        </Text>
      ) : notice !== undefined ? (
        <Text color="yellow" wrap="truncate-end">
          {printableLine(notice)}
        </Text>
      ) : (
        <Text dimColor>{'─'.repeat(width)}</Text>
      )}
      {footer}
    </Box>
  );
}

