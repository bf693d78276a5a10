import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { accuracy, type DrillPrompt, type DrillResult, type DrillState } from '../../core/practice/drill.js';
import { editorText } from '../../core/practice/editor.js';
import { DRILL_NAMES, PREP_KINDS, type DrillVariant } from '../../schemas/constants.js';
import { counted } from '../../core/counted.js';
import { countWords } from '../../core/grading/text.js';
import { remainingMs } from '../../core/practice/timer.js';
import { printableLine } from '../../core/printable.js';
import { editorActionFor, isCommand, KEY_LABELS } from '../keys.js';
import { lineWidth, seg, spreadRich, truncateRich, wrapAll, type RichLine } from '../rich.js';
import type { Block } from '../reports/grade-lines.js';
import { clockSegments } from '../components/clock.js';
import { EditorView } from '../components/editor-view.js';
import { clampOffset, RichView, ScrollView, scrollFor } from '../components/rich-view.js';
import { useDrill, type DrillControls, type DrillStart } from '../hooks/use-drill.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLeaveKeys } from '../hooks/use-leave-keys.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { Services } from '../services.js';

const PLACEHOLDERS: Readonly<Record<DrillVariant, string>> = {
  'rapid-fire': ' name the items, separated by commas',
  'spot-the-flaw': ' what is wrong with this answer, and why',
  focus: ' just this part of the answer, with numbers',
  numbers: ' the figure with its unit, and how you got it',
  scripts: ' measure, then classify, then the remedy: 150 words at most',
  'first-questions': ' your first three questions, each ending in ?',
  triage: ' your next move, and why that branch',
  story: ' what broke and why, what it cost, what changed after',
};

/** One line: what the answer was judged on, and the verdict. */
function verdict(g: DrillResult['grade'], variant: DrillVariant): string {
  if (variant === 'spot-the-flaw') return `Named ${g.named.length} of the ${counted(g.atLeast, 'flaw')} planted`;
  if (g.figure !== undefined && g.atLeast === 0) return g.figure.within ? `Right: ${g.figure.said ?? ''} (it is ${g.figure.expected})` : `Not right: it is ${g.figure.expected}`;
  const named = g.named.filter((n) => n.id !== 'figure').length;
  const problems = (g.problems ?? []).length;
  // Enough named but a problem (order, a trap, the limit) still makes it wrong: say so first.
  return problems > 0 ? `Not right: ${counted(problems, 'problem')} · named ${named} (${g.atLeast} needed)` : `Named ${named} (${g.atLeast} needed)`;
}

function resultBlocks(result: DrillResult, item: DrillPrompt | undefined, variant: DrillVariant): Block[] {
  const g = result.grade;
  const flaws = variant === 'spot-the-flaw';
  const prep = (PREP_KINDS as readonly string[]).includes(variant);
  const out: Block[] = [
    { line: [seg(item?.title ?? item?.prompt ?? '', 'dim')], indent: 0 },
    { line: [seg('You: '), seg(result.answer === '' ? '(nothing)' : result.answer, 'bold')], indent: 5 },
    [],
    [seg(g.correct ? '✓ ' : '✗ ', g.correct ? 'good' : 'bad'), seg(verdict(g, variant), 'bold'), seg(result.autoSubmitted ? '  (time ran out)' : '', 'warn')],
  ];
  // Why it is not right comes first: a figure off with its arithmetic, a stage out of order, a trap.
  for (const problem of g.problems ?? []) out.push({ line: [seg('  ✗ ', 'bad'), seg(problem)], indent: 4 });
  for (const note of g.notes ?? []) out.push({ line: [seg('  · ', 'dim'), seg(note, 'dim')], indent: 4 });
  if (g.figure?.within === true) out.push({ line: [seg('  Working: ', 'dim'), seg(g.figure.working, 'dim')], indent: 4 });
  for (const n of g.named) {
    if (n.id === 'figure') continue;
    out.push({ line: [seg(n.byModel === true ? '  ◆ ' : '  ✓ ', 'good'), seg(n.label), seg(n.evidence[0] === undefined ? '' : `  “${n.evidence[0].text}”`, 'mark')], indent: 4 });
  }
  if (g.missed.length > 0) {
    out.push([seg(flaws ? 'Not named' : g.correct ? 'Also worth naming' : 'Missed', 'heading')]);
    for (const m of g.missed) out.push({ line: [seg(flaws ? '  ✗ ' : '  · ', flaws ? 'bad' : 'dim'), seg(m.label)], indent: 4 });
  }
  const explain = item?.explain?.split('\n').filter((l) => l.trim() !== '') ?? [];
  if (explain.length > 0) {
    out.push([], [seg(flaws ? 'How an interviewer would put it' : variant === 'focus' ? 'What a strong answer says here' : prep ? 'What a strong answer says' : 'Why', 'heading')]);
    for (const line of explain) {
      // Spot-the-flaw and focused items explain each expected item as "what: why"; the what is bold.
      const cut = variant === 'spot-the-flaw' || variant === 'focus' ? line.indexOf(': ') : -1;
      out.push(cut < 0 ? { line: [seg('  '), seg(line)], indent: 2 } : { line: [seg('  · '), seg(line.slice(0, cut), 'bold'), seg(line.slice(cut))], indent: 4 });
    }
  }
  return out;
}

