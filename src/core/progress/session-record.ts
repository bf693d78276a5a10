/**
 * Turns round and drill state into the saved Session record and back. The record is rebuilt
 * from state after every event, so what is on disk always matches what the screen shows.
 */
import { DIMENSIONS, thinTimeline, type Dimension } from '../../schemas/constants.js';
import type { Grade } from '../../schemas/grade.js';
import type { AnswerRecord, ClarificationRecord, DraftSnapshot, DrillRecord, QuestionRecord, Session } from '../../schemas/session.js';
import type { Clarification } from '../practice/clarify.js';
import type { DrillGrader, DrillPrompt, DrillResult, DrillState } from '../practice/drill.js';
import { editorFrom, editorText, emptyEditor } from '../practice/editor.js';
import type { InterviewerTurn } from '../practice/follow-up.js';
import { MIN_FOLLOW_UP_MS, type RoundAnswer, type RoundQuestion, type RoundState, type Step, type WrapUp } from '../practice/round.js';
import { startCountdown } from '../practice/timer.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** How the answer being typed grew: one snapshot per autosave that saw a change. */
export interface DraftTimeline {
  readonly startedAt: number;
  readonly snapshots: readonly { readonly text: string; readonly savedAt: number }[];
}

export function startTimeline(now: number): DraftTimeline {
  return { startedAt: now, snapshots: [] };
}

/**
 * Adds a snapshot when the text changed. Over the limit, every other snapshot is dropped, so
 * the timeline keeps covering the whole answer (its first minutes matter) at a coarser grain.
 */
export function recordSnapshot(timeline: DraftTimeline, text: string, now: number): DraftTimeline {
  const last = timeline.snapshots.at(-1);
  if (last?.text === text || (last === undefined && text === '')) return timeline;
  return { ...timeline, snapshots: thinTimeline([...timeline.snapshots, { text, savedAt: now }]) };
}

function timelineRecord(timeline: DraftTimeline): DraftSnapshot[] {
  return timeline.snapshots.map((s) => ({ text: s.text, savedAt: iso(s.savedAt), length: s.text.length }));
}

function answerRecord(a: RoundAnswer): AnswerRecord {
  return {
    kind: a.step.kind,
    prompt: a.step.prompt,
    ...(a.step.dimension === undefined ? {} : { dimension: a.step.dimension }),
    ...(a.step.source === undefined ? {} : { followUpSource: a.step.source }),
    ...(a.step.fallback === undefined ? {} : { followUpFallback: a.step.fallback }),
    ...(a.step.level === undefined ? {} : { level: a.step.level }),
    ...(a.step.pressing === undefined ? {} : { pressing: a.step.pressing }),
    ...(a.skipped === true ? { skipped: true } : {}),
    text: a.text,
    startedAt: iso(a.startedAt),
    submittedAt: iso(a.submittedAt),
    autoSubmitted: a.autoSubmitted,
    elapsedMs: Math.max(0, a.submittedAt - a.startedAt),
    grade: a.grade,
    ...(a.timeline === undefined || a.timeline.length === 0 ? {} : { timeline: timelineRecord({ startedAt: a.startedAt, snapshots: a.timeline }) }),
  };
}

function clarificationRecord(c: Clarification): ClarificationRecord {
  return { question: c.question, answer: c.answer, facts: [...c.facts], askedAt: iso(c.askedAt), source: c.source, ...(c.fallback === undefined ? {} : { fallback: c.fallback }) };
}

function clarification(c: ClarificationRecord): Clarification {
  return { question: c.question, answer: c.answer, facts: c.facts, askedAt: Date.parse(c.askedAt), source: c.source, ...(c.fallback === undefined ? {} : { fallback: c.fallback }) };
}

function stepStart(state: RoundState): { step: Step; startedAt: number; text: string } | undefined {
  const p = state.phase;
  if (p.kind === 'answering') return { step: p.step, startedAt: p.startedAt, text: editorText(state.editor) };
  if (p.kind === 'grading') return { step: p.step, startedAt: p.startedAt, text: p.text };
  return undefined;
}

