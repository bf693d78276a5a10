import { describe, expect, it } from 'vitest';
import { loadBank, NO_CACHE } from '../../src/adapters/fs-bank.js';
import { hear, selectFollowUp } from '../../src/core/practice/follow-up.js';
import { DIMENSIONS } from '../../src/schemas/constants.js';
import { gradeAnswer } from '../../src/core/grading/grade.js';
import { clocks, roundReducer, startRound, type RoundQuestion, type RoundState } from '../../src/core/practice/round.js';
import { formatClock } from '../../src/core/practice/timer.js';
import { editorText } from '../../src/core/practice/editor.js';
import { fixture } from '../helpers.js';

const bank = await loadBank({ cache: NO_CACHE });
const q01 = bank.question('q01');
const q23 = bank.question('q23');
if (q01 === undefined || q23 === undefined) throw new Error('bank did not load');
const templates = Object.fromEntries(bank.dimensions.map((d) => [d.id, d.followUps]));
const questions: RoundQuestion[] = [q01, q23].map((p) => ({ id: p.question.id, title: p.question.title, prompt: p.question.prompt, budgetMs: 300_000 }));

const T0 = 1_000_000;

describe('timer', () => {
  it('shows mm:ss and reaches 00:00 only when time is up', () => {
    expect(formatClock(300_000)).toBe('05:00');
    expect(formatClock(59_001)).toBe('01:00');
    expect(formatClock(1)).toBe('00:01');
    expect(formatClock(0)).toBe('00:00');
  });
});

describe('round reducer', () => {
  it('counts down, and auto-submits what was typed when the question clock reaches zero', () => {
    let s = startRound(questions, 600_000, T0);
    s = roundReducer(s, { type: 'edit', action: { type: 'set', text: 'p95 TTFT under 300 ms' } });
    s = roundReducer(s, { type: 'tick', now: T0 + 120_000 });
    expect(s.phase.kind).toBe('answering');
    expect(formatClock(clocks(s, T0 + 120_000).questionMs)).toBe('03:00');
    expect(formatClock(clocks(s, T0 + 120_000).roundMs)).toBe('08:00');
    s = roundReducer(s, { type: 'tick', now: T0 + 300_000 });
    expect(s.phase.kind).toBe('grading');
    if (s.phase.kind !== 'grading') return;
    expect(s.phase.autoSubmitted).toBe(true);
    expect(s.phase.text).toBe('p95 TTFT under 300 ms');
    expect(s.questionLeftMs).toBe(0);
  });

  it('ignores a submit of an empty answer, and stops the clocks while a grade is read', () => {
    let s = startRound(questions, 600_000, T0);
    expect(roundReducer(s, { type: 'submit', now: T0 + 1000 })).toBe(s);
    s = roundReducer(s, { type: 'edit', action: { type: 'set', text: fixture('q01-weak.md') } });
    s = roundReducer(s, { type: 'submit', now: T0 + 60_000 });
    expect(s.phase.kind).toBe('grading');
    s = roundReducer(s, { type: 'graded', grade: gradeAnswer(q01, editorText(s.editor)), next: undefined, now: T0 + 61_000 });
    expect(s.phase.kind).toBe('reviewing');
    const frozen = clocks(s, T0 + 500_000);
    expect(frozen.questionMs).toBe(240_000);
    expect(roundReducer(s, { type: 'tick', now: T0 + 500_000 })).toBe(s);
  });

  it('asks the follow-up that presses the weakest dimension, then moves to the next question', () => {
    let s: RoundState = startRound(questions, 1_200_000, T0);
    const answer = 'The request path is gateway to a queue, then a scheduler doing continuous batching into the model runtime; the queue delay dominates p95 at high concurrency.';
    s = roundReducer(s, { type: 'edit', action: { type: 'set', text: answer } });
    s = roundReducer(s, { type: 'submit', now: T0 + 30_000 });
    const grade = gradeAnswer(q01, answer);
    const next = selectFollowUp(grade, { question: q01.question, templates, asked: [] });
    expect(next?.dimension).toBe('constraints');
    s = roundReducer(s, { type: 'graded', grade, next, now: T0 + 30_000 });
    s = roundReducer(s, { type: 'continue', now: T0 + 40_000 });
    expect(s.phase.kind).toBe('answering');
    if (s.phase.kind !== 'answering') return;
    expect(s.phase.step.kind).toBe('follow-up');
    expect(s.phase.step.dimension).toBe('constraints');
    expect(editorText(s.editor)).toBe('');
    expect(clocks(s, T0 + 40_000).questionMs).toBe(270_000);
    s = roundReducer(s, { type: 'edit', action: { type: 'set', text: 'p95 TTFT under 300 ms at 2,000 RPS with 3x peaks.' } });
    s = roundReducer(s, { type: 'submit', now: T0 + 70_000 });
    s = roundReducer(s, { type: 'graded', grade: gradeAnswer(q01, editorText(s.editor)), next: undefined, now: T0 + 70_000 });
    s = roundReducer(s, { type: 'continue', now: T0 + 80_000 });
    expect(s.index).toBe(1);
    expect(s.phase.kind === 'answering' && s.phase.step.prompt).toBe(q23.question.prompt);
    expect(s.answers[0]?.map((a) => a.step.kind)).toEqual(['initial', 'follow-up']);
  });

  it('does not ask a follow-up when too little question time is left', () => {
    let s = startRound(questions, 1_200_000, T0);
    s = roundReducer(s, { type: 'edit', action: { type: 'set', text: 'We add GPUs.' } });
    s = roundReducer(s, { type: 'tick', now: T0 + 300_000 });
    const grade = gradeAnswer(q01, 'We add GPUs.');
    s = roundReducer(s, { type: 'graded', grade, next: selectFollowUp(grade, { question: q01.question, templates, asked: [] }), now: T0 + 300_000 });
    expect(s.phase.kind === 'reviewing' && s.phase.next).toBeUndefined();
  });

  it('keeps every answer when the candidate quits', () => {
    let s = startRound(questions, 600_000, T0);
    s = roundReducer(s, { type: 'edit', action: { type: 'set', text: 'first answer' } });
    s = roundReducer(s, { type: 'submit', now: T0 + 10_000 });
    s = roundReducer(s, { type: 'graded', grade: gradeAnswer(q01, 'first answer'), next: undefined, now: T0 + 10_000 });
    s = roundReducer(s, { type: 'quit' });
    expect(s.phase).toEqual({ kind: 'finished', reason: 'quit' });
    expect(s.answers[0]?.[0]?.text).toBe('first answer');
  });
});

