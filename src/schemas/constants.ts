/** Plain constants shared by the schemas and the core, importable without loading zod. */

/** A question's id, q01…q99: the bank's file names, and the only ids a saved session or a flag may name (never a path). */
export const QUESTION_ID_PATTERN = /^q\d{2}$/;

/** The five dimensions every answer is scored on, in the order a strong answer covers them. */
export const DIMENSIONS = ['constraints', 'architecture', 'tradeoffs', 'metrics', 'rollback'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const CLUSTERS = ['architecture', 'reliability', 'incident'] as const;
export type Cluster = (typeof CLUSTERS)[number];

export const COMPANIES = ['amazon', 'google', 'startup'] as const;
export type Company = (typeof COMPANIES)[number];

/** How hard a probe presses: 1 clarifies, 2 stresses the design, 3 tries to break it. */
export const PROBE_LEVELS = [1, 2, 3] as const;
export type ProbeLevel = (typeof PROBE_LEVELS)[number];

/** The two probes every question carries (the seed's standard probes). */
export const STANDARD_PROBES = ['scale', 'rollback-metric'] as const;
export type StandardProbe = (typeof STANDARD_PROBES)[number];

/** Unit classes the number detector recognises. */
export const UNIT_KINDS = ['time', 'percent', 'rate', 'money', 'size', 'count', 'percentile', 'multiplier'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * The preparation drills interview guides prescribe: numbers cited from memory, the four diagnostic
 * scripts, the first three questions for a scenario, the incident decision tree, a failure story.
 */
export const PREP_KINDS = ['numbers', 'scripts', 'first-questions', 'triage', 'story'] as const;
export type PrepKind = (typeof PREP_KINDS)[number];

/** Each preparation kind's item id prefix: `nb-kv-cache-70b`, `sc-too-slow`, … */
export const PREP_PREFIXES: Readonly<Record<PrepKind, string>> = { numbers: 'nb', scripts: 'sc', 'first-questions': 'fq', triage: 'tr', story: 'st' };

/** Rapid-fire prompts, spot-the-flaw answers, a leech's focused drill, or one of the preparation drills. */
export const DRILL_VARIANTS = ['rapid-fire', 'spot-the-flaw', 'focus', ...PREP_KINDS] as const;
export type DrillVariant = (typeof DRILL_VARIANTS)[number];

/** Each drill's kind in one word or two, for history's kind column. */
export const DRILL_KIND_LABELS: Readonly<Record<DrillVariant, string>> = {
  'rapid-fire': 'rapid-fire',
  'spot-the-flaw': 'spot-flaw',
  focus: 'focused',
  numbers: 'numbers',
  scripts: 'scripts',
  'first-questions': 'first-qs',
  triage: 'triage',
  story: 'story',
};

/** Each drill's name on screen, in history and in exports. */
export const DRILL_NAMES: Readonly<Record<DrillVariant, string>> = {
  'rapid-fire': 'Rapid-fire drill',
  'spot-the-flaw': 'Spot-the-flaw drill',
  focus: 'Focused drill',
  numbers: 'Numbers drill',
  scripts: 'Diagnostic scripts drill',
  'first-questions': 'First-three-questions drill',
  triage: 'Incident triage drill',
  story: 'Failure story drill',
};

/** Snapshots kept per draft: enough to replay how an answer grew, bounded so autosaves stay small. */
export const DRAFT_TIMELINE_LIMIT = 500;

/**
 * The one rule for a draft's timeline over DRAFT_TIMELINE_LIMIT snapshots, used when recording
 * and when loading: every other snapshot goes, the first and the last always stay, so the
 * timeline keeps its whole span (time to the first constraint reads its start) at half the detail.
 */
export function thinTimeline<T>(snapshots: readonly T[]): T[] {
  let kept = [...snapshots];
  while (kept.length > DRAFT_TIMELINE_LIMIT) {
    const last = kept.length - 1;
    kept = kept.filter((_, i) => i % 2 === 0 || i === last);
  }
  return kept;
}