/** The round as a session record: every question reached, its graded answers, and the draft being typed. */
export function roundToSession(base: Session, state: RoundState, timeline: DraftTimeline | undefined, now: number): Session {
  const questions: QuestionRecord[] = [];
  const open = stepStart(state);
  for (let i = 0; i <= state.index && i < state.questions.length; i++) {
    const q = state.questions[i];
    if (q === undefined) continue;
    const answers = state.answers[i] ?? [];
    const asked = state.clarifications[i] ?? [];
    const current = i === state.index;
    const first = answers[0];
    const startedAt = first?.startedAt ?? (current && open !== undefined ? open.startedAt : now);
    const record: QuestionRecord = {
      questionId: q.id,
      title: q.title,
      startedAt: iso(startedAt),
      budgetSec: Math.round(q.budgetMs / 1000),
      answers: answers.map(answerRecord),
      ...(asked.length === 0 ? {} : { clarifications: asked.map(clarificationRecord) }),
    };
    const last = answers.at(-1);
    const done = !current || (state.phase.kind === 'finished' && state.phase.reason !== 'quit');
    if (done && last !== undefined) questions.push({ ...record, finishedAt: iso(last.submittedAt) });
    else if (current && open !== undefined) {
      const snapshots = timeline === undefined ? [] : timelineRecord(recordSnapshot(timeline, open.text, now));
      questions.push({
        ...record,
        draft: {
          text: open.text,
          savedAt: iso(now),
          prompt: open.step.prompt,
          kind: open.step.kind,
          ...(open.step.dimension === undefined ? {} : { dimension: open.step.dimension }),
          startedAt: iso(open.startedAt),
          timeline: snapshots,
        },
      });
    } else questions.push(record);
  }
  const finished = state.phase.kind === 'finished' && state.phase.reason !== 'quit';
  // What was used, not what was configured: a model that loaded late or failed leaves rubric grades.
  const answers = state.answers.flat();
  const spoken = [...answers.flatMap((a) => (a.step.kind === 'follow-up' && a.step.source !== undefined ? [a.step.source === 'model' ? 'model' : 'scripted'] : [])), ...state.clarifications.flat().map((c) => c.source)];
  return {
    ...base,
    grader: answers.length === 0 ? base.grader : answers.some((a) => a.grade.grader === 'rubric+model') ? 'rubric+model' : 'rubric',
    interviewer: spoken.length === 0 ? base.interviewer : spoken.includes('model') ? 'model' : 'scripted',
    status: finished ? 'completed' : base.status === 'closed' ? 'closed' : 'active',
    updatedAt: iso(now),
    ...(finished ? { endedAt: iso(now) } : {}),
    settings: { ...base.settings, plan: state.questions.map((q) => q.id) },
    questions,
  };
}

export interface ResumedRound {
  /** With the draft back in the editor, the cursor at its end. */
  readonly state: RoundState;
  readonly timeline: DraftTimeline | undefined;
}

function roundAnswer(a: AnswerRecord): RoundAnswer {
  const step: Step = {
    kind: a.kind,
    prompt: a.prompt,
    ...(a.dimension === undefined ? {} : { dimension: a.dimension }),
    ...(a.followUpSource === undefined ? {} : { source: a.followUpSource }),
    ...(a.followUpFallback === undefined ? {} : { fallback: a.followUpFallback }),
    ...(a.level === undefined ? {} : { level: a.level }),
    ...(a.pressing === undefined ? {} : { pressing: a.pressing }),
  };
  return {
    step,
    ...(a.skipped === true ? { skipped: true } : {}),
    text: a.text,
    autoSubmitted: a.autoSubmitted,
    startedAt: Date.parse(a.submittedAt) - a.elapsedMs,
    submittedAt: Date.parse(a.submittedAt),
    grade: a.grade,
    ...(a.timeline === undefined ? {} : { timeline: a.timeline.map((s) => ({ text: s.text, savedAt: Date.parse(s.savedAt) })) }),
  };
}

