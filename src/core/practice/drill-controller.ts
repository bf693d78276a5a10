/**
 * A running drill: one state (the drill with its editor buffer, the draft timeline, the clock,
 * the model's re-check), a save after every event, and autosaves of the answer being typed.
 */
import { PREP_KINDS, type DrillVariant } from '../../schemas/constants.js';
import { newSessionId, type Session } from '../../schemas/session.js';
import type { QuestionBank } from '../bank.js';
import type { DrillChecker, DrillItemGrade } from '../grading/drill-grade.js';
import { drillToSession, recordSnapshot, resumeDrill, startTimeline, type DraftTimeline } from '../progress/session-record.js';
import { drillReducer, startDrill, type DrillAction, type DrillGrader, type DrillState } from './drill.js';
import { drillCatalog, type DrillCatalog } from './drill-items.js';
import { editorText, type EditorAction } from './editor.js';
import { openSession, SessionSaver, type OpenSessions, type SessionSaves } from './session-saver.js';
import type { DrillStart } from './start.js';
import { autosaveDue, TICK_MS, type Clock, type LastSave, type Ticker } from './ticks.js';
import type { SubmitResult } from './round-controller.js';

const UNKNOWN: DrillItemGrade = { itemId: '', named: [], missed: [], atLeast: 1, correct: false, score: 0 };

/** Grades any drill item by id through the catalog; an id the bank no longer has names nothing. */
export function drillGrader(catalog: DrillCatalog): DrillGrader {
  return (itemId, answer) => catalog.entry(itemId)?.grade(answer) ?? { ...UNKNOWN, itemId };
}

export interface DrillPorts {
  readonly bank: QuestionBank;
  /** Checks a finished drill's answers again with the model, several at once. */
  readonly drillChecker: DrillChecker;
  readonly store: SessionSaves;
  readonly clock: Clock;
  readonly ticker: Ticker;
  /** For a new session's id. */
  readonly random: () => number;
  /** Where the drill stays listed while a snapshot may not be on disk, so an exit signal can flush it. */
  readonly openSessions?: OpenSessions | undefined;
}

/** The model's second look at a finished drill: not started, running, or how many more items it credited. */
export type Recheck = 'idle' | 'running' | { readonly credited: number };

export interface DrillControllerState {
  /** The drill itself; its editor buffer holds the only copy of the answer being typed. */
  readonly drill: DrillState;
  readonly timeline: DraftTimeline;
  /** The time the clock was last drawn at. */
  readonly now: number;
  readonly sessionId: string;
  readonly variant: DrillVariant;
  readonly recheck: Recheck;
  /** "could not save the session: …" after a failed save, until one works. */
  readonly saveError: string | undefined;
}

