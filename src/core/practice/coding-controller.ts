/**
 * A running coding round: one problem, a clock, the code as last saved (from the user's own
 * editor or the built-in one), the visible tests on every save, the hidden tests and the scale
 * test on submit, then the follow-up questions about the code, graded on what they name. The
 * session is saved after every event, so the code survives whatever the code itself does.
 */
import type { CodingLanguage, TestRun } from '../../schemas/coding.js';
import { newSessionId, type CodingFollowUpRecord, type CodingRecord, type CodingSubmission, type Session } from '../../schemas/session.js';
import type { CodingEntry, QuestionBank } from '../bank.js';
import { codeScore } from '../coding/results.js';
import { gradeCodingFollowUp } from '../coding/follow-ups.js';
import type { DrillItemGrade } from '../grading/drill-grade.js';
import { editorFrom, editorReducer, editorText, emptyEditor, type EditorAction, type EditorState } from './editor.js';
import { openSession, SessionSaver, type OpenSessions, type SessionSaves } from './session-saver.js';
import { autosaveDue, TICK_MS, type Clock, type LastSave, type Ticker } from './ticks.js';
import { elapsedMs, isExpired, pauseCountdown, resumeCountdown, startCountdown, type Countdown } from './timer.js';

/** Runs a solution's tests; never rejects for anything the code does. */
export interface CodeRunner {
  run(entry: CodingEntry, language: CodingLanguage, code: string, kind: TestRun['kind'], at: Date): Promise<TestRun>;
}

export type CodingStart = { readonly kind: 'new'; readonly problemId: string; readonly language: CodingLanguage } | { readonly kind: 'resume'; readonly session: Session };

export interface CodingPorts {
  readonly bank: QuestionBank;
  readonly runner: CodeRunner;
  readonly store: SessionSaves;
  readonly clock: Clock;
  readonly ticker: Ticker;
  readonly random: () => number;
  readonly openSessions?: OpenSessions | undefined;
}

/** Visible runs kept in the session: enough to see how the code converged. */
export const KEPT_RUNS = 20;
/** The code is most of a coding round's grade; the follow-ups, answered in prose, the rest. */
export const CODE_SHARE = 0.7;

export type CodingPhase =
  | { readonly kind: 'coding' }
  /** The hidden tests and the scale test are running. */
  | { readonly kind: 'submitting'; readonly auto: boolean }
  | { readonly kind: 'follow-up'; readonly index: number; readonly startedAt: number }
  | { readonly kind: 'reviewing'; readonly index: number; readonly grade: DrillItemGrade }
  | { readonly kind: 'finished' };

export interface CodingState {
  readonly sessionId: string;
  readonly entry: CodingEntry;
  readonly language: CodingLanguage;
  readonly phase: CodingPhase;
  readonly clock: Countdown;
  readonly now: number;
  /** The code as last saved. */
  readonly code: string;
  /** The built-in editor, while it is open. */
  readonly editor: EditorState | undefined;
  /** The follow-up answer being typed. */
  readonly answer: EditorState;
  readonly running: boolean;
  readonly runs: readonly TestRun[];
  readonly submission: CodingSubmission | undefined;
  readonly followUps: readonly CodingFollowUpRecord[];
  readonly overall: number | undefined;
  readonly file: string | undefined;
  readonly saveError: string | undefined;
}

/** 0-100: the code's score and the follow-ups' mean share, weighted CODE_SHARE to the rest. */
export function codingOverall(codeScoreValue: number, followUps: readonly Pick<CodingFollowUpRecord, 'score'>[]): number {
  if (followUps.length === 0) return codeScoreValue;
  const prose = followUps.reduce((s, f) => s + f.score, 0) / followUps.length;
  return Math.round(codeScoreValue * CODE_SHARE + prose * 100 * (1 - CODE_SHARE));
}

