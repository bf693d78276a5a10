import { useCallback, useEffect, useRef, useState } from 'react';
import { drillReducer, startDrill, type DrillAction, type DrillGrader, type DrillPrompt, type DrillState } from '../../core/practice/drill.js';
import type { DrillItemGrade } from '../../core/grading/drill-grade.js';
import { drillCatalog, type DrillCatalog } from '../../core/practice/drill-items.js';
import { drillToSession, recordSnapshot, resumeDrill, startTimeline, type DraftTimeline } from '../../core/progress/session-record.js';
import { editorText, type EditorAction } from '../../core/practice/editor.js';
import { newSessionId, type Session } from '../../schemas/session.js';
import type { Services } from '../services.js';
import type { DrillStart } from '../../core/practice/start.js';
import type { DrillVariant } from '../../schemas/constants.js';
export type { DrillStart } from '../../core/practice/start.js';
import { useTicks } from './use-ticks.js';
import { useSessionWriter } from './use-session-writer.js';


const UNKNOWN: DrillItemGrade = { itemId: '', named: [], missed: [], atLeast: 1, correct: false, score: 0 };

export function drillGrader(catalog: DrillCatalog): DrillGrader {
  return (itemId, answer) => catalog.entry(itemId)?.grade(answer) ?? { ...UNKNOWN, itemId };
}

export interface DrillControls {
  readonly state: DrillState;
  readonly now: number;
  readonly sessionId: string;
  readonly variant: DrillVariant;
  readonly saveError: string | undefined;
  /** The model's second look at a finished drill: running, or how many more items it credited. */
  readonly recheck: 'idle' | 'running' | { readonly credited: number };
  edit(action: EditorAction): void;
  submit(): boolean;
  next(): void;
  leave(): void;
}

export function useDrill(services: Services, start: DrillStart): DrillControls {
  const { clock, ticker } = services;
  const [catalog] = useState(() => drillCatalog(services.bank));
  const [grader] = useState(() => drillGrader(catalog));
  const [initial] = useState(() => {
    const now = clock.now();
    if (start.kind === 'resume') {
      const seconds = start.session.settings.seconds;
      const items = (start.session.settings.plan ?? start.session.drill.map((d) => d.itemId)).flatMap((id) => catalog.prompt(id, seconds) ?? []);
      return { state: resumeDrill(start.session, items, now, grader).state, base: { ...start.session, status: 'active' as const } };
    }
    const iso = new Date(now).toISOString();
    const base: Session = {
      schemaVersion: 1,
      id: newSessionId(new Date(now), services.random),
      mode: 'drill',
      status: 'active',
      startedAt: iso,
      updatedAt: iso,
      settings: { count: start.items.length, ...(start.seconds === undefined ? {} : { seconds: start.seconds }), ...(start.variant === undefined || start.variant === 'rapid-fire' ? {} : { variant: start.variant }) },
      grader: 'rubric',
      interviewer: 'scripted',
      questions: [],
      drill: [],
    };
    return { state: startDrill(start.items, now), base };
  });
  const [state, setState] = useState<DrillState>(initial.state);
  const stateRef = useRef(state);
  stateRef.current = state;
  const timeline = useRef<DraftTimeline>(startTimeline(clock.now()));
  const { save, error } = useSessionWriter(services.store);
  const base = initial.base;
  const dispatch = useCallback((action: DrillAction) => setState((s) => drillReducer(s, action, grader)), [grader]);

  const savedRef = useRef<(text: string, at: number) => void>(() => undefined);
  const snapshot = useCallback(
    (s: DrillState, at: number): Session => {
      timeline.current = recordSnapshot(timeline.current, editorText(s.editor), at);
      savedRef.current(editorText(s.editor), at);
      return drillToSession(base, s, timeline.current, at);
    },
    [base],
  );
  const { now, saved } = useTicks(
    ticker,
    clock,
    stateRef,
    (t) => dispatch({ type: 'tick', now: t }),
    (s, t) => save(snapshot(s, t)),
  );
  savedRef.current = saved;

  useEffect(() => {
    if (state.phase.kind === 'answering') timeline.current = startTimeline(state.phase.clock.startedAt);
    save(snapshot(state, clock.now()));
  }, [state.phase.kind, state.index]);

  // With a model, a finished drill's answers are checked again, all at once, for items named in other words.
  const [recheck, setRecheck] = useState<'idle' | 'running' | { readonly credited: number }>('idle');
  useEffect(() => {
    if (state.phase.kind !== 'finished' || state.phase.reason !== 'completed' || services.drillChecker.kind !== 'list+model' || recheck !== 'idle') return undefined;
    const entries = state.results.flatMap((r) => {
      const item = catalog.entry(r.itemId)?.item;
      return item === undefined ? [] : [{ item, answer: r.answer, grade: r.grade }];
    });
    if (entries.length !== state.results.length) return undefined;
    const controller = new AbortController();
    setRecheck('running');
    void services.drillChecker.checkMany(entries, controller.signal).then((grades) => {
      if (controller.signal.aborted) return;
      const before = state.results.reduce((n, r) => n + r.grade.named.length, 0);
      const after = grades.reduce((n, g) => n + g.named.length, 0);
      setRecheck({ credited: after - before });
      const next = drillReducer(stateRef.current, { type: 'rechecked', grades }, grader);
      setState(next);
      save(drillToSession(base, next, undefined, clock.now()));
    });
    return () => controller.abort();
  }, [state.phase.kind]);

  return {
    state,
    now,
    sessionId: base.id,
    variant: base.settings.variant ?? 'rapid-fire',
    saveError: error,
    recheck,
    edit: useCallback((action: EditorAction) => dispatch({ type: 'edit', action }), [dispatch]),
    submit: useCallback(() => {
      if (editorText(stateRef.current.editor).trim() === '') return false;
      dispatch({ type: 'submit', now: clock.now() });
      return true;
    }, [clock, dispatch]),
    next: useCallback(() => dispatch({ type: 'continue', now: clock.now() }), [clock, dispatch]),
    leave: useCallback(() => {
      const s = stateRef.current;
      if (s.phase.kind !== 'finished') save(snapshot(s, clock.now()));
    }, [clock, save, snapshot]),
  };
}