function setup(ports: DrillPorts, start: DrillStart, catalog: DrillCatalog, grader: DrillGrader): { drill: DrillState; base: Session } {
  const now = ports.clock.now();
  if (start.kind === 'resume') {
    const seconds = start.session.settings.seconds;
    const items = (start.session.settings.plan ?? start.session.drill.map((d) => d.itemId)).flatMap((id) => catalog.prompt(id, seconds) ?? []);
    return { drill: resumeDrill(start.session, items, now, grader).state, base: { ...start.session, status: 'active' } };
  }
  const iso = new Date(now).toISOString();
  const base: Session = {
    schemaVersion: 1,
    id: newSessionId(new Date(now), ports.random),
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
  return { drill: startDrill(start.items, now), base };
}

export class DrillController {
  private state: DrillControllerState;
  private readonly base: Session;
  private readonly catalog: DrillCatalog;
  private readonly grader: DrillGrader;
  private readonly saver: SessionSaver;
  private readonly listeners = new Set<() => void>();
  private lastSave: LastSave;
  private rechecking: AbortController | undefined;
  private stopTicks: (() => void) | undefined;
  /** Closes the session once its last save has landed (see openSession). */
  private close: (() => void) | undefined;
  private started = false;
  /** A new session, not a resumed one: starting it closes the older unfinished ones of its mode. */
  private readonly fresh: boolean;

  constructor(
    private readonly ports: DrillPorts,
    start: DrillStart,
  ) {
    this.fresh = start.kind === 'new';
    this.catalog = drillCatalog(ports.bank);
    this.grader = drillGrader(this.catalog);
    const { drill, base } = setup(ports, start, this.catalog, this.grader);
    this.base = base;
    const now = ports.clock.now();
    this.state = { drill, timeline: startTimeline(now), now, sessionId: base.id, variant: base.settings.variant ?? 'rapid-fire', recheck: 'idle', saveError: undefined };
    this.lastSave = { text: editorText(drill.editor), at: now };
    this.saver = new SessionSaver(ports.store, (saveError) => this.set({ saveError }));
  }

  /** Starts the clock and saves the drill as it starts; the session stays open for exit flushes until disposed. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const fresh = this.fresh ? { mode: 'drill' as const, at: new Date(this.ports.clock.now()).toISOString() } : undefined;
    this.close = openSession(this.ports.store, this.state.sessionId, this.saver, this, this.ports.openSessions, fresh);
    this.stopTicks = this.ports.ticker.every(TICK_MS, () => this.tick(this.ports.clock.now()));
    this.onEvent();
  }

  readonly getState = (): DrillControllerState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Edits the answer; a drill answer is one line, so line breaks become spaces. */
  edit(action: EditorAction): void {
    this.apply({ type: 'edit', action });
  }

  submit(): SubmitResult {
    const drill = this.state.drill;
    if (drill.phase.kind !== 'answering') return 'not-answering';
    if (editorText(drill.editor).trim() === '') return 'empty';
    this.apply({ type: 'submit', now: this.ports.clock.now() });
    return 'submitted';
  }

  /** From a review: the next prompt, or the summary. */
  next(): void {
    if (this.state.drill.phase.kind !== 'reviewing') return;
    this.apply({ type: 'continue', now: this.ports.clock.now() });
  }

  /** The leave question is up (true) or was answered "stay" (false): the clocks stop meanwhile and then go on. */
  hold(on: boolean): void {
    this.apply({ type: on ? 'pause' : 'resume', now: this.ports.clock.now() });
  }

  /** Saves the answers so far and the draft as an unfinished session to resume later. */
  leave(): void {
    if (this.state.drill.phase.kind !== 'finished') this.saver.save(this.snapshot(this.ports.clock.now()));
  }

  /** Moves the clock on; submits the draft when it runs out, and autosaves a changed draft. */
  tick(now: number): void {
    const drill = this.state.drill;
    if (drill.phase.kind === 'answering' && autosaveDue(this.lastSave, editorText(drill.editor), now)) this.saver.save(this.snapshot(now));
    this.apply({ type: 'tick', now }, { now });
  }

  /** For exit signals: writes the newest snapshot not yet on disk, synchronously. */
  flushSync(): void {
    // What was typed since the last autosave is written too: an exit signal loses no keystroke.
    const drill = this.state.drill;
    const typed = drill.phase.kind === 'answering' && editorText(drill.editor) !== this.lastSave.text;
    this.saver.flushSync(typed ? this.snapshot(this.ports.clock.now()) : undefined);
  }

  settled(): Promise<void> {
    return this.saver.settled();
  }

  /** Stops the clock and any re-check; the session leaves the open list once its last save has landed. */
  dispose(): void {
    this.stopTicks?.();
    this.stopTicks = undefined;
    this.rechecking?.abort();
    this.rechecking = undefined;
    this.close?.();
    this.close = undefined;
  }

  private set(patch: Partial<DrillControllerState>): void {
    const next = { ...this.state, ...patch };
    if ((Object.keys(patch) as (keyof DrillControllerState)[]).every((k) => next[k] === this.state[k])) return;
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }

  private apply(action: DrillAction, patch: Partial<DrillControllerState> = {}): void {
    const before = this.state.drill;
    const drill = drillReducer(before, action, this.grader);
    this.set({ ...patch, drill });
    if (before.phase.kind !== drill.phase.kind || before.index !== drill.index) this.onEvent();
  }

  /** Graded, next prompt, finished: saved as it happens; a completed drill is then re-checked. */
  private onEvent(): void {
    const phase = this.state.drill.phase;
    if (phase.kind === 'answering') this.set({ timeline: startTimeline(phase.clock.startedAt) });
    this.saver.save(this.snapshot(this.ports.clock.now()));
    if (phase.kind === 'finished') this.recheck();
  }

  private snapshot(at: number): Session {
    const { drill, timeline } = this.state;
    const text = editorText(drill.editor);
    this.set({ timeline: recordSnapshot(timeline, text, at) });
    this.lastSave = { text, at };
    return drillToSession(this.base, drill, this.state.timeline, at);
  }

  /** With a model, a completed drill's answers are checked again, all at once, for items named in other words. */
  private recheck(): void {
    const { drill, recheck } = this.state;
    if (drill.phase.kind !== 'finished' || drill.phase.reason !== 'completed' || this.ports.drillChecker.kind !== 'list+model' || recheck !== 'idle') return;
    // A preparation drill is judged on more than the items named (order, a figure, a trap): a model's extra credit cannot rule on those.
    if ((PREP_KINDS as readonly string[]).includes(this.state.variant)) return;
    const entries = drill.results.flatMap((r) => {
      const item = this.catalog.entry(r.itemId)?.item;
      return item === undefined ? [] : [{ item, answer: r.answer, grade: r.grade }];
    });
    if (entries.length !== drill.results.length) return;
    const abort = new AbortController();
    this.rechecking = abort;
    this.set({ recheck: 'running' });
    const before = drill.results.reduce((n, r) => n + r.grade.named.length, 0);
    // A checker that fails leaves the list grades as they were, as the model checker does per answer.
    void Promise.resolve()
      .then(() => this.ports.drillChecker.checkMany(entries, abort.signal))
      .catch(() => entries.map((e) => e.grade))
      .then((grades) => {
        if (abort.signal.aborted) return;
        this.rechecking = undefined;
        const after = grades.reduce((n, g) => n + g.named.length, 0);
        const rechecked = drillReducer(this.state.drill, { type: 'rechecked', grades }, this.grader);
        this.set({ recheck: { credited: after - before }, drill: rechecked });
        this.saver.save(drillToSession(this.base, rechecked, undefined, this.ports.clock.now()));
      });
  }
}
