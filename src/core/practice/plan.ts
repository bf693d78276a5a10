/** Which questions a round asks and which prompts a drill shows. Pure: randomness is passed in. */
import type { Cluster } from '../../schemas/constants.js';
import type { DrillPrompt } from './drill.js';
import type { RoundQuestion } from './round.js';

export interface PlannableQuestion {
  readonly id: string;
  readonly title: string;
  readonly prompt: string;
  readonly cluster: Cluster;
  readonly timeBudgetSec: number;
}

export interface RoundOptions {
  readonly count: number;
  readonly cluster?: Cluster | undefined;
  /** Asked first, whatever the cluster. */
  readonly questionId?: string | undefined;
}

/** A Fisher-Yates shuffle driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    const a = out[i];
    const b = out[j];
    if (a === undefined || b === undefined) continue;
    out[i] = b;
    out[j] = a;
  }
  return out;
}

export function roundQuestion(q: PlannableQuestion): RoundQuestion {
  return { id: q.id, title: q.title, prompt: q.prompt, budgetMs: q.timeBudgetSec * 1000 };
}

/**
 * A random set of `count` questions. Without a cluster, the picks rotate through the clusters so
 * a three-question round has one design, one reliability and one incident question.
 */
export function planRound(all: readonly PlannableQuestion[], options: RoundOptions, random: () => number): RoundQuestion[] {
  const first = options.questionId === undefined ? undefined : all.find((q) => q.id === options.questionId);
  const pool = all.filter((q) => q.id !== first?.id && (options.cluster === undefined || q.cluster === options.cluster));
  const picks: PlannableQuestion[] = first === undefined ? [] : [first];
  const byCluster = new Map<Cluster, PlannableQuestion[]>();
  for (const q of shuffled(pool, random)) byCluster.set(q.cluster, [...(byCluster.get(q.cluster) ?? []), q]);
  const clusters = shuffled([...byCluster.keys()], random);
  while (picks.length < options.count && clusters.some((c) => (byCluster.get(c)?.length ?? 0) > 0)) {
    for (const c of clusters) {
      if (picks.length >= options.count) break;
      const next = byCluster.get(c)?.shift();
      if (next !== undefined) picks.push(next);
    }
  }
  return picks.map(roundQuestion);
}

export interface PlannableItem {
  readonly id: string;
  readonly prompt: string;
  readonly seconds: number;
  /** Shown after grading. */
  readonly explain?: string;
}

/** `count` random prompts; `seconds` overrides each prompt's own time. */
export function planDrill(all: readonly PlannableItem[], count: number, seconds: number | undefined, random: () => number): DrillPrompt[] {
  return shuffled(all, random)
    .slice(0, count)
    .map((i) => ({ id: i.id, prompt: i.prompt, seconds: seconds ?? i.seconds, ...(i.explain === undefined ? {} : { explain: i.explain }) }));
}