function record(grade: DrillItemGrade, prompt: string, text: string, answeredAt: number, elapsed: number): CodingFollowUpRecord {
  return {
    id: grade.itemId,
    prompt,
    text,
    answeredAt: new Date(answeredAt).toISOString(),
    elapsedMs: Math.max(0, Math.round(elapsed)),
    named: grade.named.map((n) => ({ id: n.id, label: n.label, quote: n.evidence[0]?.text ?? '' })),
    missed: grade.missed.map((m) => ({ id: m.id, label: m.label })),
    atLeast: grade.atLeast,
    correct: grade.correct,
    score: grade.score,
  };
}

export class CodingController {
  private state: CodingState;
  private readonly base: Session;
  private readonly saver: SessionSaver;
  private readonly listeners = new Set<() => void>();
  private lastSave: LastSave;
  private stopTicks: (() => void) | undefined;
  private close: (() => void) | undefined;
  private started = false;
  private disposed = false;
  /** A save arrived while the visible tests ran: run them again on the newest code. */
  private rerun = false;
  private readonly fresh: boolean;
  private readonly startedAt: string;

  constructor(
    private readonly ports: CodingPorts,
    start: CodingStart,
  ) {
    const now = ports.clock.now();
    this.fresh = start.kind === 'new';
    if (start.kind === 'new') {
      const entry = ports.bank.coding().find((e) => e.problem.id === start.problemId);
      if (entry === undefined) throw new Error(`no coding problem "${start.problemId}"`);
      const iso = new Date(now).toISOString();
      this.startedAt = iso;
      this.base = {
        schemaVersion: 1,
        id: newSessionId(new Date(now), ports.random),
        mode: 'coding',
        status: 'active',
        startedAt: iso,
        updatedAt: iso,
        settings: { minutes: entry.problem.minutes, plan: [entry.problem.id] },
        grader: 'rubric',
        interviewer: 'scripted',
        questions: [],
        drill: [],
      };
      this.state = this.initial(entry, start.language, startCountdown(now, entry.problem.minutes * 60_000), entry.starter[start.language], now);
    } else {
      const saved = start.session.coding?.[0];
      const entry = saved === undefined ? undefined : ports.bank.coding().find((e) => e.problem.id === saved.problemId);
      if (saved === undefined || entry === undefined) throw new Error(`session ${start.session.id} has no coding problem this bank knows`);
      this.startedAt = saved.startedAt;
      this.base = { ...start.session, status: 'active' };
      // The clock resumes with the time that was left when the round was saved.
      const used = Math.max(0, new Date(start.session.updatedAt).getTime() - new Date(saved.startedAt).getTime());
      const clock = startCountdown(now - Math.min(used, saved.budgetSec * 1000), saved.budgetSec * 1000);
      const resumed = this.initial(entry, saved.language, clock, saved.code, now);
      const phase: CodingPhase =
        saved.submission === undefined
          ? { kind: 'coding' }
          : saved.followUps.length < entry.problem.followUps.length
            ? { kind: 'follow-up', index: saved.followUps.length, startedAt: now }
            : { kind: 'finished' };
      this.state = { ...resumed, phase, runs: saved.runs, submission: saved.submission, followUps: saved.followUps, overall: saved.overall, file: saved.file };
    }
    this.lastSave = { text: this.state.code, at: now };
    this.saver = new SessionSaver(ports.store, (saveError) => this.set({ saveError }));
  }

  private initial(entry: CodingEntry, language: CodingLanguage, clock: Countdown, code: string, now: number): CodingState {
    return {
      sessionId: this.base.id,
      entry,
      language,
      phase: { kind: 'coding' },
      clock,
      now,
      code,
      editor: undefined,
      answer: emptyEditor,
      running: false,
      runs: [],
      submission: undefined,
      followUps: [],
      overall: undefined,
      file: undefined,
      saveError: undefined,
    };
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const fresh = this.fresh ? { mode: 'coding' as const, at: new Date(this.ports.clock.now()).toISOString() } : undefined;
    this.close = openSession(this.ports.store, this.state.sessionId, this.saver, this, this.ports.openSessions, fresh);
    this.stopTicks = this.ports.ticker.every(TICK_MS, () => this.tick(this.ports.clock.now()));
    this.save();
  }

