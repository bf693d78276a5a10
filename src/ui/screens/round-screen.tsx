import React, { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { printableLine } from '../../core/printable.js';
import { wordCount } from '../../core/practice/editor.js';
import { clocks, type RoundState, type Step } from '../../core/practice/round.js';
import type { Clarification } from '../../core/practice/clarify.js';
import { COMPANY_NAMES, type InterviewerTurn } from '../../core/practice/follow-up.js';
import { droppedFollowUpLine } from '../../core/practice/dropped-follow-up.js';
import { formatClock } from '../../core/practice/timer.js';
import { scenarioTimeline, type ScenarioTimeline } from '../../core/practice/scenario.js';
import { roundSummary, type RoundSummary } from '../../core/progress/session-record.js';
import { DIMENSIONS } from '../../schemas/constants.js';
import type { Grade } from '../../schemas/grade.js';
import { bar } from '../reports/grade-report.js';
import { gradeLines, scoreTone, type Block } from '../reports/grade-lines.js';
import { editorActionFor, isCommand, KEY_LABELS } from '../keys.js';
import { plainText, seg, spreadRich, truncateRich, wrapAll, type RichLine } from '../rich.js';
import { clockSegments } from '../components/clock.js';
import { EditorView } from '../components/editor-view.js';
import { clampOffset, RichView, scrollFor, ScrollView } from '../components/rich-view.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLatestState } from '../hooks/use-latest-state.js';
import { useLeaveKeys } from '../hooks/use-leave-keys.js';
import { useRound, type RoundControls, type RoundStart } from '../hooks/use-round.js';
import { gradedAs, MAX_CLARIFY_CHARS, type ModelCheck } from '../../core/practice/round-controller.js';
import { referenceView } from '../reports/reference-lines.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { Services } from '../services.js';
import { counted } from '../../core/counted.js';

/** The grade of one answer: a follow-up answer is shown against the dimension it pressed. */
/** A follow-up the candidate moved on from: nothing to grade. */
const MOVED_ON: Block[] = [[seg('You moved on: ', 'heading'), seg("\"I'd rather move on.\" ", 'bold'), seg('The interviewer notes it and turns to something else.', 'dim')], []];

function answerBlocks(step: Step, grade: Grade, autoSubmitted: boolean, combined: Grade | undefined, skipped = false): Block[] {
  const out: Block[] = [];
  if (skipped) return MOVED_ON;
  // What the reader must not miss comes first, not under a 50-line grade.
  if (autoSubmitted) out.push([seg('Time ran out: the answer was submitted as it stood.', 'warn')], []);
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
  out.push([]);
  return out;
}

const LEVEL_WORDS = { 1: 'clarify', 2: 'stress', 3: 'break' } as const;

/** The next probe as the interviewer puts it: which dimension, how hard, and whether the model's words were replaced. */
function probeBlocks(next: InterviewerTurn): Block[] {
  const how = [`presses ${next.dimension}`, ...(next.level === undefined ? [] : [LEVEL_WORDS[next.level]]), ...(next.pressing === 'strongest' ? ['on your strongest claim'] : [])].join(', ');
  const out: Block[] = [{ line: [seg('Interviewer ', 'accent'), seg(`(${how}): `, 'dim'), seg(next.text, 'bold')], indent: 2 }];
  if (next.fallback !== undefined) out.push({ line: [seg(`  ${droppedFollowUpLine(next.fallback, next.source, next.dimension)}`, 'dim')], indent: 4 });
  return out;
}

/** A scenario's review stays an interview: no grade until the end, only that the answer was heard and what comes next. */
function scenarioReview(answer: { readonly step: Step; readonly text: string; readonly startedAt: number; readonly submittedAt: number; readonly autoSubmitted: boolean; readonly skipped?: boolean }): Block[] {
  if (answer.skipped === true) return MOVED_ON;
  const words = answer.text.split(/\s+/).filter((w) => w.length > 0).length;
  const took = formatClock(Math.max(0, answer.submittedAt - answer.startedAt));
  return [
    [seg('Noted. ', 'heading'), seg(`${counted(words, 'word')} in ${took}${answer.autoSubmitted ? ', submitted when the clock ran out' : ''}. The grade comes at the end, as after a real interview.`, 'dim')],
    [],
  ];
}

/**
 * The model's check of the answer on screen, first in the body so it is read before the grade it
 * changes: its seconds while it works (the round goes on without it), then what it found.
 */
export function checkBlocks(check: ModelCheck | undefined, seconds: number): Block[] {
  if (check === undefined) return [];
  if (check.state === 'done') return [{ line: [seg('Model check: ', 'accent'), seg(check.summary, 'dim')], indent: 13 }];
  return [{ line: [seg('Model check: ', 'accent'), seg(`working, ${seconds} s. This is the rubric grade until it finishes; go on whenever you like, its verdicts are saved when they arrive.`, 'dim')], indent: 13 }];
}

/** The check of the answer now on screen: the one being graded, or the one under review. */
function checkOnScreen(state: RoundState, checks: readonly ModelCheck[]): ModelCheck | undefined {
  const phase = state.phase;
  const mine = state.answers[state.index] ?? [];
  const position = phase.kind === 'grading' ? mine.length : phase.kind === 'reviewing' ? mine.indexOf(phase.answer) : -1;
  return checks.find((c) => c.question === state.index && c.answer === position);
}

function reviewBlocks(state: RoundState, combined: Grade | undefined, pending: RoundControls['pending'], scenario: boolean, check: Block[]): Block[] {
  const phase = state.phase;
  if (phase.kind === 'grading') {
    if (pending === undefined) return [];
    const streaming = pending.followUp === '' ? [seg('The interviewer is thinking…', 'dim')] : [seg('Interviewer: ', 'accent'), seg(`${pending.followUp}▍`, 'bold')];
    const heard = scenario ? scenarioReview({ ...phase, skipped: phase.skipped === true }) : answerBlocks(phase.step, pending.grade, phase.autoSubmitted, undefined, phase.skipped === true);
    return [...check, ...heard, { line: streaming, indent: 2 }];
  }
  if (phase.kind !== 'reviewing') return [];
  const { answer, next } = phase;
  const out = [...check, ...(scenario ? scenarioReview(answer) : answerBlocks(answer.step, answer.grade, answer.autoSubmitted, combined, answer.skipped === true))];
  if (next !== undefined) out.push(...probeBlocks(next));
  else if (state.wrapUp !== undefined && answer.step.kind !== 'wrap-up' && state.index + 1 >= state.questions.length) out.push([seg('That is all the time for probing. One last question to close.', 'dim')]);
  else {
    const last = state.index + 1 >= state.questions.length;
    out.push([seg(last ? (scenario ? 'That is time.' : 'That was the last question.') : 'Moving on to the next question.', 'dim')]);
  }
  return out;
}

function clockText(ms: number): string {
  return formatClock(ms);
}

/** The scenario's closing view: the grade of everything said, then the timeline and where the time went. */
export function scenarioSummaryBlocks(timeline: ScenarioTimeline, combined: Grade | undefined, reason: 'completed' | 'round-time' | 'quit'): Block[] {
  const out: Block[] = [];
  out.push([seg(reason === 'round-time' ? 'Scenario over: the 45 minutes ran out' : 'Scenario complete', 'heading')], []);
  if (combined === undefined) out.push([seg('No answer was graded.', 'dim')]);
  else {
    out.push([seg('Everything you said, graded together', 'heading')]);
    out.push(...gradeLines(combined, { showMissed: true }));
  }
  out.push([], [seg('Timeline', 'heading')]);
  for (const e of timeline.entries) {
    const at = seg(`  ${clockText(e.at).padStart(5)}  `, 'dim');
    if (e.kind === 'clarify') {
      out.push({ line: [at, seg('you asked ', 'accent'), seg(`“${e.question}” `), seg(e.known ? `→ ${e.answer}` : '→ not known: state an assumption', 'dim')], indent: 9 });
    } else if (e.kind === 'probe') {
      const how = [e.dimension ?? 'the answer', ...(e.level === undefined ? [] : [LEVEL_WORDS[e.level]]), ...(e.pressing === 'strongest' ? ['strongest claim'] : [])].join(', ');
      const result = e.skipped ? seg('  you moved on', 'warn') : seg(`  ${counted(e.words, 'word')} in ${clockText(e.elapsedMs)}${e.score === undefined ? '' : `, ${e.dimension ?? ''} ${e.score}/4 in this answer`}`, 'dim');
      out.push({ line: [at, seg(`pressed (${how}) `, 'accent'), seg(`“${e.prompt}”`), result], indent: 9 });
    } else {
      const label = e.kind === 'design' ? 'your design' : 'wrap-up';
      out.push({ line: [at, seg(`${label} `, 'accent'), seg(`${counted(e.words, 'word')} in ${clockText(e.elapsedMs)}`), seg(`${e.autoSubmitted ? ', submitted when the clock ran out' : ''} · ${e.overall}/100 on its own`, 'dim')], indent: 9 });
    }
  }
  const { spent } = timeline;
  out.push([], [seg('Where the time went', 'heading')]);
  out.push([seg(`  clarifying ${clockText(spent.clarifying)} · design ${clockText(spent.design)} · ${timeline.probes} ${timeline.probes === 1 ? 'probe' : 'probes'} ${clockText(spent.probes)} · wrap-up ${clockText(spent.wrapUp)}`)]);
  const notes: string[] = [];
  if (spent.clarifying === 0) notes.push('You asked nothing before designing: the first minutes of a real round are for the business constraints.');
  if (timeline.skipped > 0) notes.push(`You moved on from ${timeline.skipped} ${timeline.skipped === 1 ? 'probe' : 'probes'}: fine once, but an interviewer notes what you would not defend.`);
  if (timeline.pressedStrongest > 0) notes.push(`${timeline.pressedStrongest} ${timeline.pressedStrongest === 1 ? 'probe' : 'probes'} pressed your strongest claims: that is what happens to good answers.`);
  for (const n of notes) out.push({ line: [seg(`  ${n}`, 'dim')], indent: 2 });
  return out;
}

/** Each clarifying exchange on this question wrapped to `width`, oldest first; a question still being answered comes last. */
function exchangeLines(asked: readonly Clarification[], asking: string | undefined, width: number): RichLine[][] {
  return [
    ...asked.map((c) => wrapAll([{ line: [seg('  You: ', 'dim'), seg(c.question), seg('  Interviewer: ', 'accent'), seg(c.answer, c.facts.length === 0 ? 'dim' : 'plain'), ...(c.fallback === undefined ? [] : [seg(` (the fact sheet's words: ${c.fallback})`, 'dim')])], indent: 4 }], width)),
    ...(asking === undefined ? [] : [wrapAll([{ line: [seg('  You: ', 'dim'), seg(asking), seg('  Interviewer: ', 'accent'), seg('…', 'dim')], indent: 4 }], width)]),
  ];
}

/**
 * The clarifying exchanges cut to `room` lines: whole exchanges only, the newest first to stay,
 * and a line saying how many are not shown; the newest alone, cut with '…', when even it does not fit.
 */
function conversationLines(exchanges: readonly RichLine[][], width: number, room: number): RichLine[] {
  const kept: RichLine[][] = [];
  let used = 0;
  for (let i = exchanges.length - 1; i >= 0; i--) {
    const lines = exchanges[i] ?? [];
    const hidden = i > 0 ? 1 : 0;
    if (used + lines.length + hidden > room) break;
    kept.unshift(lines);
    used += lines.length;
  }
  const newest = exchanges.at(-1);
  const cutNewest = kept.length === 0 && newest !== undefined && room > 1;
  const left = exchanges.length - kept.length - (cutNewest ? 1 : 0);
  const note: RichLine[] = left === 0 || room === 0 ? [] : [[seg(`  (${left} earlier ${left === 1 ? 'question' : 'questions'} above; all are kept in the session)`, 'dim')]];
  if (cutNewest) {
    const cut = newest.slice(0, room - note.length);
    const last = cut.at(-1);
    return [...note, ...(cut.length < newest.length && last !== undefined ? [...cut.slice(0, -1), truncateRich([...last, seg(' …', 'dim')], width)] : cut)];
  }
  return [...note, ...kept.flat()].slice(0, Math.max(0, room));
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
    out.push({ line: [seg('      '), ...DIMENSIONS.flatMap((d) => [seg(`${d.slice(0, 5)} `, 'dim'), seg(`${bar(g.dimensions[d].score)} `, scoreTone(g.dimensions[d].score))])], indent: 6 });
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

/** The rule under a question that does not fit: which of its lines are on screen, and the keys for the rest. */
function promptRule(start: number, shown: number, total: number, width: number): string {
  const text = `── question lines ${start + 1}-${Math.min(total, start + shown)} of ${total} · ${KEY_LABELS.promptUp}/${KEY_LABELS.promptDown} `;
  return plainText(truncateRich([seg(text.padEnd(width, '─'))], width));
}

export function RoundScreen({ services, start, onLeave }: { readonly services: Services; readonly start: RoundStart; readonly onLeave: () => void }): React.JSX.Element {
  useEffect(() => services.engine.warmUp(), [services.engine]);
  const round = useRound(services, start);
  const { columns, rows } = useTerminalSize();
  const leaving = useLeaveKeys(round.leave, onLeave, round.hold);
  const confirming = leaving.confirming;
  const [offset, setOffset] = useState(0);
  const [flash, setFlash] = useState<string | undefined>(undefined);
  // The answer key: a reference answer beside yours, toggled in a review.
  const [showKey, setShowKey] = useState(false);
  const state = round.round;
  const phase = state.phase;
  const combined = round.combined[state.index];
  const question = state.questions[state.index];
  const width = Math.max(20, columns - 2);

  useEffect(() => setOffset(0), [phase.kind, state.index, showKey]);
  useEffect(() => setShowKey(false), [phase.kind, state.index]);
  const reference = question === undefined || round.scenario ? undefined : services.bank.reference(question.id);
  const keyLines: RichLine[] | undefined = useMemo(() => {
    if (!showKey || reference === undefined || phase.kind !== 'reviewing' || question === undefined) return undefined;
    const prepared = gradedAs(services.bank, question.id, round.company);
    const initial = state.answers[state.index]?.find((a) => a.step.kind === 'initial');
    return prepared === undefined ? undefined : referenceView(prepared, reference, initial?.text ?? '', initial?.grade, width);
  }, [showKey, reference, phase.kind, state.index, width]);

  const check = checkOnScreen(state, round.checks);
  // The check's seconds change the body once a second, and only while it works.
  const checkSeconds = check?.state === 'working' ? Math.max(0, Math.floor((round.now - check.since) / 1000)) : 0;
  // Wrapped once per change, not on every clock tick.
  const body: RichLine[] = useMemo(
    () =>
      keyLines !== undefined
        ? keyLines
        : phase.kind === 'reviewing' || phase.kind === 'grading'
        ? wrapAll(reviewBlocks(state, combined, round.pending, round.scenario, checkBlocks(check, checkSeconds)), width)
        : phase.kind === 'finished'
          ? wrapAll(
              round.scenario ? scenarioSummaryBlocks(scenarioTimeline(state), round.combined[0], phase.reason) : summaryBlocks(
                roundSummary(
                  state,
                  (qid, cid) => gradedAs(services.bank, qid, round.company)?.rubric.criteria.find((c) => c.id === cid)?.gap,
                  (qid) => round.combined[state.questions.findIndex((q) => q.id === qid)],
                ),
                phase.reason,
              ),
              width,
            )
          : [],
    [state.phase, state.answers, state.clarifications, round.combined, round.pending, width, keyLines, check, checkSeconds],
  );
  const step = phase.kind === 'answering' || phase.kind === 'grading' ? phase.step : undefined;
  const headerRows = 2;
  const footerRows = 2;
  // The whole question stays readable while answering; the editor keeps at least six rows.
  const promptRoom = Math.max(2, rows - headerRows - footerRows - 1 - 6);
  const speaker = step === undefined ? '' : step.kind === 'initial' ? 'Interviewer: ' : step.kind === 'wrap-up' ? 'Interviewer (wrap-up): ' : `Interviewer (follow-up on ${step.dimension ?? 'the answer'}): `;
  // A follow-up the ladder asked in place of the model's says so under it, as it did in the review.
  const dropped: Block[] = step?.fallback === undefined ? [] : [{ line: [seg(`  ${droppedFollowUpLine(step.fallback, step.source, step.dimension)}`, 'dim')], indent: 4 }];
  const allPrompt = step === undefined ? [] : wrapAll([{ line: [seg(speaker, 'accent'), seg(step.prompt, 'bold')], indent: 2 }, ...dropped], width);
  const asked = state.clarifications[state.index] ?? [];
  // The clarifying questions sit under the prompt while answering: up to three, the newest last.
  // The question keeps at least half the room, and scrolls; the conversation shows its newest
  // exchanges in the rest, taking more (all but two rows) where the newest needs it.
  const exchanges = phase.kind === 'answering' ? exchangeLines(asked, round.asking, width) : [];
  const conversationRoom =
    exchanges.length === 0 ? 0 : Math.max(promptRoom - allPrompt.length, Math.min(promptRoom - 2, Math.max(Math.floor(promptRoom / 2), exchanges.at(-1)?.length ?? 0)));
  const conversation = conversationRoom === 0 ? [] : conversationLines(exchanges, width, conversationRoom);
  // A question longer than its room scrolls with PgUp/PgDn; the rule under it says which lines are shown.
  const promptFits = Math.max(1, promptRoom - conversation.length);
  const promptScrolls = allPrompt.length > promptFits;
  const [promptOffset, setPromptOffset] = useState(0);
  useEffect(() => setPromptOffset(0), [step?.prompt]);
  const promptStart = clampOffset(promptOffset, allPrompt.length, promptFits);
  const promptLines = [...allPrompt.slice(promptStart, promptStart + promptFits), ...conversation];
  const bodyHeight = Math.max(3, rows - headerRows - footerRows - (step === undefined ? 0 : promptLines.length + 1));

  // A one-line clarifying question being typed (Ctrl+O); the clock keeps running while it is open.
  const [askLine, currentAskLine, setAskLine] = useLatestState<string | undefined>(undefined);
  useEffect(() => {
    if (phase.kind !== 'answering') setAskLine(() => undefined);
  }, [phase.kind]);

  useKeys((key) => {
    const typingQuestion = currentAskLine();
    if (!confirming && typingQuestion !== undefined && phase.kind === 'answering') {
      if (isCommand('stopEditing', key)) setAskLine(() => undefined);
      else if (key.name === 'return') {
        const result = round.clarify(typingQuestion);
        setFlash(result === 'busy' ? 'The interviewer is still answering your last question.' : undefined);
        if (result !== 'busy') setAskLine(() => undefined);
      } else if (key.name === 'backspace') setAskLine((l) => (l === undefined ? l : l.slice(0, -1)));
      else if (key.name === 'text' && !key.meta) setAskLine((l) => `${l ?? ''}${key.text.replace(/[\r\n\t]+/g, ' ')}`.slice(0, MAX_CLARIFY_CHARS));
      return;
    }
    if (leaving.handle(key, { finished: phase.kind === 'finished', lines: body.length, height: bodyHeight, setOffset })) return;
    if (phase.kind === 'answering') {
      if (isCommand('submit', key)) {
        setFlash(round.submit() === 'empty' ? 'Nothing to submit yet: type your answer first.' : undefined);
        return;
      }
      if (isCommand('ask', key)) {
        setFlash(undefined);
        setAskLine(() => '');
        return;
      }
      const promptStep = isCommand('promptUp', key) ? -Math.max(1, promptFits - 1) : isCommand('promptDown', key) ? Math.max(1, promptFits - 1) : 0;
      if (promptStep !== 0) {
        if (promptScrolls) setPromptOffset((o) => clampOffset(o + promptStep, allPrompt.length, promptFits));
        return;
      }
      if (isCommand('moveOn', key)) {
        const result = round.skip();
        setFlash(result === 'typed' ? 'Submit what you typed, or clear it to move on.' : result === 'not-now' ? 'Only a follow-up can be passed over.' : undefined);
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
      if (reference !== undefined && isCommand('answerKey', key)) setShowKey((v) => !v);
      else if (isCommand('next', key)) round.next();
      else if (phase.next !== undefined && isCommand('skipFollowUp', key)) round.skip(false);
      else if (phase.next !== undefined && isCommand('nextQuestion', key)) round.skip(true);
      else setOffset((o) => scrollFor(key, o, body.length, bodyHeight) ?? o);
    }
  });

  const { questionMs, roundMs } = clocks(state, round.now);
  // The round clock stops while a grade is read and while the leave question is up.
  const paused = phase.kind !== 'answering' || confirming;
  const position = `${Math.min(state.index + 1, state.questions.length)}/${state.questions.length}`;
  const lastQuestion = state.index + 1 >= state.questions.length;
  let footer: React.JSX.Element;
  if (confirming) {
    footer = (
      <Text wrap="truncate-end">
        <Text bold>Leave the round?</Text> {round.saveError === undefined ? 'All is saved; resume it from home.' : 'Unsaved work is lost.'} <Text bold>y</Text> {round.saveError === undefined ? 'leave' : 'leave anyway'} · <Text bold>n</Text> stay
      </Text>
    );
  } else if (phase.kind === 'answering' && askLine !== undefined) {
    footer = (
      <Text wrap="truncate-start">
        <Text color="cyan">Ask: </Text>
        {askLine === '' ? <Text dimColor>a one-line question to the interviewer; the clock keeps running </Text> : askLine}
        <Text inverse> </Text>
        <Text dimColor>  Enter ask · Esc cancel</Text>
      </Text>
    );
  } else if (phase.kind === 'answering') {
    footer = (
      <Text wrap="truncate-end">
        <Text dimColor>{counted(wordCount(state.editor), 'word')} · </Text>
        {flash !== undefined ? <Text bold>{flash} </Text> : ''}
        <Text bold>{KEY_LABELS.submit}</Text>
        <Text dimColor> submit · </Text>
        <Text bold>{KEY_LABELS.ask}</Text>
        <Text dimColor> ask</Text>
        {phase.step.kind === 'follow-up' ? (
          <>
            <Text dimColor> · </Text>
            <Text bold>{KEY_LABELS.moveOn}</Text>
            <Text dimColor> move on</Text>
          </>
        ) : null}
        <Text dimColor> · {KEY_LABELS.leave} leave</Text>
      </Text>
    );
  } else if (phase.kind === 'grading') {
    footer = (
      <Text dimColor wrap="truncate-end">
        {round.pending === undefined ? 'Grading…' : 'The interviewer is writing a follow-up…'}
      </Text>
    );
  } else if (phase.kind === 'reviewing') {
    const then = phase.next !== undefined ? 'answer the follow-up' : state.wrapUp !== undefined && lastQuestion && phase.answer.step.kind !== 'wrap-up' ? 'the wrap-up' : lastQuestion ? (round.scenario ? 'finish the scenario' : 'finish the round') : 'next question';
    footer = (
      <Text dimColor wrap="truncate-end">
        <Text bold>Enter</Text> {then}
        {reference !== undefined ? (
          <>
            {' · '}
            <Text bold>{KEY_LABELS.answerKey}</Text> {showKey ? 'your grade' : 'a strong answer'}
          </>
        ) : null}
        {phase.next !== undefined ? (
          <>
            {' · '}
            <Text bold>{KEY_LABELS.skipFollowUp}</Text> move on from it · <Text bold>{KEY_LABELS.nextQuestion}</Text> {lastQuestion ? (state.wrapUp !== undefined ? 'to the wrap-up' : 'finish') : 'next question'}
          </>
        ) : null}{' '}
        · Esc leave
      </Text>
    );

  } else {
    footer = (
      <Text dimColor wrap="truncate-end">
        <Text bold>Enter</Text> back to home
      </Text>
    );
  }

  const style = round.company === undefined ? undefined : COMPANY_NAMES[round.company];
  const onWrapUp = step?.kind === 'wrap-up' || (phase.kind === 'reviewing' && phase.answer.step.kind === 'wrap-up');
  const questionLabel = onWrapUp ? 'wrap-up' : round.scenario ? 'probing' : 'question';
  // One row whatever the width: the title gives way; the clocks, or the session id once finished, never do.
  const header = spreadRich(
    [seg(round.scenario ? '[scenario]' : `[${position}]`, 'dim'), seg(' '), seg(question?.id ?? '', 'bold'), ...(style !== undefined ? [seg(` ${style.split(' ')[0]} ·`, 'accent')] : []), seg(` ${question?.title ?? ''}`)],
    phase.kind === 'finished' ? [seg(`session ${round.sessionId}`, 'dim')] : [...clockSegments(questionLabel, questionMs), seg('  '), ...clockSegments(round.scenario ? 'scenario' : 'round', roundMs, paused)],
    width,
  );
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <RichView lines={[header]} />
      <Text dimColor>{'─'.repeat(width)}</Text>
      {step !== undefined ? (
        <>
          <RichView lines={promptLines} />
          <Text dimColor>{promptScrolls ? promptRule(promptStart, promptFits, allPrompt.length, width) : '─'.repeat(width)}</Text>
        </>
      ) : null}
      <Box height={bodyHeight} flexDirection="column">
        {phase.kind === 'answering' ? (
          <EditorView editor={state.editor} width={width} height={bodyHeight} placeholder={round.scenario && step?.kind === 'initial' && asked.length === 0 ? ` Start with your clarifying questions (${KEY_LABELS.ask}), then type your design. Enter starts a new line.` : ' Type your answer. Enter starts a new line.'} />
        ) : phase.kind === 'grading' && round.pending === undefined ? (
          <Text dimColor>{round.scenario ? 'The interviewer is listening…' : `Grading your answer${services.grader.kind === 'rubric' ? ' against the rubric' : ' (rubric and model)'}…`}</Text>
        ) : (
          <ScrollView lines={body} offset={offset} height={bodyHeight} />
        )}
      </Box>
      {/* A failed save takes the rule's line, never the footer's: the leave question must stay readable. */}
      {round.saveError !== undefined ? (
        <Text color="red" wrap="truncate-end">
          {printableLine(round.saveError)}
        </Text>
      ) : (
        <Text dimColor>{'─'.repeat(width)}</Text>
      )}
      {footer}
    </Box>
  );
}
