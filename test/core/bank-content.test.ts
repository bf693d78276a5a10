import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { NO_CACHE, loadBank } from '../../src/adapters/fs-bank.js';
import { NO_CONTEXT } from '../../src/core/grading/analyse.js';
import { gradeDrillItem } from '../../src/core/grading/drill-grade.js';
import { gradeAnswer } from '../../src/core/grading/grade.js';
import { DIMENSIONS } from '../../src/schemas/constants.js';
import { fixture } from '../helpers.js';

const bank = await loadBank({ cache: NO_CACHE });

/** Every rubric must separate a staff-level answer from a vague one; these fixtures pin that. */
describe('each question separates a strong answer from a weak one', () => {
  for (const prepared of bank.questions()) {
    const id = prepared.question.id;
    it(`${id}: strong scores high on every dimension, weak scores low and raises a red flag`, () => {
      const strong = gradeAnswer(prepared, fixture(`${id}-strong.md`));
      expect(strong.overall, `${id} strong overall`).toBeGreaterThanOrEqual(85);
      for (const d of DIMENSIONS) expect(strong.dimensions[d].score, `${id} strong ${d}`).toBeGreaterThanOrEqual(3);
      const weak = gradeAnswer(prepared, fixture(`${id}-weak.md`));
      expect(weak.overall, `${id} weak overall`).toBeLessThan(25);
      expect(weak.redFlags.length, `${id} weak red flags`).toBeGreaterThan(0);
      expect(weak.firstGap, `${id} weak first gap`).not.toBeNull();
    });
  }
});

/** The sentence a gap tells the user to say: `e.g. "…"` closing the advice, straight or curly quotes. */
const GAP_EXAMPLE = /e\.g\.,?\s+["“](.+)["”]\.?\s*$/s;

describe('gap advice', () => {
  it('every gap example meets its own criterion', () => {
    let examples = 0;
    const misses: string[] = [];
    for (const prepared of bank.questions()) {
      for (const criterion of prepared.rubric.criteria) {
        const example = GAP_EXAMPLE.exec(criterion.gap)?.[1];
        if (example === undefined) continue;
        examples++;
        // Graded as the matcher reads it: on its own the example would be the rubric's advice repeated, which earns nothing.
        const graded = gradeAnswer({ ...prepared, context: NO_CONTEXT }, example).criteria.find((c) => c.id === criterion.id);
        if (graded?.met !== true) misses.push(`${prepared.question.id} ${criterion.id}: "${example}"`);
      }
    }
    expect(misses, 'gap examples that do not meet their own criterion').toEqual([]);
    // Guards the regex: if it stopped matching, the loop above would pass on nothing.
    expect(examples, 'criteria with a quoted gap example').toBeGreaterThanOrEqual(250);
  });
});

interface DrillFixture {
  id: string;
  good: string;
  poor: string;
}

describe('each rapid-fire item accepts a good one-line answer and rejects a poor one', () => {
  const dir = new URL('../fixtures/drills/', import.meta.url);
  const fixtures = readdirSync(dir).flatMap((f) => parse(readFileSync(new URL(f, dir), 'utf8')) as DrillFixture[]);
  const byId = new Map(bank.rapidFire().map((e) => [e.item.id, e]));

  it('has a fixture for every item outside the essentials set', () => {
    const covered = new Set(fixtures.map((f) => f.id));
    const missing = bank.rapidFire().filter((e) => e.set !== 'essentials' && !covered.has(e.item.id)).map((e) => e.item.id);
    expect(missing).toEqual([]);
  });

  for (const f of fixtures) {
    it(`${f.id}`, () => {
      const entry = byId.get(f.id);
      expect(entry, `no rapid-fire item ${f.id}`).toBeDefined();
      if (entry === undefined) return;
      const good = gradeDrillItem(entry.item, f.good, entry.lexicon);
      expect(good.correct, `good answer named ${good.named.map((n) => n.id).join(', ')}`).toBe(true);
      const poor = gradeDrillItem(entry.item, f.poor, entry.lexicon);
      expect(poor.correct, `poor answer named ${poor.named.map((n) => n.id).join(', ')}`).toBe(false);
    });
  }

  it('grades the seed round as list-type items', () => {
    const metrics = byId.get('rf-serving-metrics-beyond-p50');
    expect(metrics).toBeDefined();
    if (metrics === undefined) return;
    const full = gradeDrillItem(metrics.item, 'p99 TTFT, inter-token latency, queue delay', metrics.lexicon);
    expect(full.correct).toBe(true);
    expect(full.named.map((n) => n.id)).toEqual(expect.arrayContaining(['ttft', 'itl', 'queue-delay']));
    const partial = gradeDrillItem(metrics.item, 'average latency and CPU', metrics.lexicon);
    expect(partial.correct).toBe(false);
    const rollback = byId.get('rf-automated-rollback-criteria');
    if (rollback === undefined) throw new Error('missing rollback item');
    expect(gradeDrillItem(rollback.item, 'roll back on latency or errors', rollback.lexicon).correct).toBe(false);
    expect(gradeDrillItem(rollback.item, 'p95 TTFT above 800 ms for 10 min; 5xx over 2% for 5 min', rollback.lexicon).correct).toBe(true);
  });
});
