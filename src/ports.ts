/**
 * The outside world as the app sees it: files, settings, time, the local model, reports.
 * The domain's own roles (the question bank, graders, interviewers, drill checkers) are declared
 * in core/ beside the logic that uses them, and re-exported here so adapters and screens find
 * every interface in one place. core/ never imports this file.
 */
import type { HistorySession, SessionSummary } from './core/progress/history.js';
import type { Session } from './schemas/session.js';
import type { SessionClaim } from './core/practice/session-saver.js';
import type { Settings } from './schemas/settings.js';
import type { CodeRunner } from './core/practice/coding-controller.js';

export type { BankProblem, CodingEntry, PrepEntry, QuestionBank, RapidFireEntry } from './core/bank.js';
export type { Grader } from './core/grading/grade.js';
export type { DrillChecker } from './core/grading/drill-grade.js';
export type { ClarifyRequest, ClarifyTurn, FollowUpRequest, Interviewer, InterviewerTurn } from './core/practice/follow-up.js';
export type { SessionSummary } from './core/progress/history.js';
export type { SessionClaim } from './core/practice/session-saver.js';

export interface Clock {
  now(): number;
}

/** A session file that could not be used: its name, and the first problem in one line. */
export interface SessionProblem {
  readonly file: string;
  readonly message: string;
}

/** Saved sessions. Saves are atomic; unreadable files are reported by list(), never thrown. */
export interface SessionStore {
  readonly dir: string;
  /** Atomic: temp file in the same directory, fsync, rename; creates the directory. */
  save(session: Session): Promise<void>;
  /** As save, synchronously, for exit paths. */
  saveSync(session: Session): void;
  /** undefined if there is no such session; throws SessionLoadError if the file is unusable. */
  load(id: string): Promise<Session | undefined>;
  /** All valid sessions, newest first; corrupt or foreign files become problems. */
  list(): Promise<{ sessions: Session[]; problems: SessionProblem[] }>;
  /** What history shows of every valid session, newest first, without reading unchanged files again. */
  digests(): Promise<{ sessions: HistorySession[]; problems: SessionProblem[] }>;
  /** The newest session still active (interrupted or in progress) and not open in another coach. */
  unfinished(): Promise<Session | undefined>;
  /**
   * Closes every unfinished session of `mode` but `except` that no other coach holds, as home's
   * "close" does (graded answers stay in history); returns their ids. A new round closes older
   * unfinished rounds, so none stays active and hidden behind it.
   */
  closeUnfinished(mode: Session['mode'], except: string, at: string): Promise<readonly string[]>;
  /** One writer per session: a round or drill holds its session while it runs. */
  claim(id: string): SessionClaim;
  /** The pid of another running coach that holds the session, or undefined. */
  heldElsewhere(id: string): number | undefined;
}

export interface SettingsRead {
  readonly settings: Settings;
  /** One line per ignored value, naming the file and the key. */
  readonly problems: readonly string[];
}

/** User preferences; read validates every key and falls back to defaults for bad ones. */
/** The sessions directory a running coach uses, and which of --sessions-dir, $COACH_SESSIONS_DIR, the setting or the default chose it. */
export interface SessionsDirInForce {
  readonly dir: string;
  readonly from: 'flag' | 'environment' | 'setting' | 'default';
}

/** The model a running coach was started with, and which of $COACH_MODEL or the setting chose it. */
export interface ModelInForce {
  readonly path: string;
  readonly from: 'environment' | 'setting';
}

export interface SettingsStore {
  /** The file the settings live in, shown on the settings screen. */
  readonly path?: string;
  read(): SettingsRead;
  write(patch: Partial<Settings>): Promise<Settings>;
}

/** Repeating callbacks; the UI's only source of time passing, so tests can drive it by hand. */
export interface Ticker {
  every(ms: number, callback: () => void): () => void;
}

