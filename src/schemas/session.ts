import { z } from 'zod';
import { Cluster, Company, Dimension } from './bank.js';
import { DRILL_VARIANTS, QUESTION_ID_PATTERN, thinTimeline } from './constants.js';
import { Grade } from './grade.js';
import { CODING_ID_PATTERN, CODING_LANGUAGES, TestRun } from './coding.js';

/** The version written by this coach; older files are migrated on read by `migrateSession`. */
export const SESSION_SCHEMA_VERSION = 1;

export { DRAFT_TIMELINE_LIMIT } from './constants.js';

export const SESSION_ID_PATTERN = /^[0-9]{8}-[0-9]{6}-[a-z0-9]{4}$/;

/**
 * A drill prompt's id: a rapid-fire item (rf-kv-cache), a spot-the-flaw answer (flaw:q05:a+b), a
 * leech's focused prompt (focus:q05:rollback). Checked by its characters, not by kind, so a kind
 * added later still loads; no slash and no dot, so it can never be read as a path.
 */
export const DRILL_ITEM_ID_PATTERN = /^[a-z0-9][a-z0-9:+-]{0,199}$/;

const isoTime = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);

/** The question itself, a follow-up probe, or a scenario's closing question ("what would you do first on Monday?"). */
export const AnswerKind = z.enum(['initial', 'follow-up', 'wrap-up']);
export type AnswerKind = z.infer<typeof AnswerKind>;

export const FollowUpSource = z.enum(['ladder', 'template', 'model']);
export type FollowUpSource = z.infer<typeof FollowUpSource>;

/** One submitted answer, to the question itself or to a follow-up, with its grade. */
export const AnswerRecord = z.strictObject({
  kind: AnswerKind,
  prompt: z.string(),
  /** The dimension a follow-up pressed on. */
  dimension: Dimension.optional(),
  followUpSource: FollowUpSource.optional(),
  /** Why a model's follow-up was replaced by the scripted ladder (empty, too long, not a question, …). */
  followUpFallback: z.string().optional(),
  /** How hard the probe pressed: 1 clarify, 2 stress, 3 break. */
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  /** Why it was asked: the weakest dimension, or a strong answer pressed on its strongest claim. */
  pressing: z.enum(['weakest', 'strongest']).optional(),
  /** The candidate said "I'd rather move on": the text is that line and the grade counts for nothing. */
  skipped: z.boolean().optional(),
  text: z.string(),
  startedAt: isoTime,
  submittedAt: isoTime,
  /** The countdown reached zero and the answer was submitted as it stood. */
  autoSubmitted: z.boolean(),
  elapsedMs: count,
  grade: Grade,
  /** How the answer grew while it was typed (the autosave's snapshots), for timing insight. */
  timeline: z.array(z.lazy(() => DraftSnapshot)).optional(),
});
export type AnswerRecord = z.infer<typeof AnswerRecord>;

export const DraftSnapshot = z.strictObject({
  text: z.string(),
  savedAt: isoTime,
  length: count,
});
export type DraftSnapshot = z.infer<typeof DraftSnapshot>;

/** The answer being typed, autosaved so a crash loses at most the last few seconds. */
export const Draft = z.strictObject({
  text: z.string(),
  savedAt: isoTime,
  prompt: z.string(),
  kind: AnswerKind,
  dimension: Dimension.optional(),
  startedAt: isoTime,
  // A file over the limit still loads, thinned as the recorder thins it.
  timeline: z.array(DraftSnapshot).transform((t) => thinTimeline(t)),
});
export type Draft = z.infer<typeof Draft>;

/** A clarifying question the candidate asked during the question, and what the interviewer said. */
export const ClarificationRecord = z.strictObject({
  question: z.string(),
  answer: z.string(),
  /** The fact-sheet entries the answer came from; empty when the sheet had nothing ("state an assumption"). */
  facts: z.array(z.string()),
  askedAt: isoTime,
  source: z.enum(['scripted', 'model']),
  /** Why a model's reply was replaced by the fact sheet's own words. */
  fallback: z.string().optional(),
});
export type ClarificationRecord = z.infer<typeof ClarificationRecord>;

export const QuestionRecord = z.strictObject({
  // Checked here because it names a bank file: a session file must not reach outside the bank.
  questionId: z.string().regex(QUESTION_ID_PATTERN, 'expected a question id like q07'),
  title: z.string(),
  startedAt: isoTime,
  budgetSec: count,
  answers: z.array(AnswerRecord),
  clarifications: z.array(ClarificationRecord).optional(),
  draft: Draft.optional(),
  finishedAt: isoTime.optional(),
});
export type QuestionRecord = z.infer<typeof QuestionRecord>;

/** One rapid-fire prompt and how the list-type grader scored it. */
export const DrillRecord = z.strictObject({
  itemId: z.string().regex(DRILL_ITEM_ID_PATTERN, 'expected a drill item id like rf-kv-cache or focus:q05:rollback'),
  prompt: z.string(),
  /** A one-line name for a long prompt (a spot-the-flaw answer, a focused prompt). */
  title: z.string().optional(),
  answer: z.string(),
  /** Ids of the expected items the answer named. */
  named: z.array(z.string()),
  missed: z.array(z.string()),
  atLeast: count,
  correct: z.boolean(),
  /** Why a preparation drill's answer was not right, one line each (a figure off, with its working; a stage out of order). */
  problems: z.array(z.string()).optional(),
  elapsedMs: count,
  autoSubmitted: z.boolean(),
  answeredAt: isoTime,
});
export type DrillRecord = z.infer<typeof DrillRecord>;

