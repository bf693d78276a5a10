/**
 * A running timed round: one state (the round with its editor buffer, the draft timeline, the
 * clocks, the grades, the follow-ups), the ports it calls (grader, interviewer, session store),
 * and a save after every event. The UI renders `getState()` and maps keys to the actions.
 */
import type { Company, Dimension } from '../../schemas/constants.js';
import type { Grade } from '../../schemas/grade.js';
import { newSessionId, type Session } from '../../schemas/session.js';
import type { QuestionBank } from '../bank.js';
import { gradeAnswer, type Grader, type PreparedRubric } from '../grading/grade.js';
import { inCompanyMode } from '../grading/company.js';
import { reviewSummary } from '../grading/verdicts.js';
import { recordSnapshot, resumeRound, roundToSession, startTimeline, type DraftTimeline } from '../progress/session-record.js';
import { editorText, type EditorAction } from './editor.js';
import { answerFromFacts, creditClarifications, type Clarification } from './clarify.js';
import { hear, selectFollowUp, type ClarifyTurn, type Interviewer, type InterviewerTurn } from './follow-up.js';
import { roomForFollowUp, roundReducer, startRound, type RoundAction, type RoundAnswer, type RoundQuestion, type RoundState } from './round.js';
import { WRAP_UP } from './scenario.js';
import { openSession, SessionSaver, type OpenSessions, type SessionSaves } from './session-saver.js';
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

/**
 * The model's check of one answer's grade, which never holds the round up: working since a time
 * (the screen shows the seconds), then what it found, shown beside that answer's grade.
 */
export type ModelCheck =
  | { readonly state: 'working'; readonly question: number; readonly answer: number; readonly since: number }
  | { readonly state: 'done'; readonly question: number; readonly answer: number; readonly summary: string };

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
  /** A clarifying question the interviewer is answering; the clock keeps running meanwhile. */
  readonly asking: string | undefined;
  /** A 45-minute scenario (one question, a wrap-up), not a round of several questions. */
  readonly scenario: boolean;
  /** The interviewer's style: it changes which probes are asked. */
  readonly company: Company | undefined;
  /** The model's checks of grades, newest last; one per answer at most. */
  readonly checks: readonly ModelCheck[];
}

/** What `submit` did: an empty answer is not submitted, and outside answering there is nothing to submit. */
export type SubmitResult = 'submitted' | 'empty' | 'not-answering';

/** What `clarify` did: asked, nothing to ask, a reply still coming, or the round is over. */
export type ClarifyResult = 'asked' | 'empty' | 'busy' | 'not-now';

/** What `skip` did: moved on, or not (nothing typed is the rule: an answer in progress is never thrown away). */
export type SkipResult = 'skipped' | 'typed' | 'not-now';

/** The longest clarifying question: one line, as asked across a table. */
export const MAX_CLARIFY_CHARS = 300;

type Templates = Readonly<Partial<Record<Dimension, readonly string[]>>>;

function templatesOf(bank: QuestionBank): Templates {
  return Object.fromEntries(bank.dimensions.map((d) => [d.id, d.followUps]));
}

function followUpsAsked(answers: readonly RoundAnswer[]): string[] {
  return answers.filter((a) => a.step.kind === 'follow-up').map((a) => a.step.prompt);
}

/** The dimensions of the follow-ups the candidate moved on from. */
function movedOnFrom(answers: readonly RoundAnswer[]): Dimension[] {
  return answers.flatMap((a) => (a.skipped === true && a.step.dimension !== undefined ? [a.step.dimension] : []));
}

