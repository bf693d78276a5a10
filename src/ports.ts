import type { PreparedRubric } from './core/grade.js';
import type { CompiledLexicon } from './core/lexicon.js';
import type { FlawEntry } from './core/flaws.js';
import type { DimensionSpec, RapidFireItem } from './schemas/bank.js';
import type { Grade } from './schemas/grade.js';

/** One problem in a bank file: which file, which field, what is wrong. */
export interface BankProblem {
  readonly file: string;
  /** Field path inside the file, e.g. `followUps[2].dimension`; empty for whole-file problems. */
  readonly path: string;
  readonly message: string;
}

export interface RapidFireEntry {
  readonly set: string;
  readonly setTitle: string;
  readonly item: RapidFireItem;
  /** The shared lexicon plus the set's own concepts. */
  readonly lexicon: CompiledLexicon;
}

/** The question bank, loaded once; invalid files are listed in `problems` and left out. */
export interface QuestionBank {
  readonly root: string;
  readonly dimensions: readonly DimensionSpec[];
  readonly problems: readonly BankProblem[];
  questions(): PreparedRubric[];
  question(id: string): PreparedRubric | undefined;
  rapidFire(): readonly RapidFireEntry[];
  /** questions/flaws/: the answers the spot-the-flaw drill plants red flags in. */
  spotTheFlaw(): readonly FlawEntry[];
}

/** Grades one answer to one question. The rubric grader is always available; a model grader may refine it. */
export interface Grader {
  readonly kind: Grade['grader'];
  grade(prepared: PreparedRubric, answer: string, signal?: AbortSignal): Promise<Grade>;
}

export interface Clock {
  now(): number;
}

import type { Session } from './schemas/session.js';
import type { HistorySession } from './core/history.js';

/** A session file that could not be used: its name, and the first problem in one line. */
export interface SessionProblem {
  readonly file: string;
  readonly message: string;
}

export interface SessionSummary {
  readonly id: string;
  readonly mode: 'round' | 'drill';
  readonly status: 'active' | 'completed' | 'closed';
  readonly startedAt: string;
  readonly questions: number;
  readonly overall: number | undefined;
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
  /** The newest session still active (interrupted or in progress). */
  unfinished(): Promise<Session | undefined>;
}

import type { Settings } from './schemas/settings.js';

export interface SettingsRead {
  readonly settings: Settings;
  /** One line per ignored value, naming the file and the key. */
  readonly problems: readonly string[];
}

/** User preferences; read validates every key and falls back to defaults for bad ones. */
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
  readonly maxTokens: number;
  readonly signal?: AbortSignal;
  /** Streamed text, as it is generated. */
  readonly onText?: (chunk: string) => void;
  /** Generation stops at the first of these. */
  readonly stopAt?: readonly string[];
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
  | { readonly state: 'loading'; readonly path: string; readonly progress: number }
  | { readonly state: 'ready'; readonly info: ModelInfo }
  | { readonly state: 'failed'; readonly path: string; readonly reason: string };

export interface EngineMonitor {
  current(): EngineState;
  /** Starts loading the configured model, once; screens that grade or interview call it, history never does. */
  warmUp(): void;
  subscribe(listener: (state: EngineState) => void): () => void;
}

import type { ChosenFollowUp } from './core/follow-up.js';
import type { Company, Dimension } from './schemas/constants.js';

export interface FollowUpRequest {
  readonly prepared: PreparedRubric;
  /** Everything the candidate has said on this question so far. */
  readonly answers: readonly string[];
  /** Those answers graded together: the follow-up presses what is still weakest. */
  readonly grade: Grade;
  readonly asked: readonly string[];
  readonly company?: Company | undefined;
  readonly templates: Readonly<Partial<Record<Dimension, readonly string[]>>>;
}

export interface InterviewerTurn extends Omit<ChosenFollowUp, 'source'> {
  readonly source: ChosenFollowUp['source'] | 'model';
  /** Why a model's follow-up was replaced by the scripted ladder. */
  readonly fallback?: string;
}

export interface Interviewer {
  readonly kind: 'scripted' | 'model';
  /** The next follow-up, or undefined when there is nothing left to press; `onText` streams a model's words. */
  followUp(request: FollowUpRequest, onText?: (text: string) => void, signal?: AbortSignal): Promise<InterviewerTurn | undefined>;
}

import type { DrillItemGrade } from './core/drill-grade.js';

/** Checks drill answers again, several at once; with no model it returns the grades unchanged. */
export interface DrillChecker {
  readonly kind: 'list' | 'list+model';
  checkMany(entries: readonly { readonly item: RapidFireItem; readonly answer: string; readonly grade: DrillItemGrade }[], signal?: AbortSignal): Promise<DrillItemGrade[]>;
}

/** Where the TUI writes exported reports; `write` returns the path it wrote. */
export interface ReportWriter {
  readonly dir: string;
  write(name: string, text: string): Promise<string>;
}