function summaryBlocks(state: DrillState, recheck: DrillControls['recheck']): Block[] {
  const right = state.results.filter((r) => r.grade.correct).length;
  const out: Block[] = [
    [seg('Drill complete', 'heading')],
    [],
    [seg('Accuracy ', 'bold'), seg(`${Math.round(accuracy(state) * 100)}%`, accuracy(state) >= 0.7 ? 'good' : accuracy(state) < 0.4 ? 'bad' : 'warn'), seg(`  (${right} of ${state.results.length})  best streak ${state.bestStreak}`, 'dim')],
    ...(recheck === 'running' ? [[seg('The model is checking your answers for items named in other words…', 'dim')]] : []),
    ...(typeof recheck === 'object' ? [[seg(recheck.credited === 0 ? 'The model found nothing more to credit.' : `The model credited ${recheck.credited} more ${recheck.credited === 1 ? 'item' : 'items'} (marked ◆), each quoting your words.`, 'dim')]] : []),
    [],
  ];
  const prompts = new Map(state.items.map((i) => [i.id, i.title ?? i.prompt]));
  for (const r of state.results) {
    out.push({ line: [seg(r.grade.correct ? '  ✓ ' : '  ✗ ', r.grade.correct ? 'good' : 'bad'), seg(prompts.get(r.itemId) ?? r.itemId)], indent: 4 });
    const problem = r.grade.problems?.[0];
    if (!r.grade.correct && problem !== undefined) out.push({ line: [seg(`      ${problem}`, 'dim')], indent: 6 });
    else if (!r.grade.correct && r.grade.missed.length > 0) out.push({ line: [seg(`      missed: ${r.grade.missed.map((m) => m.label).join('; ')}`, 'dim')], indent: 6 });
  }
  return out;
}

/** The header row: the counters and the clock stay whole; the title gives way first, then "prompt 3 of 10" becomes "3/10". */
function headerLine(title: string, at: number, of: number, counters: RichLine, width: number): RichLine {
  const room = width - lineWidth(counters) - 2;
  const long: RichLine = [seg(title, 'bold'), seg(` · prompt ${at} of ${of}`, 'dim')];
  if (lineWidth(long) <= room) return spreadRich(long, counters, width);
  const position = seg(` · ${at}/${of}`, 'dim');
  return spreadRich([...truncateRich([seg(title, 'bold')], room - lineWidth([position])), position], counters, width);
}

