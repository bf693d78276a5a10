import { beforeAll, describe, expect, it } from 'vitest';
import { selectFollowUp } from '../../src/core/practice/follow-up.js';
import { gradeAnswer, type PreparedRubric } from '../../src/core/grading/grade.js';
import { roundQuestion } from '../../src/core/practice/plan.js';
import { roundReducer, startRound, type RoundState } from '../../src/core/practice/round.js';
import { recordSnapshot, resumeRound, roundSummary, roundToSession, startTimeline, drillToSession, resumeDrill } from '../../src/core/progress/session-record.js';
import { drillReducer, startDrill } from '../../src/core/practice/drill.js';
import { editorText } from '../../src/core/practice/editor.js';
import { DRAFT_TIMELINE_LIMIT } from '../../src/schemas/constants.js';
import { Draft, Session } from '../../src/schemas/session.js';
import { fixture, prepared } from '../helpers.js';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
let q23: PreparedRubric;
let q05: PreparedRubric;
beforeAll(async () => {
  q23 = await prepared('q23');
  q05 = await prepared('q05');
});

function base(): Session {
  const iso = new Date(T0).toISOString();
  return { schemaVersion: 1, id: '20261122-100000-test', mode: 'round', status: 'active', startedAt: iso, updatedAt: iso, settings: { minutes: 40 }, grader: 'rubric', interviewer: 'scripted', questions: [], drill: [] };
}

function next(p: PreparedRubric, grade: ReturnType<typeof gradeAnswer>, asked: string[] = []) {
  return selectFollowUp(grade, { question: p.question, templates: {}, asked });
}

/** A round of q23 then q05 with the initial q23 answer graded at T0 + 5 min. */
function answered(): RoundState {
  let s = startRound([roundQuestion(q23.question), roundQuestion(q05.question)], 40 * 60_000, T0);
  s = roundReducer(s, { type: 'edit', action: { type: 'set', text: fixture('q23-weak.md') } });
  s = roundReducer(s, { type: 'submit', now: T0 + 300_000 });
  const grade = gradeAnswer(q23, fixture('q23-weak.md'));
  return roundReducer(s, { type: 'graded', grade, next: next(q23, grade), now: T0 + 300_000 });
}

describe('the session record of a round', () => {
  it('is valid against the schema at every step, with graded answers and the draft being typed', () => {
    let s = answered();
    const reviewed = roundToSession(base(), s, undefined, T0 + 300_000);
    expect(Session.safeParse(reviewed).success).toBe(true);
    expect(reviewed.questions).toHaveLength(1);
    expect(reviewed.questions[0]?.answers[0]).toMatchObject({ kind: 'initial', text: fixture('q23-weak.md'), elapsedMs: 300_000, autoSubmitted: false });
    expect(reviewed.settings.plan).toEqual(['q23', 'q05']);
    s = roundReducer(s, { type: 'continue', now: T0 + 310_000 });
    s = roundReducer(s, { type: 'edit', action: { type: 'set', text: 'Check what shipped' } });
    let timeline = startTimeline(T0 + 310_000);
    timeline = recordSnapshot(timeline, 'Check', T0 + 311_000);
    const typing = roundToSession(base(), s, timeline, T0 + 312_000);
    expect(Session.safeParse(typing).success).toBe(true);
    expect(typing.questions[0]?.draft).toMatchObject({ text: 'Check what shipped', kind: 'follow-up', startedAt: new Date(T0 + 310_000).toISOString() });
    expect(typing.questions[0]?.draft?.timeline.map((x) => x.text)).toEqual(['Check', 'Check what shipped']);
  });

  it('is completed, with every question finished, when the round ends', () => {
    let s = answered();
    s = { ...s, phase: { kind: 'reviewing', answer: s.answers[0]![0]!, next: undefined } };
    s = roundReducer(s, { type: 'continue', now: T0 + 310_000 });
    s = roundReducer(s, { type: 'edit', action: { type: 'set', text: fixture('q05-weak.md') } });
    s = roundReducer(s, { type: 'submit', now: T0 + 600_000 });
    s = roundReducer(s, { type: 'graded', grade: gradeAnswer(q05, fixture('q05-weak.md')), next: undefined, now: T0 + 600_000 });
    s = roundReducer(s, { type: 'continue', now: T0 + 600_000 });
    const done = roundToSession(base(), s, undefined, T0 + 601_000);
    expect(done.status).toBe('completed');
    expect(done.endedAt).toBe(new Date(T0 + 601_000).toISOString());
    expect(done.questions.map((q) => q.finishedAt !== undefined)).toEqual([true, true]);
  });
});

