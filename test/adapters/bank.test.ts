import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_CACHE, loadBank } from '../../src/adapters/fs-bank.js';
import { DIMENSIONS } from '../../src/schemas/bank.js';
import { ROOT } from '../helpers.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function copyOfBank(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coach-bank-'));
  temps.push(dir);
  cpSync(join(ROOT, 'questions'), join(dir, 'questions'), { recursive: true });
  cpSync(join(ROOT, 'rubrics'), join(dir, 'rubrics'), { recursive: true });
  return dir;
}

describe('the shipped bank', async () => {
  const bank = await loadBank({ cache: NO_CACHE });

  it('loads with no invalid file', () => {
    expect(bank.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`)).toEqual([]);
  });

  it('has all 32 seed questions across the three clusters', () => {
    const ids = bank.questions().map((p) => p.question.id);
    expect(ids).toEqual(Array.from({ length: 32 }, (_, i) => `q${String(i + 1).padStart(2, '0')}`));
    const clusters = new Set(bank.questions().map((p) => p.question.cluster));
    expect([...clusters].sort()).toEqual(['architecture', 'incident', 'reliability']);
  });

  it('gives every question a rubric that covers all five dimensions', () => {
    for (const { question, rubric } of bank.questions()) {
      const covered = new Set(rubric.criteria.map((c) => c.dimension));
      expect([...covered].sort(), question.id).toEqual([...DIMENSIONS].sort());
      expect(rubric.criteria.length, question.id).toBeGreaterThanOrEqual(6);
      expect(rubric.criteria.length, question.id).toBeLessThanOrEqual(12);
    }
  });

  it('gives every question probes at all three levels with conditions on what was said, the two standard probes and one per company', () => {
    expect(bank.questions()).toHaveLength(32);
    for (const { question } of bank.questions()) {
      const probes = question.followUps;
      expect(probes.length, question.id).toBeGreaterThanOrEqual(12);
      for (const level of [1, 2, 3]) expect(probes.filter((f) => f.level === level).length, `${question.id} level ${level}`).toBeGreaterThanOrEqual(3);
      for (const d of DIMENSIONS) expect(probes.filter((f) => f.dimension === d).length, `${question.id} ${d}`).toBeGreaterThanOrEqual(2);
      expect(probes.filter((f) => f.when?.said !== undefined).length, question.id).toBeGreaterThanOrEqual(3);
      expect(probes.some((f) => f.when?.figures !== undefined && /\{[a-z]+\}/.test(f.text)), `${question.id} quotes a figure`).toBe(true);
      expect(probes.filter((f) => f.standard === 'scale'), question.id).toHaveLength(1);
      expect(probes.filter((f) => f.standard === 'rollback-metric'), question.id).toHaveLength(1);
      for (const company of ['amazon', 'google', 'startup'] as const) expect(probes.some((f) => f.company === company), `${question.id} ${company}`).toBe(true);
      const sheet = question.factSheet;
      expect(sheet.length, question.id).toBeGreaterThanOrEqual(6);
      expect(sheet.filter((f) => f.constraint === true).length, question.id).toBeGreaterThanOrEqual(3);
    }
  });

  it('has at least 40 rapid-fire items with unique ids, including the seed round', () => {
    const items = bank.rapidFire();
    expect(items.length).toBeGreaterThanOrEqual(40);
    const ids = items.map((e) => e.item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(items.filter((e) => e.set === 'seed').length).toBe(4);
  });
});

describe('bank validation', () => {
  it('names the file and field path of every problem, in every file, and skips only the bad questions', async () => {
    const dir = copyOfBank();
    const q07 = join(dir, 'questions', 'q07.yaml');
    let seen = 0;
    // Break the third follow-up's dimension.
    writeFileSync(q07, readFileSync(q07, 'utf8').replace(/- dimension: \w+/g, (m) => (++seen === 3 ? '- dimension: vibes' : m)));
    const q12 = join(dir, 'rubrics', 'q12.yaml');
    writeFileSync(q12, readFileSync(q12, 'utf8').replace(/weight: \d/, 'weight: 9'));
    writeFileSync(join(dir, 'questions', 'q99.yaml'), 'id: q99\ntitle: [unclosed\n');

    const bank = await loadBank({ root: dir, cache: NO_CACHE });
    const lines = bank.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`);
    expect(lines.some((l) => l.startsWith('questions/q07.yaml: followUps[2].dimension: ') && l.includes('expected one of'))).toBe(true);
    expect(lines.some((l) => l.startsWith('rubrics/q12.yaml: criteria[0].weight: '))).toBe(true);
    expect(lines.some((l) => l.startsWith('questions/q99.yaml: : YAML'))).toBe(true);
    const ids = bank.questions().map((p) => p.question.id);
    expect(ids).not.toContain('q07');
    expect(ids).not.toContain('q12');
    expect(ids).toContain('q01');
    expect(ids.length).toBe(30);
  });

  it('reports a rubric that misses a dimension and a signal that names an unknown concept', async () => {
    const dir = copyOfBank();
    const q01 = join(dir, 'rubrics', 'q01.yaml');
    const text = readFileSync(q01, 'utf8').replace(/dimension: rollback/g, 'dimension: metrics').replace('[[canary, shadow]]', '[[canary, canaryy]]');
    writeFileSync(q01, text);
    const lines = (await loadBank({ root: dir, cache: NO_CACHE })).problems.map((p) => `${p.file}: ${p.path}: ${p.message}`);
    expect(lines).toContain('rubrics/q01.yaml: criteria: no criterion for rollback: every rubric covers all five dimensions');
    expect(lines.some((l) => /rubrics\/q01\.yaml: criteria\[\d+\]\.signals\[0\]: unknown concept "canaryy"/.test(l))).toBe(true);
  });
});
