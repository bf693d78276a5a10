/**
 * A running timed round: one state (the round with its editor buffer, the draft timeline, the
 * clocks, the grades, the follow-ups), the ports it calls (grader, interviewer, session store),
 * and a save after every event. The UI renders `getState()` and maps keys to the actions.
 */
import type { Company, Dimension } from '../../schemas/constants.js';
import type { Grade } from '../../schemas/grade.js';
import { newSessionId, type Session } from '../../schemas/session.js';
import type { QuestionBank } from '../bank.js';
import { gradeAnswer, type Grader } from '../grading/grade.js';
import { recordSnapshot, resumeRound, roundToSession, startTimeline, type DraftTimeline } from '../progress/session-record.js';
import { editorText, type EditorAction } from './editor.js';
import { hear, selectFollowUp, type Interviewer, type InterviewerTurn } from './follow-up.js';
import { roomForFollowUp, roundReducer, startRound, type RoundAction, type RoundAnswer, type RoundQuestion, type RoundState } from './round.js';
import { SessionSaver, type OpenSessions, type SessionSaves } from './session-saver.js';
import type { RoundStart } from './start.js';
import { autosaveDue, TICK_MS, type Clock, type LastSave, type Ticker } from './ticks.js';

export interface RoundPorts {
  readonly bank: QuestionBank;
  readonly grader: Grader;
  readonly interviewer: Interviewer;
  readonly store: SessionSaves;
  readonly clock: Clock;
  readonly ticker: Ticker;
  /** For a new session's id. */
  readonly random: () => number;
  /** Where the round stays listed while a snapshot may not be on disk, so an exit signal can flush it. */
  readonly openSessions?: OpenSessions | undefined;
}

/** While an answer is graded: its grade once known, and the interviewer's follow-up as it streams. */
export interface PendingGrade {
  readonly grade: Grade;
  readonly followUp: string;
}

export interface RoundControllerState {
  /** The round itself; its editor buffer holds the only copy of the answer being typed. */
  readonly round: RoundState;
  /** How the answer being typed grew; undefined when a resumed round opened on a review. */
  readonly timeline: DraftTimeline | undefined;
  /** The time the clocks were last drawn at. */
  readonly now: number;
  readonly sessionId: string;
  /**
   * Per question, all its answers graded together: what the latest follow-up was chosen from,
   * what the review of a follow-up answer compares against, and what the summary shows.
   */
  readonly combined: readonly (Grade | undefined)[];
  readonly pending: PendingGrade | undefined;
  /** "could not save the session: …" after a failed save, until one works. */
  readonly saveError: string | undefined;
}

/** What `submit` did: an empty answer is not submitted, and outside answering there is nothing to submit. */
export type SubmitResult = 'submitted' | 'empty' | 'not-answering';

type Templates = Readonly<Partial<Record<Dimension, readonly string[]>>>;

function templatesOf(bank: QuestionBank): Templates {
  return Object.fromEntries(bank.dimensions.map((d) => [d.id, d.followUps]));
}

function followUpsAsked(answers: readonly RoundAnswer[]): string[] {
  return answers.filter((a) => a.step.kind === 'follow-up').map((a) => a.step.prompt);
}

/** The questions of a saved round that the bank still has, answered ones first, in the planned order. */
function plannedQuestions(bank: QuestionBank, session: Session): RoundQuestion[] {
  const ids = [...session.questions.map((q) => q.questionId)];
  for (const id of session.settings.plan ?? []) if (!ids.includes(id)) ids.push(id);
  return ids.flatMap((id) => {
    const p = bank.question(id);
    const budget = session.questions.find((q) => q.questionId === id)?.budgetSec ?? p?.question.timeBudgetSec;
    return p === undefined || budget === undefined ? [] : [{ id, title: p.question.title, prompt: p.question.prompt, budgetMs: budget * 1000 }];
  });
}

/** All the answers to one question graded together by the rubric (instant). */
function gradeTogether(bank: QuestionBank, questionId: string | undefined, answers: readonly RoundAnswer[]): Grade | undefined {
  const prepared = questionId === undefined ? undefined : bank.question(questionId);
  return prepared === undefined ? undefined : gradeAnswer(prepared, answers.map((a) => a.text).join('\n\n'));
}

interface Setup {
  readonly state: RoundControllerState;
  readonly base: Session;
  readonly company: Company | undefined;
}