  readonly getState = (): CodingState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Where the solution lives on disk, once the screen has written it there. */
  setFile(file: string): void {
    this.set({ file });
    this.save();
  }

  /** The code was saved (the user's editor wrote the file, or Ctrl+S in the built-in one): keep it, run the visible tests. */
  codeSaved(code: string): void {
    if (this.state.phase.kind !== 'coding') return;
    if (code !== this.state.code) this.set({ code });
    this.save();
    this.runVisible();
  }

  /** The visible tests on the code as last saved; a second request while they run runs them again after. */
  runVisible(): void {
    if (this.state.phase.kind !== 'coding') return;
    if (this.state.running) {
      this.rerun = true;
      return;
    }
    this.set({ running: true });
    const code = this.state.code;
    void this.ports.runner.run(this.state.entry, this.state.language, code, 'visible', new Date(this.ports.clock.now())).then((run) => {
      if (this.disposed) return;
      this.set({ running: false, runs: [...this.state.runs, run].slice(-KEPT_RUNS) });
      this.save();
      if (this.rerun) {
        this.rerun = false;
        this.runVisible();
      }
    });
  }

  /** Opens the built-in editor on the code as last saved. */
  openEditor(): void {
    if (this.state.phase.kind !== 'coding' || this.state.editor !== undefined) return;
    this.set({ editor: editorFrom(this.state.code) });
  }

  /** Closes the built-in editor, keeping what it holds as the code. */
  closeEditor(): void {
    const editor = this.state.editor;
    if (editor === undefined) return;
    this.set({ editor: undefined, code: editorText(editor) });
    this.save();
  }

  /** Ctrl+S in the built-in editor. */
  saveEditor(): void {
    const editor = this.state.editor;
    if (editor === undefined) return;
    this.codeSaved(editorText(editor));
  }

  /** Edits whatever is being typed: the code in the built-in editor, or a follow-up answer. */
  edit(action: EditorAction): void {
    if (this.state.phase.kind === 'coding' && this.state.editor !== undefined) this.set({ editor: editorReducer(this.state.editor, action) });
    else if (this.state.phase.kind === 'follow-up') this.set({ answer: editorReducer(this.state.answer, action) });
  }

  /** Submits the code as last saved (with the built-in editor's text, if it is open): hidden tests, then the scale test. */
  submitCode(auto = false): void {
    if (this.state.phase.kind !== 'coding') return;
    const editor = this.state.editor;
    const code = editor === undefined ? this.state.code : editorText(editor);
    const at = this.ports.clock.now();
    const elapsed = elapsedMs(this.state.clock, at);
    this.set({ code, editor: undefined, phase: { kind: 'submitting', auto } });
    this.save();
    void this.ports.runner.run(this.state.entry, this.state.language, code, 'hidden', new Date(at)).then((run) => {
      if (this.disposed) return;
      const submission: CodingSubmission = { at: new Date(at).toISOString(), elapsedMs: Math.round(elapsed), code, run, score: codeScore(run), autoSubmitted: auto };
      const now = this.ports.clock.now();
      this.set({ submission, overall: submission.score, phase: { kind: 'follow-up', index: 0, startedAt: now }, answer: emptyEditor });
      this.save();
    });
  }