function usedMs(q: QuestionRecord): number {
  const answered = q.answers.reduce((sum, a) => sum + a.elapsedMs, 0);
  return answered + (q.draft === undefined ? 0 : Math.max(0, Date.parse(q.draft.savedAt) - Date.parse(q.draft.startedAt)));
}

/**
 * Rebuilds an interrupted round. Time spent while the coach was not running does not count:
 * each clock resumes from what the answers and the autosaved draft had used.
 * `questions` is the plan (answered ones first); `chooseNext` picks the follow-up after a graded answer.
 */
export function resumeRound(
  session: Session,
  questions: readonly RoundQuestion[],
  roundMs: number,
  now: number,
  chooseNext: (questionIndex: number, answers: readonly RoundAnswer[]) => InterviewerTurn | undefined,
  wrapUp?: WrapUp,
): ResumedRound {
  const matching = (i: number, q: RoundQuestion): QuestionRecord | undefined => {
    const record = session.questions[i];
    return record !== undefined && record.questionId === q.id ? record : undefined;
  };
  const answers = questions.map((q, i) => matching(i, q)?.answers.map(roundAnswer) ?? []);
  const clarifications = questions.map((q, i) => (matching(i, q)?.clarifications ?? []).map(clarification));
  const roundLeftMs = Math.max(0, roundMs - session.questions.reduce((sum, q) => sum + usedMs(q), 0));
  const lastIndex = Math.max(0, session.questions.length - 1);
  const record = session.questions[lastIndex];
  const base = { questions, answers, clarifications, roundLeftMs, ...(wrapUp === undefined ? {} : { wrapUp }) };
  const answering = (index: number, step: Step, questionLeftMs: number, draft: string, timeline: DraftTimeline | undefined, startedAt = now): ResumedRound => ({
    state: { ...base, index, editor: draft === '' ? emptyEditor : editorFrom(draft), questionLeftMs, phase: { kind: 'answering', step, startedAt, question: startCountdown(now, questionLeftMs), round: startCountdown(now, roundLeftMs) } },
    timeline,
  });
  const finished = (index: number, reason: 'completed' | 'round-time'): ResumedRound => ({
    state: { ...base, index, editor: emptyEditor, questionLeftMs: 0, phase: { kind: 'finished', reason } },
    timeline: undefined,
  });
  const nextQuestion = (index: number): ResumedRound => {
    const q = questions[index];
    if (q === undefined) return finished(Math.max(0, index - 1), 'completed');
    if (roundLeftMs < MIN_FOLLOW_UP_MS) return finished(Math.max(0, index - 1), 'round-time');
    return answering(index, { kind: 'initial', prompt: q.prompt }, Math.min(q.budgetMs, roundLeftMs), '', startTimeline(now));
  };
  if (record === undefined) return nextQuestion(0);
  if (record.finishedAt !== undefined) return nextQuestion(lastIndex + 1);
  const questionLeftMs = Math.max(0, Math.min(record.budgetSec * 1000 - usedMs(record), roundLeftMs));
  const draft = record.draft;
  if (draft !== undefined) {
    const step: Step = { kind: draft.kind, prompt: draft.prompt, ...(draft.dimension === undefined ? {} : { dimension: draft.dimension }) };
    // The clock restarts now; the snapshots keep their wall-clock times, offset so elapsed time stays true.
    const used = Date.parse(draft.savedAt) - Date.parse(draft.startedAt);
    const shift = now - used - Date.parse(draft.startedAt);
    const timeline: DraftTimeline = { startedAt: now - used, snapshots: draft.timeline.map((s) => ({ text: s.text, savedAt: Date.parse(s.savedAt) + shift })) };
    // A wrap-up has its own short clock: what is left of it, not of the question.
    const left = draft.kind === 'wrap-up' && wrapUp !== undefined ? Math.max(0, Math.min(wrapUp.ms - used, roundLeftMs)) : questionLeftMs;
    return answering(lastIndex, step, left, draft.text, timeline, now - used);
  }
  const mine = answers[lastIndex] ?? [];
  const last = mine.at(-1);
  if (last === undefined) return nextQuestion(lastIndex);
  if (last.step.kind === 'wrap-up') return finished(lastIndex, 'completed');
  const room = questionLeftMs >= MIN_FOLLOW_UP_MS && roundLeftMs >= MIN_FOLLOW_UP_MS;
  return {
    state: { ...base, index: lastIndex, editor: emptyEditor, questionLeftMs, phase: { kind: 'reviewing', answer: last, next: room ? chooseNext(lastIndex, mine) : undefined } },
    timeline: undefined,
  };
}