function setup(ports: RoundPorts, start: RoundStart): Setup {
  const { bank, clock } = ports;
  const now = clock.now();
  if (start.kind === 'resume') {
    const session = start.session;
    const company = session.settings.company;
    const templates = templatesOf(bank);
    const questions = plannedQuestions(bank, session);
    const roundMs = (session.settings.minutes ?? 40) * 60_000;
    // The scripted choice, for reopening a review: no model call while the screen is rebuilt.
    const resumed = resumeRound(session, questions, roundMs, now, (i, answers): InterviewerTurn | undefined => {
      const prepared = bank.question(questions[i]?.id ?? '');
      const together = gradeTogether(bank, questions[i]?.id, answers);
      if (prepared === undefined || together === undefined) return undefined;
      return selectFollowUp(together, { question: prepared.question, templates, asked: followUpsAsked(answers), company, heard: hear(prepared, answers.map((a) => a.text)) });
    });
    const combined = resumed.state.answers.map((answers, i) =>
      answers.length === 0 ? undefined : answers.length === 1 ? answers[0]?.grade : gradeTogether(bank, questions[i]?.id, answers),
    );
    const base: Session = { ...session, status: 'active' };
    return { state: { round: resumed.state, timeline: resumed.timeline, now, sessionId: base.id, combined, pending: undefined, saveError: undefined }, base, company };
  }
  const round = startRound(start.questions, start.minutes * 60_000, now);
  const iso = new Date(now).toISOString();
  const base: Session = {
    schemaVersion: 1,
    id: newSessionId(new Date(now), ports.random),
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
    grader: ports.grader.kind,
    interviewer: ports.interviewer.kind,
    questions: [],
    drill: [],
  };
  const state: RoundControllerState = { round, timeline: startTimeline(now), now, sessionId: base.id, combined: round.questions.map(() => undefined), pending: undefined, saveError: undefined };
  return { state, base, company: start.company };
}

/** Calls `run`, turning a synchronous throw into a rejection so one `.catch` covers both. */
function attempt<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run();
  } catch (e) {
    return Promise.reject(e);
  }
}

/** Submitted, graded, next step, finished: the changes saved as they happen. */
function isEvent(before: RoundState, after: RoundState): boolean {
  return before.phase.kind !== after.phase.kind || before.index !== after.index || before.answers !== after.answers;
}

export class RoundController {
  private state: RoundControllerState;
  private readonly base: Session;
  private readonly company: Company | undefined;
  private readonly templates: Templates;
  private readonly saver: SessionSaver;
  private readonly listeners = new Set<() => void>();
  private lastSave: LastSave;
  private grading: AbortController | undefined;
  private stopTicks: (() => void) | undefined;
  private leaveOpen: (() => void) | undefined;
  private started = false;

  constructor(
    private readonly ports: RoundPorts,
    start: RoundStart,
  ) {
    const s = setup(ports, start);
    this.state = s.state;
    this.base = s.base;
    this.company = s.company;
    this.templates = templatesOf(ports.bank);
    this.lastSave = { text: editorText(s.state.round.editor), at: s.state.now };
    this.saver = new SessionSaver(ports.store, (saveError) => this.set({ saveError }));
  }

  /** Starts the clocks and saves the round as it starts; the session stays open for exit flushes until disposed. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.leaveOpen = this.ports.openSessions?.add(this);
    this.stopTicks = this.ports.ticker.every(TICK_MS, () => this.tick(this.ports.clock.now()));
    this.onEvent(false);
  }

  readonly getState = (): RoundControllerState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  edit(action: EditorAction): void {
    this.apply({ type: 'edit', action });
  }

  submit(): SubmitResult {
    const round = this.state.round;
    if (round.phase.kind !== 'answering') return 'not-answering';
    if (editorText(round.editor).trim() === '') return 'empty';
    const now = this.ports.clock.now();
    this.apply({ type: 'submit', now, timeline: this.finalTimeline(now) });
    return 'submitted';
  }

  /** From a review: the follow-up, the next question, or the summary. */
  next(): void {
    if (this.state.round.phase.kind !== 'reviewing') return;
    this.apply({ type: 'continue', now: this.ports.clock.now() });
  }

  /** Saves everything, the draft included, as an unfinished session to resume later. */
  leave(): void {
    if (this.state.round.phase.kind !== 'finished') this.saver.save(this.snapshot(this.ports.clock.now()));
  }

