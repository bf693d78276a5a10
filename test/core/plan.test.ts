import { describe, expect, it } from 'vitest';
import { planDrill, planRound, type PlannableQuestion } from '../../src/core/practice/plan.js';
import { seeded } from '../helpers.js';

const bank: PlannableQuestion[] = ['architecture', 'reliability', 'incident'].flatMap((cluster, c) =>
  [1, 2, 3, 4].map((n) => ({ id: `q${c}${n}`, title: `${cluster} ${n}`, prompt: 'p', cluster: cluster as PlannableQuestion['cluster'], timeBudgetSec: 600 + n })),
);

describe('planning a round', () => {
  it('mixes the clusters when none is chosen, never repeating a question', () => {
    for (let seed = 1; seed < 20; seed++) {
      const plan = planRound(bank, { count: 3 }, seeded(seed));
      const clusters = plan.map((q) => bank.find((b) => b.id === q.id)?.cluster);
      expect(new Set(clusters).size).toBe(3);
      expect(new Set(plan.map((q) => q.id)).size).toBe(3);
    }
  });

  it('keeps to a chosen cluster, asks a chosen question first, and uses its time budget', () => {
    const plan = planRound(bank, { count: 3, cluster: 'incident', questionId: 'q01' }, seeded(3));
    expect(plan[0]).toMatchObject({ id: 'q01', budgetMs: 601_000 });
    expect(plan.slice(1).every((q) => q.id.startsWith('q2'))).toBe(true);
  });

  it('asks fewer when the cluster has fewer questions than asked for', () => {
    expect(planRound(bank, { count: 9, cluster: 'reliability' }, seeded(5))).toHaveLength(4);
  });
});

describe('planning a drill', () => {
  it('picks distinct prompts and applies a seconds override', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ id: `rf-${i}`, prompt: `p${i}`, seconds: 45 + i }));
    const own = planDrill(items, 4, undefined, seeded(9));
    expect(new Set(own.map((i) => i.id)).size).toBe(4);
    expect(own.every((i) => i.seconds === items.find((x) => x.id === i.id)?.seconds)).toBe(true);
    expect(planDrill(items, 3, 30, seeded(9)).map((i) => i.seconds)).toEqual([30, 30, 30]);
  });
});