export function DrillScreen({ services, start, onLeave }: { readonly services: Services; readonly start: DrillStart; readonly onLeave: () => void }): React.JSX.Element {
  useEffect(() => services.engine.warmUp(), [services.engine]);
  const drill = useDrill(services, start);
  const { columns, rows } = useTerminalSize();
  const leaving = useLeaveKeys(drill.leave, onLeave, drill.hold);
  const confirming = leaving.confirming;
  const [offset, setOffset] = useState(0);
  const state = drill.drill;
  const phase = state.phase;
  const item = state.items[state.index];
  const width = Math.max(20, columns - 2);
  const variant = drill.variant;
  const body: RichLine[] = phase.kind === 'reviewing' ? wrapAll(resultBlocks(phase.result, item, variant), width) : phase.kind === 'finished' ? wrapAll(summaryBlocks(state, drill.recheck), width) : [];
  // A spot-the-flaw answer can be longer than the screen: it scrolls with PgUp/PgDn above the editor.
  const promptLines = phase.kind === 'answering' && item !== undefined ? wrapAll(item.prompt.split('\n').map((l) => ({ line: [seg(l, variant === 'rapid-fire' ? 'bold' : 'plain')], indent: 0 })), width) : [];
  const long = variant === 'scripts' || variant === 'story' || variant === 'spot-the-flaw' || variant === 'focus';
  // A 150-word script or a story should fit whole: the editor takes what the prompt leaves.
  const roomy = variant === 'scripts' || variant === 'story';
  const editorHeight = variant === 'rapid-fire' || variant === 'numbers' ? 4 : roomy ? Math.max(7, rows - 8 - Math.min(promptLines.length, 8)) : long ? 7 : 5;
  const promptHeight = Math.max(3, Math.min(promptLines.length, rows - 6 - editorHeight));
  const promptScrolls = promptLines.length > promptHeight;
  const [promptOffset, setPromptOffset] = useState(0);
  const promptStart = clampOffset(promptOffset, promptLines.length, promptHeight);
  const bodyHeight = Math.max(3, rows - 6 - promptHeight);

  useKeys((key) => {
    if (leaving.handle(key, { finished: phase.kind === 'finished', lines: body.length, height: bodyHeight, setOffset })) return;
    if (phase.kind === 'reviewing') {
      if (isCommand('next', key)) {
        setOffset(0);
        setPromptOffset(0);
        drill.next();
      } else setOffset((o) => scrollFor(key, o, body.length, bodyHeight + promptHeight + 1) ?? o);
      return;
    }
    const promptStep = isCommand('promptUp', key) ? -(promptHeight - 1) : isCommand('promptDown', key) ? promptHeight - 1 : 0;
    if (promptScrolls && promptStep !== 0) {
      setPromptOffset((o) => clampOffset(o + promptStep, promptLines.length, promptHeight));
      return;
    }
    // One line: Enter submits; the drill turns a pasted line break into a space.
    if (isCommand('submitLine', key)) {
      drill.submit();
      return;
    }
    const action = editorActionFor(key, width - 3);
    if (action !== undefined) drill.edit(action);
  });

  const left = phase.kind === 'answering' ? remainingMs(phase.clock, drill.now) : 0;
  const answered = state.results.length;
  const right = state.results.filter((r) => r.grade.correct).length;
  const counters: RichLine = [seg(`accuracy ${right}/${answered} · streak ${state.streak}`), ...(phase.kind === 'answering' ? [seg('  '), ...clockSegments('', left, confirming)] : [])];
  const header = headerLine(DRILL_NAMES[variant], Math.min(state.index + 1, state.items.length), state.items.length, counters, width);
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <RichView lines={[header]} />
      <Text dimColor>{'─'.repeat(width)}</Text>
      {phase.kind === 'answering' ? (
        <>
          <ScrollView lines={promptLines} offset={promptOffset} height={promptHeight} indicator={false} />
          <Text dimColor>
            {promptScrolls
              ? `── lines ${promptStart + 1}-${promptStart + promptHeight} of ${promptLines.length} · PgUp/PgDn ${'─'.repeat(width)}`.slice(0, width)
              : '─'.repeat(width)}
          </Text>
          <Box>
            <Text color="cyan">{'> '}</Text>
            <EditorView editor={state.editor} width={width - 2} height={Math.min(bodyHeight, editorHeight)} placeholder={PLACEHOLDERS[variant]} />
          </Box>
        </>
      ) : (
        <Box height={bodyHeight + promptHeight + 1} flexDirection="column">
          <ScrollView lines={body} offset={offset} height={bodyHeight + promptHeight + 1} />
        </Box>
      )}
      <Box flexGrow={1} />
      {/* A failed save takes the rule's line, never the footer's: the leave question must stay readable. */}
      {drill.saveError !== undefined ? (
        <Text color="red" wrap="truncate-end">
          {printableLine(drill.saveError)}
        </Text>
      ) : (
        <Text dimColor>{'─'.repeat(width)}</Text>
      )}
      {confirming ? (
        <Text wrap="truncate-end">
          <Text bold>Leave this drill?</Text> {drill.saveError === undefined ? 'Answers so far are saved.' : 'Unsaved work is lost.'} <Text bold>y</Text> {drill.saveError === undefined ? 'leave' : 'leave anyway'} · <Text bold>n</Text> keep going
        </Text>
      ) : phase.kind === 'answering' ? (
        <Text dimColor wrap="truncate-end">
          {item?.maxWords !== undefined ? <Text color={countWords(editorText(state.editor)) > item.maxWords ? 'red' : undefined}>{countWords(editorText(state.editor))}/{item.maxWords} words · </Text> : null}
          <Text bold>{KEY_LABELS.submitLine}</Text> submit · {promptScrolls ? <><Text bold>{KEY_LABELS.promptUp}/{KEY_LABELS.promptDown}</Text> scroll the prompt · </> : null}{KEY_LABELS.leave} leave
        </Text>
      ) : phase.kind === 'reviewing' ? (
        <Text dimColor wrap="truncate-end">
          <Text bold>{KEY_LABELS.next}</Text> {state.index + 1 < state.items.length ? 'next prompt' : 'see the summary'} · {KEY_LABELS.leave} leave
        </Text>
      ) : (
        <Text dimColor wrap="truncate-end">
          <Text bold>Enter</Text> back to home
        </Text>
      )}
    </Box>
  );
}