describe('resuming an interrupted round', () => {
  const choose = (i: number, answers: readonly { text: string }[]) => {
    const p = i === 0 ? q23 : q05;
    return next(p, gradeAnswer(p, answers.map((a) => a.text).join('\n\n')));
  };

  it('puts the draft back and restarts the clocks from the time already used', () => {
    let s = answered();
    s = roundReducer(s, { type: 'continue', now: T0 + 310_000 });
    s = roundReducer(s, { type: 'edit', action: { type: 'set', text: 'Half a follow-up answer' } });
    const saved = roundToSession(base(), s, startTimeline(T0 + 310_000), T0 + 370_000);
    // The coach was dead for an hour; that hour does not count.
    const later = T0 + 3_600_000;
    const { state } = resumeRound(saved, [roundQuestion(q23.question), roundQuestion(q05.question)], 40 * 60_000, later, choose);
    expect(editorText(state.editor)).toBe('Half a follow-up answer');
    expect(state.phase.kind).toBe('answering');
    if (state.phase.kind !== 'answering') return;
    expect(state.phase.step.kind).toBe('follow-up');
    expect(state.answers[0]).toHaveLength(1);
    // 300 s on the answer and 60 s on the draft are used of q23's 720 s and the round's 2,400 s.
    expect(state.phase.question.durationMs).toBe(720_000 - 360_000);
    expect(state.phase.round.durationMs).toBe(2_400_000 - 360_000);
    // Submitting it later records the full time spent on the draft, before and after the crash.
    let r = roundReducer(state, { type: 'edit', action: { type: 'set', text: 'Half a follow-up answer, finished.' } });
    r = roundReducer(r, { type: 'submit', now: later + 30_000 });
    expect(r.phase.kind === 'grading' && r.phase.submittedAt - r.phase.startedAt).toBe(90_000);
  });

  it('reopens the review of the last graded answer when it crashed there', () => {
    const saved = roundToSession(base(), answered(), undefined, T0 + 300_000);
    const { state } = resumeRound(saved, [roundQuestion(q23.question), roundQuestion(q05.question)], 40 * 60_000, T0 + 900_000, choose);
    expect(state.phase.kind).toBe('reviewing');
    if (state.phase.kind === 'reviewing') expect(state.phase.next?.dimension).toBeDefined();
  });

  it('goes on to the next question when the crashed one was finished', () => {
    let s = answered();
    s = { ...s, phase: { kind: 'reviewing', answer: s.answers[0]![0]!, next: undefined } };
    s = roundReducer(s, { type: 'continue', now: T0 + 310_000 });
    // Crash before anything was saved for q05: q23 is finished and q05 has no record yet.
    const saved = roundToSession(base(), s, undefined, T0 + 310_000);
    const onlyFinished = { ...saved, questions: saved.questions.slice(0, 1).map((q) => ({ ...q, finishedAt: q.answers[0]!.submittedAt })) };
    const { state } = resumeRound(onlyFinished, [roundQuestion(q23.question), roundQuestion(q05.question)], 40 * 60_000, T0 + 900_000, choose);
    expect(state.index).toBe(1);
    expect(state.phase.kind === 'answering' && state.phase.step.prompt).toBe(q05.question.prompt);
  });
});

describe('the draft timeline', () => {
  it('records only changes, and over the limit thins out evenly instead of dropping the start', () => {
    let t = startTimeline(0);
    t = recordSnapshot(t, '', 100);
    t = recordSnapshot(t, 'a', 200);
    t = recordSnapshot(t, 'a', 300);
    expect(t.snapshots).toEqual([{ text: 'a', savedAt: 200 }]);
    for (let i = 0; i < DRAFT_TIMELINE_LIMIT + 10; i++) t = recordSnapshot(t, `text ${i}`, 1000 + i * 1000);
    expect(t.snapshots.length).toBeLessThanOrEqual(DRAFT_TIMELINE_LIMIT);
    expect(t.snapshots[0]).toEqual({ text: 'a', savedAt: 200 });
    expect(t.snapshots.at(-1)?.text).toBe(`text ${DRAFT_TIMELINE_LIMIT + 9}`);
    // Saved and loaded again, the timeline is what was recorded: loading thins by the same rule.
    const draft = { text: 'x', savedAt: new Date(0).toISOString(), prompt: 'p', kind: 'initial' as const, startedAt: new Date(0).toISOString() };
    const records = t.snapshots.map((s) => ({ text: s.text, savedAt: new Date(s.savedAt).toISOString(), length: s.text.length }));
    expect(Draft.parse({ ...draft, timeline: records }).timeline).toEqual(records);
  });
});