  /** Grades the follow-up answer; an empty one is not submitted. */
  submitAnswer(): 'submitted' | 'empty' | 'not-answering' {
    const phase = this.state.phase;
    if (phase.kind !== 'follow-up') return 'not-answering';
    const text = editorText(this.state.answer);
    if (text.trim() === '') return 'empty';
    const followUp = this.state.entry.problem.followUps[phase.index];
    if (followUp === undefined) return 'not-answering';
    const now = this.ports.clock.now();
    const grade = gradeCodingFollowUp(followUp, text, this.state.entry.lexicon);
    const followUps = [...this.state.followUps, record(grade, followUp.prompt, text, now, now - phase.startedAt)];
    this.set({ followUps, overall: codingOverall(this.state.submission?.score ?? 0, followUps), phase: { kind: 'reviewing', index: phase.index, grade } });
    this.save();
    return 'submitted';
  }

  /** From a follow-up's review: the next follow-up, or the end. */
  next(): void {
    const phase = this.state.phase;
    if (phase.kind !== 'reviewing') return;
    const index = phase.index + 1;
    const now = this.ports.clock.now();
    if (index < this.state.entry.problem.followUps.length) this.set({ phase: { kind: 'follow-up', index, startedAt: now }, answer: emptyEditor });
    else this.set({ phase: { kind: 'finished' } });
    this.save();
  }

  /** The leave question is up (true) or was answered "stay" (false). */
  hold(on: boolean): void {
    const now = this.ports.clock.now();
    this.set({ clock: on ? pauseCountdown(this.state.clock, now) : resumeCountdown(this.state.clock, now) });
  }

  /** Saves everything as an unfinished session to resume later. */
  leave(): void {
    if (this.state.phase.kind !== 'finished') this.saver.save(this.snapshot(this.ports.clock.now()));
  }

  tick(now: number): void {
    const s = this.state;
    if (s.phase.kind === 'coding' && s.clock.pausedAt === undefined && isExpired(s.clock, now)) {
      this.set({ now });
      this.submitCode(true);
      return;
    }
    const typed = this.typed();
    if (typed !== undefined && autosaveDue(this.lastSave, typed, now)) this.save();
    this.set({ now });
  }

  flushSync(): void {
    const typed = this.typed();
    this.saver.flushSync(typed !== undefined && typed !== this.lastSave.text ? this.snapshot(this.ports.clock.now()) : undefined);
  }

  settled(): Promise<void> {
    return this.saver.settled();
  }

  dispose(): void {
    this.disposed = true;
    this.stopTicks?.();
    this.stopTicks = undefined;
    this.close?.();
    this.close = undefined;
  }

  /** What is being typed and not yet kept: the built-in editor's text. */
  private typed(): string | undefined {
    return this.state.editor === undefined ? undefined : editorText(this.state.editor);
  }

  private set(patch: Partial<CodingState>): void {
    const next = { ...this.state, ...patch };
    if ((Object.keys(patch) as (keyof CodingState)[]).every((k) => next[k] === this.state[k])) return;
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }

  private save(): void {
    this.saver.save(this.snapshot(this.ports.clock.now()));
  }

  private snapshot(at: number): Session {
    const s = this.state;
    // The built-in editor's text is the code as it stands: an exit loses no keystroke.
    const code = this.typed() ?? s.code;
    this.lastSave = { text: code, at };
    const iso = new Date(at).toISOString();
    const finished = s.phase.kind === 'finished';
    const coding: CodingRecord = {
      problemId: s.entry.problem.id,
      title: s.entry.problem.title,
      language: s.language,
      startedAt: this.startedAt,
      budgetSec: Math.round(s.clock.durationMs / 1000),
      code,
      savedAt: iso,
      ...(s.file === undefined ? {} : { file: s.file }),
      runs: [...s.runs],
      ...(s.submission === undefined ? {} : { submission: s.submission }),
      followUps: [...s.followUps],
      ...(s.overall === undefined ? {} : { overall: s.overall }),
      ...(finished ? { finishedAt: iso } : {}),
    };
    return { ...this.base, status: finished ? 'completed' : 'active', updatedAt: iso, ...(finished ? { endedAt: iso } : {}), coding: [coding] };
  }
}