function drillRecord(result: DrillResult, item: DrillPrompt | undefined): DrillRecord {
  return {
    itemId: result.itemId,
    prompt: item?.prompt ?? '',
    ...(item?.title === undefined ? {} : { title: item.title }),
    answer: result.answer,
    named: result.grade.named.map((n) => n.id),
    missed: result.grade.missed.map((m) => m.id),
    atLeast: result.grade.atLeast,
    correct: result.grade.correct,
    ...((result.grade.problems ?? []).length === 0 ? {} : { problems: [...(result.grade.problems ?? [])] }),
    elapsedMs: result.elapsedMs,
    autoSubmitted: result.autoSubmitted,
    answeredAt: iso(result.answeredAt),
  };
}

export function drillToSession(base: Session, state: DrillState, timeline: DraftTimeline | undefined, now: number): Session {
  const byId = new Map(state.items.map((i) => [i.id, i]));
  const finished = state.phase.kind === 'finished' && state.phase.reason === 'completed';
  const item = state.items[state.index];
  const answering = state.phase.kind === 'answering' && item !== undefined;
  const draft = editorText(state.editor);
  const { drillDraft: _previous, ...rest } = base;
  return {
    ...rest,
    status: finished ? 'completed' : base.status === 'closed' ? 'closed' : 'active',
    updatedAt: iso(now),
    ...(finished ? { endedAt: iso(now) } : {}),
    settings: { ...base.settings, plan: state.items.map((i) => i.id) },
    drill: state.results.map((r) => drillRecord(r, byId.get(r.itemId))),
    ...(answering && state.phase.kind === 'answering'
      ? {
          drillDraft: {
            text: draft,
            savedAt: iso(now),
            prompt: item.prompt,
            kind: 'initial' as const,
            startedAt: iso(state.phase.clock.startedAt),
            timeline: timeline === undefined ? [] : timelineRecord(recordSnapshot(timeline, draft, now)),
          },
        }
      : {}),
  };
}

/** Rebuilds an interrupted drill; answered items are regraded (the grader is pure, so the grades are the same). */
export function resumeDrill(session: Session, items: readonly DrillPrompt[], now: number, grader: DrillGrader): { state: DrillState } {
  const results: DrillResult[] = session.drill.map((r) => ({
    itemId: r.itemId,
    answer: r.answer,
    grade: grader(r.itemId, r.answer),
    autoSubmitted: r.autoSubmitted,
    elapsedMs: r.elapsedMs,
    answeredAt: Date.parse(r.answeredAt),
  }));
  let streak = 0;
  let bestStreak = 0;
  for (const r of results) {
    streak = r.grade.correct ? streak + 1 : 0;
    bestStreak = Math.max(bestStreak, streak);
  }
  const index = results.length;
  const item = items[index];
  const draft = session.drillDraft?.prompt === item?.prompt ? (session.drillDraft?.text ?? '') : '';
  const used = session.drillDraft === undefined || draft === '' ? 0 : Date.parse(session.drillDraft.savedAt) - Date.parse(session.drillDraft.startedAt);
  const phase: DrillState['phase'] =
    item === undefined ? { kind: 'finished', reason: 'completed' } : { kind: 'answering', clock: startCountdown(now - Math.min(used, item.seconds * 1000 - 5000), item.seconds * 1000) };
  return { state: { items, index: Math.min(index, Math.max(0, items.length - 1)), phase, editor: draft === '' ? emptyEditor : editorFrom(draft), results, streak, bestStreak } };
}