/** A question about the code, answered in prose, with what it named and the words that named it. */
export const CodingFollowUpRecord = z.strictObject({
  id: z.string().regex(DRILL_ITEM_ID_PATTERN, 'expected a follow-up id like clock-backwards'),
  prompt: z.string(),
  text: z.string(),
  answeredAt: isoTime,
  elapsedMs: count,
  named: z.array(z.strictObject({ id: z.string(), label: z.string(), quote: z.string() })),
  missed: z.array(z.strictObject({ id: z.string(), label: z.string() })),
  atLeast: count,
  correct: z.boolean(),
  /** 0-1: the share of the needed points named. */
  score: z.number().min(0).max(1),
});
export type CodingFollowUpRecord = z.infer<typeof CodingFollowUpRecord>;

/** The code as it was submitted and what the hidden tests and the scale test made of it. */
export const CodingSubmission = z.strictObject({
  at: isoTime,
  elapsedMs: count,
  code: z.string(),
  run: TestRun,
  /** 0-100 for the code alone: hidden tests three quarters, the scale test a quarter. */
  score: z.number().min(0).max(100),
  /** The clock ran out and the code was submitted as it stood. */
  autoSubmitted: z.boolean(),
});
export type CodingSubmission = z.infer<typeof CodingSubmission>;

/** One problem of a coding round: the code as last saved, every visible-test run, the submission, the follow-ups. */
export const CodingRecord = z.strictObject({
  problemId: z.string().regex(CODING_ID_PATTERN, 'expected a coding problem id like token-bucket'),
  title: z.string(),
  language: z.enum(CODING_LANGUAGES),
  startedAt: isoTime,
  budgetSec: count,
  /** The solution as last saved: never lost, whatever the code did when it ran. */
  code: z.string(),
  savedAt: isoTime,
  /** Where the solution is edited on disk, so a resumed round opens the same file. */
  file: z.string().optional(),
  /** Visible-test runs, newest last (the last 20). */
  runs: z.array(TestRun),
  submission: CodingSubmission.optional(),
  followUps: z.array(CodingFollowUpRecord),
  /** 0-100: the code's score and the follow-ups' together, once both are in. */
  overall: z.number().min(0).max(100).optional(),
  finishedAt: isoTime.optional(),
});
export type CodingRecord = z.infer<typeof CodingRecord>;

export const SessionMode = z.enum(['round', 'drill', 'coding']);
export type SessionMode = z.infer<typeof SessionMode>;

/** active: in progress or interrupted; completed: ran to the end; closed: abandoned by the user. */
export const SessionStatus = z.enum(['active', 'completed', 'closed']);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const SessionSettings = z.strictObject({
  minutes: z.number().int().positive().optional(),
  seconds: z.number().int().positive().optional(),
  company: Company.optional(),
  cluster: Cluster.optional(),
  count: z.number().int().positive().optional(),
  /** A drill's kind; absent means rapid-fire (sessions from before the other kinds). */
  variant: z.enum(DRILL_VARIANTS).optional(),
  /** A 45-minute scenario: one question, probes until the clock, then a two-minute wrap-up. */
  scenario: z.boolean().optional(),
  /** Question or drill item ids in the order planned, so an interrupted session resumes where it stopped. */
  plan: z.array(z.string()).optional(),
});
export type SessionSettings = z.infer<typeof SessionSettings>;

function versionMessage(input: unknown): string {
  if (input === undefined) return 'missing: not a coach session file';
  if (typeof input === 'number' && input > SESSION_SCHEMA_VERSION) {
    return `version ${input} was written by a newer coach; this one reads up to version ${SESSION_SCHEMA_VERSION}`;
  }
  return `expected ${SESSION_SCHEMA_VERSION}, got ${JSON.stringify(input) ?? String(input)}`;
}

export const Session = z.strictObject({
  schemaVersion: z.literal(SESSION_SCHEMA_VERSION, { error: (issue) => versionMessage(issue.input) }),
  id: z.string().regex(SESSION_ID_PATTERN, 'expected an id like 20261122-131500-a1b2'),
  mode: SessionMode,
  status: SessionStatus,
  startedAt: isoTime,
  updatedAt: isoTime,
  endedAt: isoTime.optional(),
  settings: SessionSettings,
  grader: z.enum(['rubric', 'rubric+model']),
  interviewer: z.enum(['scripted', 'model']),
  questions: z.array(QuestionRecord),
  drill: z.array(DrillRecord),
  /** The drill answer being typed. */
  drillDraft: Draft.optional(),
  /** A coding round's problem (one per round). */
  coding: z.array(CodingRecord).optional(),
});
export type Session = z.infer<typeof Session>;

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `YYYYMMDD-HHMMSS-xxxx` in local time, so the file name matches the user's clock. */
export function newSessionId(date: Date, random: () => number = Math.random): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const day = `${String(date.getFullYear()).padStart(4, '0')}${two(date.getMonth() + 1)}${two(date.getDate())}`;
  const time = `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
  let suffix = '';
  for (let i = 0; i < 4; i++) {
    const index = Math.min(ID_ALPHABET.length - 1, Math.max(0, Math.floor(random() * ID_ALPHABET.length)));
    suffix += ID_ALPHABET[index] ?? 'a';
  }
  return `${day}-${time}-${suffix}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Brings a parsed session file up to SESSION_SCHEMA_VERSION; validate the result with `Session`.
 * Version 0 is the v1 shape without `schemaVersion`. A newer version is returned unchanged,
 * so validation reports it instead of this coach guessing at it.
 */
export function migrateSession(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  const version = raw['schemaVersion'];
  // Only something that looks like a session is version 0; any other JSON stays foreign.
  if (version === undefined && 'id' in raw && 'questions' in raw) {
    return { ...raw, schemaVersion: SESSION_SCHEMA_VERSION };
  }
  return raw;
}