/** The clarifying questions asked up to `at`: before the first answer, they earn constraints credit. */
function askedBy(clarifications: readonly Clarification[] | undefined, at: number): string[] {
  return (clarifications ?? []).filter((c) => c.askedAt <= at).map((c) => c.question);
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

/** The question as the round's company mode grades it: its weights and its emphasis criteria. */
export function gradedAs(bank: QuestionBank, questionId: string, company: Company | undefined): PreparedRubric | undefined {
  const prepared = bank.question(questionId);
  return prepared === undefined || company === undefined ? prepared : inCompanyMode(prepared, bank.company(company));
}

/**
 * All the answers to one question graded together by the rubric (instant): what was moved on from
 * says nothing, and what was asked before the first answer earns its constraints credit.
 */
function gradeTogether(bank: QuestionBank, questionId: string | undefined, answers: readonly RoundAnswer[], clarifications: readonly Clarification[] | undefined, company: Company | undefined): Grade | undefined {
  const prepared = questionId === undefined ? undefined : gradedAs(bank, questionId, company);
  if (prepared === undefined) return undefined;
  const spoken = answers.filter((a) => a.skipped !== true);
  const first = answers.find((a) => a.step.kind === 'initial');
  const graded = gradeAnswer(prepared, spoken.map((a) => a.text).join('\n\n'));
  return first === undefined ? graded : creditClarifications(prepared, graded, askedBy(clarifications, first.submittedAt));
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
    const scenario = session.settings.scenario === true;
    const clarifications = session.questions.map((q) => (q.clarifications ?? []).map((c) => ({ ...c, askedAt: Date.parse(c.askedAt) })));
    // The scripted choice, for reopening a review: no model call while the screen is rebuilt.
    const resumed = resumeRound(
      session,
      questions,
      roundMs,
      now,
      (i, answers): InterviewerTurn | undefined => {
        const prepared = bank.question(questions[i]?.id ?? '');
        const together = gradeTogether(bank, questions[i]?.id, answers, clarifications[i], company);
        if (prepared === undefined || together === undefined) return undefined;
        const spoken = answers.filter((a) => a.skipped !== true).map((a) => a.text);
        return selectFollowUp(together, { question: prepared.question, templates, asked: followUpsAsked(answers), company, heard: hear(prepared, spoken), movedOn: movedOnFrom(answers) });
      },
      scenario ? WRAP_UP : undefined,
    );
    const combined = resumed.state.answers.map((answers, i) => (answers.length === 0 ? undefined : gradeTogether(bank, questions[i]?.id, answers, resumed.state.clarifications[i], company)));
    const base: Session = { ...session, status: 'active' };
    return { state: { round: resumed.state, timeline: resumed.timeline, now, sessionId: base.id, combined, pending: undefined, saveError: undefined, asking: undefined, scenario, company, checks: [] }, base, company };
  }
  const scenario = start.scenario === true;
  const round = startRound(start.questions, start.minutes * 60_000, now, scenario ? WRAP_UP : undefined);
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
      ...(scenario ? { scenario: true } : {}),
    },
    grader: ports.grader.kind,
    interviewer: ports.interviewer.kind,
    questions: [],
    drill: [],
  };
  const state: RoundControllerState = { round, timeline: startTimeline(now), now, sessionId: base.id, combined: round.questions.map(() => undefined), pending: undefined, saveError: undefined, asking: undefined, scenario, company: start.company, checks: [] };
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