  /** Moves the clocks on; submits the draft when one runs out, and autosaves a changed draft. */
  tick(now: number): void {
    const round = this.state.round;
    if (round.phase.kind === 'answering' && autosaveDue(this.lastSave, editorText(round.editor), now)) this.saver.save(this.snapshot(now));
    this.apply({ type: 'tick', now, timeline: this.finalTimeline(now) }, { now });
  }

  /** For exit signals: writes the newest snapshot not yet on disk, synchronously. */
  flushSync(): void {
    this.saver.flushSync();
  }

  settled(): Promise<void> {
    return this.saver.settled();
  }

  /** Stops the clocks and any grading; the session leaves the open list once its last save has landed. */
  dispose(): void {
    this.stopTicks?.();
    this.stopTicks = undefined;
    this.grading?.abort();
    this.grading = undefined;
    const leave = this.leaveOpen;
    this.leaveOpen = undefined;
    if (leave !== undefined) void this.saver.settled().then(leave);
  }

  private set(patch: Partial<RoundControllerState>): void {
    const next = { ...this.state, ...patch };
    if ((Object.keys(patch) as (keyof RoundControllerState)[]).every((k) => next[k] === this.state[k])) return;
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }

  private apply(action: RoundAction, patch: Partial<RoundControllerState> = {}): void {
    const before = this.state.round;
    const round = roundReducer(before, action);
    this.set({ ...patch, round });
    if (isEvent(before, round)) this.onEvent(before.phase.kind !== 'grading' && round.phase.kind === 'grading');
  }

  private onEvent(submitted: boolean): void {
    const { round, timeline } = this.state;
    const p = round.phase;
    if (p.kind === 'answering' && timeline?.startedAt !== p.startedAt) this.set({ timeline: startTimeline(p.startedAt) });
    this.saver.save(this.snapshot(this.ports.clock.now()));
    if (submitted) this.grade();
  }

  /** The session as it stands at `at`; a draft being typed joins its timeline. */
  private snapshot(at: number): Session {
    const { round, timeline } = this.state;
    const text = editorText(round.editor);
    if (round.phase.kind === 'answering' && timeline !== undefined) this.set({ timeline: recordSnapshot(timeline, text, at) });
    this.lastSave = { text, at };
    return roundToSession(this.base, round, this.state.timeline, at);
  }

  /** The draft's history with the text as it stands at `at`, kept with the answer if it is submitted now. */
  private finalTimeline(at: number): RoundAnswer['timeline'] {
    const { round, timeline } = this.state;
    return timeline === undefined ? undefined : recordSnapshot(timeline, editorText(round.editor), at).snapshots;
  }

  /** Grade, then all the answers to the question together, then the follow-up chosen from that. */
  private grade(): void {
    const round = this.state.round;
    const phase = round.phase;
    if (phase.kind !== 'grading') return;
    const index = round.index;
    const prepared = this.ports.bank.question(round.questions[index]?.id ?? '');
    if (prepared === undefined) return;
    const abort = new AbortController();
    this.grading?.abort();
    this.grading = abort;
    const prior = round.answers[index] ?? [];
    const room = roomForFollowUp(round);
    const { grader, interviewer, clock } = this.ports;
    void (async () => {
      // A grader that fails falls back to the rubric: the round never stops for it.
      const grade = await attempt(() => grader.grade(prepared, phase.text, abort.signal)).catch(() => gradeAnswer(prepared, phase.text));
      if (abort.signal.aborted) return;
      const texts = [...prior.map((a) => a.text), phase.text];
      const together = prior.length === 0 ? grade : gradeAnswer(prepared, texts.join('\n\n'));
      this.set({ pending: { grade, followUp: '' } });
      // No probe is asked twice in a session; near the end of the question the standard probes come first.
      const request = { prepared, answers: texts, grade: together, asked: followUpsAsked(round.answers.flat()), company: this.company, templates: this.templates, timeLeftMs: round.questionLeftMs };
      const onText = (followUp: string): void => {
        if (!abort.signal.aborted) this.set({ pending: { grade, followUp } });
      };
      const next = room ? await attempt(() => interviewer.followUp(request, onText, abort.signal)).catch(() => undefined) : undefined;
      if (abort.signal.aborted) return;
      if (this.grading === abort) this.grading = undefined;
      const combined = this.state.combined.map((g, i) => (i === index ? together : g));
      this.apply({ type: 'graded', grade, next, now: clock.now() }, { pending: undefined, combined });
    })();
  }
}
