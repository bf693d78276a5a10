import { useCallback, useEffect, useRef, useState } from 'react';
import { editorText, type EditorAction, type EditorState } from '../../core/practice/editor.js';
import { selectFollowUp, type ChosenFollowUp } from '../../core/practice/follow-up.js';
import { gradeAnswer } from '../../core/grading/grade.js';
import { roomForFollowUp, roundReducer, startRound, type RoundAction, type RoundAnswer, type RoundQuestion, type RoundState } from '../../core/practice/round.js';
import { recordSnapshot, resumeRound, roundToSession, startTimeline, type DraftTimeline } from '../../core/progress/session-record.js';
import type { Cluster, Company, Dimension } from '../../schemas/constants.js';
import type { Grade } from '../../schemas/grade.js';
import { newSessionId, type Session } from '../../schemas/session.js';
import type { Services } from '../services.js';
import type { RoundStart } from '../../core/practice/start.js';
export type { RoundStart } from '../../core/practice/start.js';
import { useSessionWriter } from './use-session-writer.js';
import { useTicks } from './use-ticks.js';


interface RoundSetup {
  readonly state: RoundState;
  readonly base: Session;
  readonly timeline: DraftTimeline | undefined;
  readonly company: Company | undefined;
}

function templatesOf(services: Services): Partial<Record<Dimension, readonly string[]>> {
  return Object.fromEntries(services.bank.dimensions.map((d) => [d.id, d.followUps]));
}

/** The scripted choice, for resuming a review (no model call while the screen is being rebuilt). */
function chooser(services: Services, company: Company | undefined) {
  const templates = templatesOf(services);
  return (questionId: string, answers: readonly RoundAnswer[], combined: Grade): ChosenFollowUp | undefined => {
    const prepared = services.bank.question(questionId);
    if (prepared === undefined) return undefined;
    const asked = answers.filter((a) => a.step.kind === 'follow-up').map((a) => a.step.prompt);
    return selectFollowUp(combined, { question: prepared.question, templates, asked, company });
  };
}

/** The questions of a saved round that the bank still has, answered ones first, in the planned order. */
function plannedQuestions(services: Services, session: Session): RoundQuestion[] {
  const ids = [...session.questions.map((q) => q.questionId)];
  for (const id of session.settings.plan ?? []) if (!ids.includes(id)) ids.push(id);
  return ids.flatMap((id) => {
    const p = services.bank.question(id);
    const budget = session.questions.find((q) => q.questionId === id)?.budgetSec ?? p?.question.timeBudgetSec;
    return p === undefined || budget === undefined ? [] : [{ id, title: p.question.title, prompt: p.question.prompt, budgetMs: budget * 1000 }];
  });
}

function setup(services: Services, start: RoundStart): RoundSetup {
  const now = services.clock.now();
  if (start.kind === 'resume') {
    const session = start.session;
    const company = session.settings.company;
    const choose = chooser(services, company);
    const questions = plannedQuestions(services, session);
    const roundMs = (session.settings.minutes ?? 40) * 60_000;
    const resumed = resumeRound(session, questions, roundMs, now, (i, answers) => {
      const id = questions[i]?.id;
      const prepared = id === undefined ? undefined : services.bank.question(id);
      if (id === undefined || prepared === undefined) return undefined;
      return choose(id, answers, gradeAnswer(prepared, answers.map((a) => a.text).join('\n\n')));
    });
    return { state: resumed.state, base: { ...session, status: 'active' }, timeline: resumed.timeline, company };
  }
  const state = startRound(start.questions, start.minutes * 60_000, now);
  const iso = new Date(now).toISOString();
  const base: Session = {
    schemaVersion: 1,
    id: newSessionId(new Date(now), services.random),
    mode: 'round',
    status: 'active',
    startedAt: iso,
    updatedAt: iso,
    settings: {
      minutes: start.minutes,
      count: start.questions.length,
      ...(start.company === undefined ? {} : { company: start.company }),
      ...(start.cluster === undefined ? {} : { cluster: start.cluster }),
    },
    grader: services.grader.kind,
    interviewer: services.interviewer.kind,
    questions: [],
    drill: [],
  };
  return { state, base, timeline: startTimeline(now), company: start.company };
}

export interface RoundControls {
  readonly state: RoundState;
  readonly editor: EditorState;
  readonly now: number;
  readonly sessionId: string;
  /** All answers to the current question graded together: what the follow-up was chosen from. */
  readonly combined: Grade | undefined;
  readonly saveError: string | undefined;
  /** While grading: the grade once known, and the follow-up as it streams. */
  readonly pending: { readonly grade: Grade; readonly followUp: string } | undefined;
  edit(action: EditorAction): void;
  submit(): boolean;
  next(): void;
  /** Saves everything, the draft included, as an unfinished session. */
  leave(): void;
}