export interface QuestionSummary {
  readonly id: string;
  readonly title: string;
  /** The initial answer's grade; undefined when the round ended before the question was answered. */
  readonly grade: Grade | undefined;
  /** Every answer to the question graded together, when there were follow-ups: what the interviewer heard in all. */
  readonly combined: Grade | undefined;
  readonly followUps: number;
  readonly autoSubmitted: boolean;
}

export interface RoundGap {
  readonly questionId: string;
  readonly dimension: Dimension;
  readonly criterion: string;
  readonly advice: string;
}

export interface RoundSummary {
  readonly questions: readonly QuestionSummary[];
  readonly overall: number | undefined;
  readonly dimensions: Readonly<Record<Dimension, number>> | undefined;
  readonly gaps: readonly RoundGap[];
}

/**
 * The end-of-round view. The three gaps are the heaviest criteria missed by an initial answer
 * and not made up later (by a follow-up, or by all the answers together), from the weakest
 * dimensions first, one per dimension before any dimension gets a second.
 */
export function roundSummary(
  state: RoundState,
  adviceFor: (questionId: string, criterionId: string) => string | undefined,
  gradeTogether?: (questionId: string, text: string) => Grade | undefined,
): RoundSummary {
  const questions: QuestionSummary[] = state.questions.map((q, i) => {
    const answers = state.answers[i] ?? [];
    const initial = answers.find((a) => a.step.kind === 'initial');
    const followUps = answers.filter((a) => a.step.kind === 'follow-up' && a.skipped !== true).length;
    const spoken = answers.filter((a) => a.skipped !== true);
    const combined = spoken.length < 2 || gradeTogether === undefined ? undefined : gradeTogether(q.id, spoken.map((a) => a.text).join('\n\n'));
    return { id: q.id, title: q.title, grade: initial?.grade, combined, followUps, autoSubmitted: initial?.autoSubmitted ?? false };
  });
  const graded = questions.filter((q): q is QuestionSummary & { grade: Grade } => q.grade !== undefined);
  if (graded.length === 0) return { questions, overall: undefined, dimensions: undefined, gaps: [] };
  const overall = graded.reduce((sum, q) => sum + q.grade.overall, 0) / graded.length;
  const dimensions = Object.fromEntries(DIMENSIONS.map((d) => [d, graded.reduce((sum, q) => sum + q.grade.dimensions[d].score, 0) / graded.length])) as Record<Dimension, number>;
  const candidates: (RoundGap & { weight: number; order: number })[] = [];
  state.questions.forEach((q, i) => {
    const answers = state.answers[i] ?? [];
    const initial = answers.find((a) => a.step.kind === 'initial');
    if (initial === undefined) return;
    // Made up later: met by a follow-up answer, or by all the answers heard together.
    const later = [...answers.filter((a) => a.step.kind !== 'initial' && a.skipped !== true).map((a) => a.grade), ...(questions[i]?.combined === undefined ? [] : [questions[i]?.combined])];
    const madeUp = new Set(later.flatMap((g) => g?.criteria.filter((c) => c.met).map((c) => c.id) ?? []));
    for (const c of initial.grade.criteria) {
      if (c.met || madeUp.has(c.id)) continue;
      candidates.push({ questionId: q.id, dimension: c.dimension, criterion: c.text, advice: adviceFor(q.id, c.id) ?? c.text, weight: c.weight, order: candidates.length });
    }
  });
  candidates.sort((a, b) => dimensions[a.dimension] - dimensions[b.dimension] || b.weight - a.weight || a.order - b.order);
  const gaps: RoundGap[] = [];
  const used = new Set<Dimension>();
  for (const pass of [true, false]) {
    for (const c of candidates) {
      if (gaps.length === 3) break;
      if (pass && used.has(c.dimension)) continue;
      if (gaps.some((g) => g.questionId === c.questionId && g.criterion === c.criterion)) continue;
      used.add(c.dimension);
      gaps.push({ questionId: c.questionId, dimension: c.dimension, criterion: c.criterion, advice: c.advice });
    }
  }
  return { questions, overall, dimensions, gaps };
}