describe('the end-of-round summary', () => {
  it('gives the overall, dimension means and three gaps, one per weak dimension first', () => {
    let s = answered();
    s = { ...s, phase: { kind: 'reviewing', answer: s.answers[0]![0]!, next: undefined } };
    s = roundReducer(s, { type: 'continue', now: T0 + 310_000 });
    s = roundReducer(s, { type: 'edit', action: { type: 'set', text: fixture('q05-strong.md') } });
    s = roundReducer(s, { type: 'submit', now: T0 + 600_000 });
    s = roundReducer(s, { type: 'graded', grade: gradeAnswer(q05, fixture('q05-strong.md')), next: undefined, now: T0 + 600_000 });
    const advice = (qid: string, cid: string) => (qid === 'q23' ? q23 : q05).rubric.criteria.find((c) => c.id === cid)?.gap;
    const summary = roundSummary(s, advice);
    const weak = gradeAnswer(q23, fixture('q23-weak.md')).overall;
    const strong = gradeAnswer(q05, fixture('q05-strong.md')).overall;
    expect(summary.overall).toBe((weak + strong) / 2);
    expect(summary.gaps).toHaveLength(3);
    expect(new Set(summary.gaps.map((g) => g.dimension)).size).toBe(3);
    // The weak answer's misses are the gaps, in the words of the rubric's advice.
    for (const g of summary.gaps) {
      expect(g.questionId).toBe('q23');
      expect(q23.rubric.criteria.some((c) => c.gap === g.advice)).toBe(true);
    }
  });

  it('does not count a gap the follow-up answer made up', () => {
    const s = answered();
    const initial = s.answers[0]![0]!;
    const missed = initial.grade.criteria.filter((c) => !c.met);
    const fixed = { ...initial, step: { kind: 'follow-up' as const, prompt: 'p', dimension: missed[0]!.dimension }, grade: { ...initial.grade, criteria: initial.grade.criteria.map((c) => (c.id === missed[0]!.id ? { ...c, met: true } : c)) } };
    const withFollowUp: RoundState = { ...s, answers: [[initial, fixed], []] };
    const gaps = roundSummary(withFollowUp, () => undefined).gaps;
    expect(gaps.some((g) => g.criterion === missed[0]!.text)).toBe(false);
  });
});

describe('drills', () => {
  it('save each graded answer and resume after the last one, with the streak rebuilt', () => {
    const items = [
      { id: 'a', prompt: 'A?', seconds: 60 },
      { id: 'b', prompt: 'B?', seconds: 60 },
      { id: 'c', prompt: 'C?', seconds: 60 },
    ];
    const grader = (id: string, answer: string) => ({ itemId: id, named: answer.includes('yes') ? [{ id: 'x', label: 'X', evidence: [] }] : [], missed: [], atLeast: 1, correct: answer.includes('yes'), score: answer.includes('yes') ? 1 : 0 });
    let d = startDrill(items, T0);
    d = drillReducer(d, { type: 'edit', action: { type: 'set', text: 'yes' } }, grader);
    d = drillReducer(d, { type: 'submit', now: T0 + 10_000 }, grader);
    d = drillReducer(d, { type: 'continue', now: T0 + 11_000 }, grader);
    d = drillReducer(d, { type: 'edit', action: { type: 'set', text: 'yes again' } }, grader);
    d = drillReducer(d, { type: 'submit', now: T0 + 20_000 }, grader);
    d = drillReducer(d, { type: 'continue', now: T0 + 21_000 }, grader);
    d = drillReducer(d, { type: 'edit', action: { type: 'set', text: 'half' } }, grader);
    const saved = drillToSession({ ...base(), mode: 'drill' }, d, startTimeline(T0 + 21_000), T0 + 25_000);
    expect(Session.safeParse(saved).success).toBe(true);
    expect(saved.drill.map((r) => r.correct)).toEqual([true, true]);
    expect(saved.drillDraft?.text).toBe('half');
    const { state } = resumeDrill(saved, items, T0 + 999_000, grader);
    expect(state.index).toBe(2);
    expect(state.streak).toBe(2);
    expect(editorText(state.editor)).toBe('half');
    expect(state.phase.kind).toBe('answering');
  });
});