export function useRound(services: Services, start: RoundStart): RoundControls {
  const { clock, ticker, grader, bank } = services;
  const [initial] = useState(() => setup(services, start));
  const [state, setState] = useState(initial.state);
  const [combined, setCombined] = useState<Grade | undefined>(undefined);
  // The grade, shown while the interviewer's follow-up is still being written.
  const [pending, setPending] = useState<{ grade: Grade; followUp: string } | undefined>(undefined);
  const stateRef = useRef(state);
  stateRef.current = state;
  const timeline = useRef(initial.timeline);
  const { save, error } = useSessionWriter(services.store);
  const base = initial.base;

  const dispatch = useCallback((action: RoundAction) => setState((s) => roundReducer(s, action)), []);

  /** The draft's history with the text as it stands now, to keep with the answer if it is submitted. */
  const finalTimeline = (at: number) => (timeline.current === undefined ? undefined : recordSnapshot(timeline.current, editorText(stateRef.current.editor), at).snapshots);
  const savedRef = useRef<(text: string, at: number) => void>(() => undefined);
  const snapshot = useCallback(
    (s: RoundState, at: number): Session => {
      if (s.phase.kind === 'answering' && timeline.current !== undefined) timeline.current = recordSnapshot(timeline.current, editorText(s.editor), at);
      savedRef.current(editorText(s.editor), at);
      return roundToSession(base, s, timeline.current, at);
    },
    [base],
  );
  const { now, saved } = useTicks(
    ticker,
    clock,
    stateRef,
    (t) => dispatch({ type: 'tick', now: t, timeline: finalTimeline(t) }),
    (s, t) => save(snapshot(s, t)),
  );
  savedRef.current = saved;

  // Every event (submitted, graded, next step, finished) is saved as it happens.
  useEffect(() => {
    const p = state.phase;
    if (p.kind === 'answering' && timeline.current?.startedAt !== p.startedAt) timeline.current = startTimeline(p.startedAt);
    save(snapshot(state, clock.now()));
  }, [state.phase.kind, state.index, state.answers]);

  useEffect(() => {
    const phase = state.phase;
    if (phase.kind !== 'grading') return undefined;
    const question = state.questions[state.index];
    const prepared = question === undefined ? undefined : bank.question(question.id);
    if (question === undefined || prepared === undefined) return undefined;
    const controller = new AbortController();
    const prior = state.answers[state.index] ?? [];
    const room = roomForFollowUp(state);
    void (async () => {
      const grade = await grader.grade(prepared, phase.text, controller.signal).catch(() => gradeAnswer(prepared, phase.text));
      if (controller.signal.aborted) return;
      // All the answers together, by the rubric (instant): what the interviewer presses next.
      const texts = [...prior.map((a) => a.text), phase.text];
      const together = prior.length === 0 ? grade : gradeAnswer(prepared, texts.join('\n\n'));
      setPending({ grade, followUp: '' });
      const next = room
        ? await services.interviewer
            .followUp(
              { prepared, answers: texts, grade: together, asked: prior.filter((a) => a.step.kind === 'follow-up').map((a) => a.step.prompt), company: initial.company, templates: templatesOf(services) },
              (text) => setPending({ grade, followUp: text }),
              controller.signal,
            )
            .catch(() => undefined)
        : undefined;
      if (controller.signal.aborted) return;
      setPending(undefined);
      setCombined(together);
      dispatch({ type: 'graded', grade, next, now: clock.now() });
    })();
    return () => controller.abort();
  }, [state.phase]);

  const edit = useCallback((action: EditorAction) => dispatch({ type: 'edit', action }), [dispatch]);

  const submit = useCallback((): boolean => {
    if (editorText(stateRef.current.editor).trim() === '') return false;
    dispatch({ type: 'submit', now: clock.now(), timeline: finalTimeline(clock.now()) });
    return true;
  }, [clock, dispatch]);

  const next = useCallback(() => {
    setCombined(undefined);
    dispatch({ type: 'continue', now: clock.now() });
  }, [clock, dispatch]);

  const leave = useCallback(() => {
    const s = stateRef.current;
    if (s.phase.kind !== 'finished') save(snapshot(s, clock.now()));
  }, [clock, save, snapshot]);

  return { state, editor: state.editor, now, sessionId: base.id, combined, saveError: error, pending, edit, submit, next, leave };
}
