/**
 * Figures users learn from: the slips found in the bank stay fixed, and prices agree across it.
 * Reads every text a user is shown or graded against (questions, rubric advice, spot-the-flaw
 * parts, rapid-fire items, golden answers and the strong fixtures).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_CACHE, loadBank } from '../../src/adapters/fs-bank.js';
import { ROOT } from '../helpers.js';

function files(dir: string, ext: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext) && !e.parentPath.includes('blind'))
    .map((e) => join(e.parentPath, e.name));
}

/** Every bank text, as sentences with the file they come from (YAML folding undone). */
const texts = [...files('questions', '.yaml'), ...files('rubrics', '.yaml'), ...files('test/fixtures/answers', '-strong.md')].flatMap((file) =>
  readFileSync(file, 'utf8')
    .replace(/\n\s+/g, ' ')
    .split(/(?<=[.;])\s+/)
    .map((sentence) => ({ file: file.slice(ROOT.length), sentence })),
);
const bank = await loadBank({ cache: NO_CACHE });
const gap = (q: string, criterion: string): string => bank.question(q)?.rubric.criteria.find((c) => c.id === criterion)?.gap ?? '';

describe('the bank states its figures right', () => {
  it('prices an H100 at one rate everywhere: $2.50 an hour', () => {
    const prices = texts.flatMap(({ file, sentence }) =>
      [...sentence.matchAll(/\$(\d+(?:\.\d+)?) (?:an|per|\/) ?(?:H100-)?(?:hour|hr)\b/gi)].filter(() => /H100|GPU/i.test(sentence)).map((m) => `${file}: $${m[1]}`),
    );
    expect(prices.length).toBeGreaterThan(0);
    expect(prices.filter((p) => !p.endsWith('$2.50'))).toEqual([]);
    // Costs stated for a number of H100s over a day or a month agree with that rate within 15%.
    const off: string[] = [];
    for (const { file, sentence } of texts) {
      for (const m of sentence.matchAll(/(\d+) (?:extra |more |spare )?H100s?[^$]{0,40}\$(\d+(?:,\d{3})*(?:\.\d+)?)(k)? (?:a|per) (day|month)/gi)) {
        const gpus = Number(m[1]);
        const stated = Number((m[2] ?? '').replace(/,/g, '')) * (m[3] === undefined ? 1 : 1000);
        const expected = gpus * 2.5 * (m[4]?.toLowerCase() === 'day' ? 24 : 730);
        if (Math.abs(stated - expected) > expected * 0.15) off.push(`${file}: ${m[0]} (expected about $${Math.round(expected)})`);
      }
    }
    expect(off).toEqual([]);
  });

  it('says moving the KV cache from FP8 back to FP16 doubles it', () => {
    expect(texts.filter(({ sentence }) => /FP8[^.]*FP16[^.]*\b\d+% more KV/i.test(sentence))).toEqual([]);
    expect(gap('q24', 'fix-options-cost')).toMatch(/doubles KV memory/);
  });

  it('costs a one-sentence moderation holdback at the time to generate a sentence, not milliseconds', () => {
    const holdbacks = texts.filter(({ sentence }) => /one-sentence holdback/i.test(sentence));
    expect(holdbacks.length).toBeGreaterThan(0);
    for (const h of holdbacks) expect(h.sentence, h.file).not.toMatch(/\b\d{2,3} ?ms\b/);
  });

  it('pages on a 6x burn over 6 hours and tickets on 1x over 3 days, as the SRE workbook does', () => {
    expect(texts.filter(({ sentence }) => /ticket[^.]*6-hour burn|6-hour burn[^.]*ticket/i.test(sentence)).map((t) => t.file)).toEqual([]);
    expect(gap('q13', 'burn-rate-alerts')).toMatch(/3-day burn rate exceeds 1x/);
  });

  it('does not promise a 4x decode speed-up from 4-bit weights', () => {
    expect(texts.filter(({ sentence }) => /nearly in step/i.test(sentence))).toEqual([]);
    const explain = bank.rapidFire().find((e) => e.item.id === 'rf-quant-decode-speedup')?.item.explain ?? '';
    expect(explain).toMatch(/2\.5-3\.5x/);
  });

  it('sizes a mitigation inside the memory its own arithmetic leaves (q26)', () => {
    expect(gap('q26', 'mitigate-first')).toMatch(/max sequences to 12/);
  });
});

describe('checkable facts', () => {
  it('at least 10 questions fix figures an answer can get wrong, each tied to a criterion of its rubric', () => {
    const withFacts = bank.questions().filter((p) => p.rubric.facts.length > 0);
    expect(withFacts.length).toBeGreaterThanOrEqual(10);
    for (const p of withFacts) for (const f of p.rubric.facts) if (f.criterion !== undefined) expect(p.rubric.criteria.map((c) => c.id), `${p.question.id} ${f.id}`).toContain(f.criterion);
  });

  it('never flags the strong fixtures or the golden strong answers: a correct figure is never called wrong', async () => {
    const { loadGolden } = await import('../../src/adapters/golden.js');
    const { gradeAnswer } = await import('../../src/core/grading/grade.js');
    const wrong: string[] = [];
    for (const p of bank.questions()) {
      const strong = readFileSync(join(ROOT, 'test/fixtures/answers', `${p.question.id}-strong.md`), 'utf8');
      for (const c of gradeAnswer(p, strong).factChecks) wrong.push(`${p.question.id} fixture: ${c.stated.text}`);
    }
    for (const f of (await loadGolden()).files) {
      const p = bank.question(f.question);
      if (p === undefined) continue;
      for (const a of f.answers.filter((x) => x.label === 'strong')) for (const c of gradeAnswer(p, a.text).factChecks) wrong.push(`${a.id}: ${c.stated.text}`);
    }
    expect(wrong).toEqual([]);
  });
});
