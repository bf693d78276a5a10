import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_CACHE, loadBank, loadQuestion, questionExists } from '../../src/adapters/fs-bank.js';
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
    expect(items.filter((e) => e.set === 'essentials').length).toBe(4);
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

  it('reads a FIFO, a device or an oversized file in the bank as a problem, never hanging or reading without end', async () => {
    const dir = copyOfBank();
    const q03 = join(dir, 'questions', 'q03.yaml');
    unlinkSync(q03);
    execFileSync('mkfifo', [q03]);
    writeFileSync(join(dir, 'rubrics', 'q05.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    if (existsSync('/dev/zero')) {
      unlinkSync(join(dir, 'questions', 'q07.yaml'));
      symlinkSync('/dev/zero', join(dir, 'questions', 'q07.yaml'));
    }
    const bank = await loadBank({ root: dir, cache: NO_CACHE });
    const lines = bank.problems.map((p) => `${p.file}: ${p.message}`);
    expect(lines).toContain('questions/q03.yaml: cannot read: it is not a regular file');
    expect(lines).toContain('rubrics/q05.yaml: cannot read: it is 3 MB; the limit is 1 MB');
    if (existsSync('/dev/zero')) expect(lines).toContain('questions/q07.yaml: cannot read: it is not a regular file');
    expect(bank.questions().map((p) => p.question.id)).not.toContain('q03');
  });
});

describe('a question id from a session file', () => {
  it('names a bank file only when it is a question id the bank lists', async () => {
    const dir = copyOfBank();
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
    for (const id of ['../fifo', '../../../../etc/passwd', 'q01/../q02', 'Q01', 'q100']) {
      expect(questionExists(id, dir), id).toBe(false);
      // A read of ../fifo.yaml would block here for good.
      const loaded = await loadQuestion(id, { root: dir, cache: NO_CACHE });
      expect(loaded.prepared, id).toBeUndefined();
      expect(loaded.problems, id).toEqual([{ file: 'questions', path: '', message: `no question "${id}" in the bank` }]);
    }
    expect(questionExists('q01', dir)).toBe(true);
    expect((await loadQuestion('q01', { root: dir, cache: NO_CACHE })).prepared?.question.id).toBe('q01');
  });
});