/** Submitted, graded, next step, finished, a clarifying question answered: the changes saved as they happen. */
function isEvent(before: RoundState, after: RoundState): boolean {
  return before.phase.kind !== after.phase.kind || before.index !== after.index || before.answers !== after.answers || before.clarifications !== after.clarifications;
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
  /** The model's checks still running; leaving the round stops them. */
  private readonly checking = new Set<AbortController>();
  private clarifying: AbortController | undefined;
  private stopTicks: (() => void) | undefined;
  /** Closes the session once its last save has landed (see openSession). */
  private close: (() => void) | undefined;
  private started = false;
  /** A new session, not a resumed one: starting it closes the older unfinished ones of its mode. */
  private readonly fresh: boolean;

  constructor(
    private readonly ports: RoundPorts,
    start: RoundStart,
  ) {
    this.fresh = start.kind === 'new';
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
    const fresh = this.fresh ? { mode: 'round' as const, at: new Date(this.ports.clock.now()).toISOString() } : undefined;
    this.close = openSession(this.ports.store, this.state.sessionId, this.saver, this, this.ports.openSessions, fresh);
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

  /**
   * Asks the interviewer a clarifying question. The clock keeps running, as across a real table;
   * the reply comes from the fact sheet (or the model, held to it) and is kept with the question.
   */
  clarify(question: string): ClarifyResult {
    const text = question.replace(/\s+/g, ' ').trim().slice(0, MAX_CLARIFY_CHARS);
    const round = this.state.round;
    if (round.phase.kind === 'finished') return 'not-now';
    if (text === '') return 'empty';
    if (this.state.asking !== undefined) return 'busy';
    const prepared = this.ports.bank.question(round.questions[round.index]?.id ?? '');
    if (prepared === undefined) return 'not-now';
    const askedAt = this.ports.clock.now();
    const index = round.index;
    const given = (round.clarifications[index] ?? []).flatMap((c) => c.facts);
    const abort = new AbortController();
    this.clarifying = abort;
    this.set({ asking: text });
    void (async () => {
      const fromSheet = (): ClarifyTurn => {
        const a = answerFromFacts(prepared, text, given);
        return { text: a.text, facts: a.facts.map((f) => f.id), source: 'scripted', fallback: 'the interviewer failed' };
      };
      const turn = await attempt(() => this.ports.interviewer.clarify({ prepared, question: text, given }, abort.signal)).catch(fromSheet);
      if (abort.signal.aborted) return;
      this.clarifying = undefined;
      this.set({ asking: undefined });
      // A reply that lands after the question moved on still belongs to the question it was asked about.
      if (this.state.round.index !== index) return;
      const clarification: Clarification = { question: text, answer: turn.text, facts: turn.facts, askedAt, source: turn.source, ...(turn.fallback === undefined ? {} : { fallback: turn.fallback }) };
      this.apply({ type: 'clarified', clarification });
    })();
    return 'asked';
  }

  /**
   * "I'd rather move on": the follow-up in view is recorded as skipped and the interviewer turns to
   * something else, or, with `endQuestion`, to the next question. Only while nothing is typed.
   */
  skip(endQuestion = false): SkipResult {
    const p = this.state.round.phase;
    const canSkip = (p.kind === 'reviewing' && p.next !== undefined) || (p.kind === 'answering' && p.step.kind === 'follow-up');
    if (!canSkip) return 'not-now';
    if (p.kind === 'answering' && editorText(this.state.round.editor).trim() !== '') return 'typed';
    this.apply({ type: 'skip', now: this.ports.clock.now(), endQuestion });
    return 'skipped';
  }

  /** From a review: the follow-up, the next question, or the summary. */
  next(): void {
    if (this.state.round.phase.kind !== 'reviewing') return;
    this.apply({ type: 'continue', now: this.ports.clock.now() });
  }

  /** The leave question is up (true) or was answered "stay" (false): the clocks stop meanwhile and then go on. */
  hold(on: boolean): void {
    this.apply({ type: on ? 'pause' : 'resume', now: this.ports.clock.now() });
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
    // What was typed since the last autosave is written too: an exit signal loses no keystroke.
    const round = this.state.round;
    const typed = round.phase.kind === 'answering' && editorText(round.editor) !== this.lastSave.text;
    this.saver.flushSync(typed ? this.snapshot(this.ports.clock.now()) : undefined);
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
    this.clarifying?.abort();
    this.clarifying = undefined;
    for (const c of this.checking) c.abort();
    this.checking.clear();
    this.close?.();
    this.close = undefined;
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

  /**
   * Asks the model to check a grade already shown. The round never waits: the check's seconds show
   * beside the grade, and its verdicts replace the grade (and are saved) when they arrive.
   */
  private startCheck(grader: Grader, prepared: PreparedRubric, text: string, grade: Grade, question: number, answer: number): Promise<Grade | undefined> | undefined {
    const abort = new AbortController();
    let running: Promise<Grade> | undefined;
    try {
      running = grader.review?.(prepared, text, grade, abort.signal);
    } catch {
      running = undefined;
    }
    if (running === undefined) return undefined;
    this.checking.add(abort);
    const others = this.state.checks.filter((c) => c.question !== question || c.answer !== answer);
    this.set({ checks: [...others, { state: 'working', question, answer, since: this.ports.clock.now() }] });
    const settle = (reviewed: Grade | undefined): Grade | undefined => {
      this.checking.delete(abort);
      if (abort.signal.aborted) return undefined;
      const rest = this.state.checks.filter((c) => c.question !== question || c.answer !== answer);
      this.set({ checks: [...rest, { state: 'done', question, answer, summary: reviewSummary(reviewed) }] });
      return reviewed;
    };
    return running.then(settle, () => settle(undefined));
  }

  /** Puts the model's verdicts into an answer already stored; the change is saved like any other. */
  private storeReview(question: number, answer: number, grade: Grade): void {
    const only = (this.state.round.answers[question] ?? []).length === 1;
    const combined = only ? this.state.combined.map((g, i) => (i === question ? grade : g)) : this.state.combined;
    this.apply({ type: 'reviewed', question, answer, grade }, { combined });
  }

  /** Grade, then all the answers to the question together, then the follow-up chosen from that. */
  private grade(): void {
    const round = this.state.round;
    const phase = round.phase;
    if (phase.kind !== 'grading') return;
    const index = round.index;
    const prepared = gradedAs(this.ports.bank, round.questions[index]?.id ?? '', this.company);
    if (prepared === undefined) return;
    const abort = new AbortController();
    this.grading?.abort();
    this.grading = abort;
    const prior = round.answers[index] ?? [];
    const room = roomForFollowUp(round);
    const { grader, interviewer, clock } = this.ports;
    const skipped = phase.skipped === true;
    const clarifications = round.clarifications[index];
    const position = prior.length;
    void (async () => {
      // A grader that can review shows the rubric grade at once and checks it in the background; one
      // that cannot is waited for. A grader that fails falls back to the rubric. A skip has nothing to grade.
      const graded = skipped || grader.review !== undefined ? gradeAnswer(prepared, phase.text) : await attempt(() => grader.grade(prepared, phase.text, abort.signal)).catch(() => gradeAnswer(prepared, phase.text));
      if (abort.signal.aborted) return;
      let grade = phase.step.kind === 'initial' ? creditClarifications(prepared, graded, askedBy(clarifications, phase.submittedAt)) : graded;
      let stored = false;
      const check = skipped ? undefined : this.startCheck(grader, prepared, phase.text, grade, index, position);
      void check?.then((reviewed) => {
        if (reviewed === undefined) return;
        if (stored) {
          this.storeReview(index, position, reviewed);
          return;
        }
        // Arrived while the follow-up is still being written: the answer is stored with the verdicts in it.
        grade = reviewed;
        if (this.grading === abort && this.state.pending !== undefined) this.set({ pending: { ...this.state.pending, grade } });
      });
      const thisAnswer = { step: phase.step, text: phase.text, startedAt: phase.startedAt, submittedAt: phase.submittedAt, autoSubmitted: phase.autoSubmitted, grade, ...(skipped ? { skipped } : {}) };
      const all = [...prior, thisAnswer];
      const texts = all.filter((a) => a.skipped !== true).map((a) => a.text);
      const together = prior.length === 0 ? grade : (gradeTogether(this.ports.bank, prepared.question.id, all, clarifications, this.company) ?? grade);
      this.set({ pending: { grade, followUp: '' } });
      // No probe is asked twice in a session; near the end of the question the standard probes come first.
      const request = {
        prepared,
        answers: texts,
        grade: together,
        asked: [...followUpsAsked(round.answers.flat()), ...(phase.step.kind === 'follow-up' ? [phase.step.prompt] : [])],
        company: this.company,
        templates: this.templates,
        timeLeftMs: round.questionLeftMs,
        movedOn: movedOnFrom(all),
      };
      const onText = (followUp: string): void => {
        if (!abort.signal.aborted) this.set({ pending: { grade, followUp } });
      };
      const next = room ? await attempt(() => interviewer.followUp(request, onText, abort.signal)).catch(() => undefined) : undefined;
      if (abort.signal.aborted) return;
      if (this.grading === abort) this.grading = undefined;
      const combined = this.state.combined.map((g, i) => (i === index ? (prior.length === 0 ? grade : together) : g));
      this.apply({ type: 'graded', grade, next, now: clock.now() }, { pending: undefined, combined });
      stored = true;
      // "Next question" goes straight on: there is nothing to read about a skip.
      if (phase.endQuestion === true) this.apply({ type: 'continue', now: clock.now() });
    })();
  }
}