/** A loaded local model, as the rest of the coach sees it. */
export interface ModelInfo {
  readonly name: string;
  readonly path: string;
  readonly backend: 'cuda' | 'vulkan' | 'metal' | 'cpu';
  readonly gpuNames: readonly string[];
  readonly gpuLayers: number;
  readonly totalLayers: number;
  readonly threads: number;
  readonly contextSize: number;
  readonly sizeBytes: number;
}

export interface CompletionRequest {
  /** Which kept-alive sequence runs it: one per dimension, so each keeps its own evaluated prefix. */
  readonly slot: number;
  readonly prompt: string;
  /** A JSON schema the output is constrained to by grammar. */
  readonly schema?: Readonly<Record<string, unknown>>;
  /** A GBNF grammar the output is constrained to, for output tighter than a JSON schema allows (no whitespace). */
  readonly grammar?: string;
  readonly maxTokens: number;
  readonly signal?: AbortSignal;
  /** Streamed text, as it is generated. */
  readonly onText?: (chunk: string) => void;
  /** Generation stops at the first of these. */
  readonly stopAt?: readonly string[];
  /**
   * Output that is fixed text with a whole number in each gap: `text[0] n1 text[1] … nk text[k]`,
   * gap i holding a number from `ranges[i][0]` to `ranges[i][1]`. An engine may evaluate the fixed
   * text and let the model choose only the digits (the llama.cpp engine does); `grammar` must
   * describe the same output for an engine that decodes all of it.
   */
  readonly fill?: NumberFill;
}

export interface NumberFill {
  /** The fixed text, one piece more than there are numbers; every piece after the first is non-empty. */
  readonly text: readonly string[];
  readonly ranges: readonly (readonly [min: number, max: number])[];
}

export interface LanguageModel {
  readonly info: ModelInfo;
  /** Sequences that run concurrently in one batch. */
  readonly slots: number;
  complete(request: CompletionRequest): Promise<string>;
  dispose(): Promise<void>;
}

/** What the home screen shows about the model: none configured, loading, ready, or why it failed. */
export type EngineState =
  | { readonly state: 'none' }
  /** A model is configured and loads when a screen that grades or interviews first asks for it. */
  | { readonly state: 'configured'; readonly path: string }
  | { readonly state: 'loading'; readonly path: string; readonly progress: number }
  | { readonly state: 'ready'; readonly info: ModelInfo }
  | { readonly state: 'failed'; readonly path: string; readonly reason: string };

export interface EngineMonitor {
  current(): EngineState;
  /** Starts loading the configured model, once; screens that grade or interview call it, history never does. */
  warmUp(): void;
  subscribe(listener: (state: EngineState) => void): () => void;
  /** Stops using the model now (settings, "stop using it"): it is released, and the rubric grader and scripted interviewer serve. */
  stop?(): Promise<void>;
}

/** Where the TUI writes exported reports; `write` returns the path it wrote. */
export interface ReportWriter {
  readonly dir: string;
  write(name: string, text: string): Promise<string>;
}

export type { CodeRunner } from './core/practice/coding-controller.js';

/** What the coding round needs from the machine: running tests, the user's editor, the solution file. */
export interface CodingTools extends CodeRunner {
  /** Whether python3 runs here; asked once. */
  pythonAvailable(): Promise<boolean>;
  /** $VISUAL, then $EDITOR, as git reads them; undefined when neither is set. */
  editorCommand(): string | undefined;
  /** Writes the solution where the user's editor can open it; returns its path. */
  writeSolution(sessionId: string, language: 'node' | 'python', code: string): Promise<string>;
  /** The file's text, or undefined when it cannot be read (then the code in the session stands). */
  readSolution(path: string): Promise<string | undefined>;
  /** Hands the terminal to the editor until it exits; a one-line problem when it could not run or failed. */
  edit(path: string): string | undefined;
  /** Calls back with the new text whenever the file changes on disk; returns what stops watching. */
  watch(path: string, onChange: (code: string) => void): () => void;
}
