import React, { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { wordCount } from '../../core/practice/editor.js';
import { clocks, type RoundState, type Step } from '../../core/practice/round.js';
import { roundSummary, type RoundSummary } from '../../core/progress/session-record.js';
import { DIMENSIONS } from '../../schemas/constants.js';
import type { Grade } from '../../schemas/grade.js';
import { bar } from '../reports/grade-report.js';
import { gradeLines, scoreTone, type Block } from '../reports/grade-lines.js';
import { editorActionFor, isCommand, KEY_LABELS } from '../keys.js';
import { seg, wrapAll, type RichLine } from '../rich.js';
import { ClockText } from '../components/clock.js';
import { EditorView } from '../components/editor-view.js';
import { clampOffset, RichView, scrollFor, ScrollView } from '../components/rich-view.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLeaveKeys } from '../hooks/use-leave-keys.js';
import { useRound, type RoundControls, type RoundStart } from '../hooks/use-round.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { Services } from '../services.js';

/** The grade of one answer: a follow-up answer is shown against the dimension it pressed. */
function answerBlocks(step: Step, grade: Grade, autoSubmitted: boolean, combined: Grade | undefined): Block[] {
  const out: Block[] = [];
  const pressed = step.kind === 'follow-up' ? step.dimension : undefined;
  if (pressed !== undefined) {
    out.push([seg(`Your follow-up answer, on ${pressed}`, 'heading')]);
    // What the follow-up changed comes first: the criteria it met and missed follow.
    if (combined !== undefined) {
      const r = combined.dimensions[pressed];
      out.push([seg(`With your earlier answers, ${pressed} is now `), seg(`${bar(r.score)} ${r.score}/4`, scoreTone(r.score))], []);
    }
    out.push(...gradeLines(grade, { pressed }));
  } else {
    out.push(...gradeLines(grade));
  }
  if (autoSubmitted) out.push([], [seg('Time ran out: the answer was submitted as it stood.', 'warn')]);
  out.push([]);
  return out;
}

function reviewBlocks(state: RoundState, combined: Grade | undefined, pending: RoundControls['pending']): Block[] {
  const phase = state.phase;
  if (phase.kind === 'grading') {
    if (pending === undefined) return [];
    const streaming = pending.followUp === '' ? [seg('The interviewer is thinking…', 'dim')] : [seg('Interviewer: ', 'accent'), seg(`${pending.followUp}▍`, 'bold')];
    return [...answerBlocks(phase.step, pending.grade, phase.autoSubmitted, undefined), { line: streaming, indent: 2 }];
  }
  if (phase.kind !== 'reviewing') return [];
  const { answer, next } = phase;
  const out = answerBlocks(answer.step, answer.grade, answer.autoSubmitted, combined);
  if (next !== undefined) {
    out.push({ line: [seg('Interviewer ', 'accent'), seg(`(presses ${next.dimension}): `, 'dim'), seg(next.text, 'bold')], indent: 2 });
  } else {
    const last = state.index + 1 >= state.questions.length;
    out.push([seg(last ? 'That was the last question.' : 'Moving on to the next question.', 'dim')]);
  }
  return out;
}

export function summaryBlocks(summary: RoundSummary, reason: 'completed' | 'round-time' | 'quit'): Block[] {
  const out: Block[] = [];
  out.push([seg(reason === 'round-time' ? 'Round over: the round clock ran out' : 'Round complete', 'heading')]);
  out.push([]);
  if (summary.overall === undefined) out.push([seg('No answer was graded.', 'dim')]);
  else out.push([seg('Overall ', 'bold'), seg(`${Math.round(summary.overall)}/100`, summary.overall >= 70 ? 'good' : summary.overall < 40 ? 'bad' : 'warn')]);
  out.push([]);
  for (const q of summary.questions) {
    if (q.grade === undefined) {
      out.push({ line: [seg(`  ${q.id} `, 'bold'), seg(q.title), seg('  not reached', 'dim')], indent: 6 });
      continue;
    }
    const g = q.grade;
    out.push({ line: [seg(`  ${q.id} `, 'bold'), seg(`${q.title}  `), seg(`${g.overall}/100`, g.overall >= 70 ? 'good' : g.overall < 40 ? 'bad' : 'warn'), seg(`  ${q.followUps} follow-up${q.followUps === 1 ? '' : 's'}${q.autoSubmitted ? ', auto-submitted' : ''}`, 'dim')], indent: 6 });
    out.push([seg('      '), ...DIMENSIONS.flatMap((d) => [seg(`${d.slice(0, 5)} `, 'dim'), seg(`${bar(g.dimensions[d].score)} `, scoreTone(g.dimensions[d].score))])]);
    if (q.combined !== undefined) out.push([seg('      with follow-ups ', 'dim'), seg(`${q.combined.overall}/100`, q.combined.overall >= 70 ? 'good' : q.combined.overall < 40 ? 'bad' : 'warn'), seg('  (history tracks the first answer)', 'dim')]);
  }
  if (summary.dimensions !== undefined) {
    out.push([], [seg('By dimension (mean of 0-4)', 'heading')]);
    for (const d of DIMENSIONS) {
      const v = summary.dimensions[d];
      out.push([seg(`  ${d.padEnd(13)} `), seg(bar(Math.round(v)), scoreTone(Math.round(v))), seg(` ${v.toFixed(1)}`)]);
    }
  }
  if (summary.gaps.length > 0) {
    out.push([], [seg('The three gaps that matter most', 'heading')]);
    summary.gaps.forEach((g, i) => out.push({ line: [seg(`  ${i + 1}. `, 'bold'), seg(`${g.questionId} · ${g.dimension}: `, 'dim'), seg(g.advice)], indent: 5 }));
  }
  return out;
}

export function RoundScreen({ services, start, onLeave }: { readonly services: Services; readonly start: RoundStart; readonly onLeave: () => void }): React.JSX.Element {
  useEffect(() => services.engine.warmUp(), [services.engine]);
  const round = useRound(services, start);
  const { columns, rows } = useTerminalSize();
  const leaving = useLeaveKeys(round.leave, onLeave);
  const confirming = leaving.confirming;
  const [offset, setOffset] = useState(0);
  const [flash, setFlash] = useState<string | undefined>(undefined);
  const state = round.round;
  const phase = state.phase;
  const combined = round.combined[state.index];
  const question = state.questions[state.index];
  const width = Math.max(20, columns - 2);

  useEffect(() => setOffset(0), [phase.kind, state.index]);

  // Wrapped once per change, not on every clock tick.
  const body: RichLine[] = useMemo(
    () =>
      phase.kind === 'reviewing' || phase.kind === 'grading'
        ? wrapAll(reviewBlocks(state, combined, round.pending), width)
        : phase.kind === 'finished'
          ? wrapAll(
              summaryBlocks(
                roundSummary(
                  state,
                  (qid, cid) => services.bank.question(qid)?.rubric.criteria.find((c) => c.id === cid)?.gap,
                  (qid) => round.combined[state.questions.findIndex((q) => q.id === qid)],
                ),
                phase.reason,
              ),
              width,
            )
          : [],
    [state.phase, state.answers, round.combined, round.pending, width],
  );
  const step = phase.kind === 'answering' || phase.kind === 'grading' ? phase.step : undefined;
  const headerRows = 2;
  const footerRows = 2;
  // The whole question stays readable while answering; the editor keeps at least six rows.
  const promptRoom = Math.max(2, rows - headerRows - footerRows - 1 - 6);
  const allPrompt = step === undefined ? [] : wrapAll([{ line: [seg(step.kind === 'initial' ? 'Interviewer: ' : `Interviewer (follow-up on ${step.dimension ?? 'the answer'}): `, 'accent'), seg(step.prompt, 'bold')], indent: 2 }], width);
  const promptLines = allPrompt.length <= promptRoom ? allPrompt : [...allPrompt.slice(0, promptRoom - 1), [seg('  … (the question continues; widen the terminal to see all of it)', 'dim')]];
  const bodyHeight = Math.max(3, rows - headerRows - footerRows - (step === undefined ? 0 : promptLines.length + 1));

  useKeys((key) => {
    if (leaving.handle(key, { finished: phase.kind === 'finished', lines: body.length, height: bodyHeight, setOffset })) return;
    if (phase.kind === 'answering') {
      if (isCommand('submit', key)) {
        setFlash(round.submit() === 'empty' ? 'Nothing to submit yet: type your answer first.' : undefined);
        return;
      }
      const action = editorActionFor(key, width - 1);
      if (action !== undefined) {
        setFlash(undefined);
        round.edit(action);
      }
      return;
    }
    if (phase.kind === 'reviewing') {
      if (isCommand('next', key)) round.next();
      else setOffset((o) => scrollFor(key, o, body.length, bodyHeight) ?? o);
    }
  });

  const { questionMs, roundMs } = clocks(state, round.now);
  const paused = phase.kind !== 'answering';
  const position = `${Math.min(state.index + 1, state.questions.length)}/${state.questions.length}`;
  const more = body.length > bodyHeight ? `  ${KEY_LABELS.scrollUp}${KEY_LABELS.scrollDown} scroll (${Math.min(body.length, clampOffset(offset, body.length, bodyHeight) + bodyHeight)}/${body.length})` : '';
  let footer: React.JSX.Element;
  if (confirming) {
    footer = (
      <Text>
        <Text bold>Leave the round?</Text> All is saved; resume it from home. <Text bold>y</Text> leave · <Text bold>n</Text> stay
      </Text>
    );
  } else if (phase.kind === 'answering') {
    footer = (
      <Text>
        <Text dimColor>{wordCount(state.editor)} words · </Text>
        {flash !== undefined ? <Text bold>{flash} </Text> : ''}
        <Text dimColor>Enter new line · </Text>
        <Text bold>{KEY_LABELS.submit}</Text>
        <Text dimColor> submit · {KEY_LABELS.leave} leave</Text>
      </Text>
    );
  } else if (phase.kind === 'grading') {
    footer = <Text dimColor>{round.pending === undefined ? 'Grading…' : 'The interviewer is writing a follow-up…'}</Text>;
  } else if (phase.kind === 'reviewing') {
    footer = (
      <Text dimColor>
        <Text bold>Enter</Text> {phase.next !== undefined ? 'answer the follow-up' : state.index + 1 < state.questions.length ? 'next question' : 'finish the round'} · Esc leave{more}
      </Text>
    );
  } else {
    footer = (
      <Text dimColor>
        <Text bold>Enter</Text> back to home{more}
      </Text>
    );
  }

  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Box justifyContent="space-between" width={width}>
        <Box flexShrink={1} marginRight={2}>
          <Text wrap="truncate-end">
            <Text dimColor>[{position}]</Text> <Text bold>{question?.id ?? ''}</Text> {question?.title ?? ''}
          </Text>
        </Box>
        {phase.kind === 'finished' ? (
          <Text dimColor>session {round.sessionId}</Text>
        ) : (
          <Box gap={2} flexShrink={0}>
            <ClockText label="question" ms={questionMs} />
            <ClockText label="round" ms={roundMs} paused={paused} />
          </Box>
        )}
      </Box>
      <Text dimColor>{'─'.repeat(width)}</Text>
      {step !== undefined ? (
        <>
          <RichView lines={promptLines} />
          <Text dimColor>{'─'.repeat(width)}</Text>
        </>
      ) : null}
      <Box height={bodyHeight} flexDirection="column">
        {phase.kind === 'answering' ? (
          <EditorView editor={state.editor} width={width} height={bodyHeight} placeholder=" Type your answer. Enter starts a new line." />
        ) : phase.kind === 'grading' && round.pending === undefined ? (
          <Text dimColor>Grading your answer{services.grader.kind === 'rubric' ? ' against the rubric' : ' (rubric and model)'}…</Text>
        ) : (
          <ScrollView lines={body} offset={offset} height={bodyHeight} />
        )}
      </Box>
      <Text dimColor>{round.saveError !== undefined ? '' : '─'.repeat(width)}</Text>
      {round.saveError !== undefined ? <Text color="red">{round.saveError}</Text> : footer}
    </Box>
  );
}
