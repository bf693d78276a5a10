import { z } from 'zod';
import { Cluster, Company } from './bank.js';

/** Preferences only (never history): what a round or drill starts with unless a flag says otherwise. */
export const Settings = z.strictObject({
  /** Length of a timed round. */
  minutes: z.number().int().min(5).max(240),
  /** Questions per round. */
  questions: z.number().int().min(1).max(10),
  /** Company mode: how the interviewer presses and how the grade weighs (rubrics/companies.yaml); absent means neither. */
  company: Company.optional(),
  /** Restrict rounds to one cluster; absent means any. */
  cluster: Cluster.optional(),
  /** Prompts per rapid-fire drill. */
  drillCount: z.number().int().min(1).max(60),
  /** Per-prompt seconds for drills; absent means each prompt's own (45-90 s). */
  drillSeconds: z.number().int().min(10).max(600).optional(),
  /** Where sessions are kept; absent means sessions/ in the checkout. */
  sessionsDir: z.string().min(1).optional(),
  /** A GGUF model for the model grader and interviewer (issue 4). */
  modelPath: z.string().min(1).optional(),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = { minutes: 40, questions: 3, drillCount: 10 };