describe('follow-up selection', () => {
  const weakEverywhere = gradeAnswer(q01, 'We would use a queue.');

  it('presses the weakest dimension first, constraints on a tie, with a question-specific probe', () => {
    const chosen = selectFollowUp(weakEverywhere, { question: q01.question, templates, asked: [] });
    expect(chosen?.dimension).toBe('constraints');
    expect(chosen?.source).toBe('ladder');
    expect(q01.question.followUps.find((f) => f.text === chosen?.text)?.standard).toBeUndefined();
  });

  it('lets company mode change the first dimension pressed', () => {
    expect(selectFollowUp(weakEverywhere, { question: q01.question, templates, asked: [], company: 'amazon' })?.dimension).toBe('rollback');
    expect(selectFollowUp(weakEverywhere, { question: q01.question, templates, asked: [], company: 'google' })?.dimension).toBe('architecture');
    expect(selectFollowUp(weakEverywhere, { question: q01.question, templates, asked: [], company: 'startup' })?.dimension).toBe('tradeoffs');
  });

  it('never repeats a probe, falling back to the dimension templates when the ladder is used up', () => {
    const asked = q01.question.followUps.filter((f) => f.dimension === 'constraints').map((f) => f.text);
    const chosen = selectFollowUp(weakEverywhere, { question: q01.question, templates, asked });
    expect(chosen?.dimension).toBe('constraints');
    expect(chosen?.source).toBe('template');
    expect(asked).not.toContain(chosen?.text);
  });

  it('does not let an answer at 4 on every dimension go: it is pressed on its strongest claim', () => {
    const strong = fixture('q01-strong.md');
    const perfect = gradeAnswer(q01, strong);
    for (const d of DIMENSIONS) expect(perfect.dimensions[d].score).toBe(4);
    const next = selectFollowUp(perfect, { question: q01.question, templates, asked: [], heard: hear(q01, [strong]) });
    expect(next?.pressing).toBe('strongest');
  });
});
