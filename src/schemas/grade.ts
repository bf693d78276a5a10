import { z } from 'zod';
import { Company, Dimension } from './bank.js';

/** A quoted span of the user's own answer: UTF-16 offsets, and the text they cover. */
export const Evidence = z.strictObject({
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  text: z.string(),
});
export type Evidence = z.infer<typeof Evidence>;

export const GraderKind = z.enum(['rubric', 'rubric+model']);
export type GraderKind = z.infer<typeof GraderKind>;

export const CriterionResult = z.strictObject({
  id: z.string(),
  dimension: Dimension,
  text: z.string(),
  weight: z.number().int().min(1).max(3),
  met: z.boolean(),
  evidence: z.array(Evidence),
  /** Which grader decided this criterion. */
  decidedBy: z.enum(['rubric', 'model']),
  /** One of the dimension's general criteria (any question), not the question's own. */
  general: z.boolean().optional(),
  /** Earned by asking, not by answering: the candidate's clarifying questions, which are its evidence. */
  asked: z.array(z.string()).optional(),
  /** Added by a company mode: that company's emphasis. */
  company: Company.optional(),
  /**
   * The rubric and the model disagree: the criterion is not met, earns half its weight, and keeps
   * both sides' evidence (the rubric's in `evidence`, the model's sentence here).
   */
  disputed: z.strictObject({ rubricMet: z.boolean(), modelEvidence: z.array(Evidence) }).optional(),
});
export type CriterionResult = z.infer<typeof CriterionResult>;

export const DimensionResult = z.strictObject({
  score: z.number().int().min(0).max(4),
  /** Weighted share of the dimension's criteria met, 0-1. */
  share: z.number().min(0).max(1),
  met: z.number().int().min(0),
  total: z.number().int().min(0),
  /** Criteria the graders disagree on (each earns half); absent when none. */
  disputed: z.number().int().min(1).optional(),
});
export type DimensionResult = z.infer<typeof DimensionResult>;

export const RedFlagResult = z.strictObject({
  id: z.string(),
  label: z.string(),
  why: z.string(),
  penalty: z.number().int().min(0),
  evidence: z.array(Evidence),
});
export type RedFlagResult = z.infer<typeof RedFlagResult>;

/** A figure the answer got wrong, with what it should be and why. */
export const FactCheck = z.strictObject({
  /** What the figure is: "KV cache per token". */
  fact: z.string(),
  /** The answer's words stating it. */
  stated: Evidence,
  /** The right figure, written out: "320 KiB". */
  expected: z.string(),
  /** The arithmetic that gives it. */
  working: z.string(),
  /** The criterion the wrong figure cost, when the question names one. */
  criterion: z.string().optional(),
});
export type FactCheck = z.infer<typeof FactCheck>;

export const FirstGap = z.strictObject({
  criterion: z.string(),
  dimension: Dimension,
  text: z.string(),
  advice: z.string(),
});
export type FirstGap = z.infer<typeof FirstGap>;

export const Grade = z.strictObject({
  questionId: z.string(),
  grader: GraderKind,
  overall: z.number().int().min(0).max(100),
  dimensions: z.strictObject({
    constraints: DimensionResult,
    architecture: DimensionResult,
    tradeoffs: DimensionResult,
    metrics: DimensionResult,
    rollback: DimensionResult,
  }),
  criteria: z.array(CriterionResult),
  redFlags: z.array(RedFlagResult),
  firstGap: FirstGap.nullable(),
  /** Figures the answer stated wrongly, with the worked arithmetic; each earned nothing. */
  factChecks: z.array(FactCheck).default([]),
  /** Why parts of the answer were not counted, or why a grader fell back. */
  notes: z.array(z.string()),
  wordCount: z.number().int().min(0),
  /** With a model: the criteria it gave a usable verdict on, and how many of those the rubric grader decided the same way. */
  agreement: z.strictObject({ ruled: z.number().int().min(0), agreed: z.number().int().min(0) }).optional(),
  /** The company mode that graded it, and what that changed, in one line. */
  company: z.strictObject({ id: Company, name: z.string(), why: z.string() }).optional(),
});
export type Grade = z.infer<typeof Grade>;
