/**
 * The five preparation drills, graded on the shipped items: a right answer, a wrong one and a
 * half-right one for each (right content in the wrong order, a wrong first move, a figure off).
 */
import { describe, expect, it } from 'vitest';
import { loadBank, NO_CACHE } from '../../src/adapters/fs-bank.js';
import { drillCatalog } from '../../src/core/practice/drill-items.js';
import { PREP_KINDS } from '../../src/schemas/constants.js';

const bank = await loadBank({ cache: NO_CACHE });
const catalog = drillCatalog(bank);
function grade(id: string, answer: string) {
  const entry = catalog.entry(id);
  if (entry === undefined) throw new Error(`no item ${id}`);
  return entry.grade(answer);
}

describe('the preparation drills on the shipped bank', () => {
  it('has items of every kind, and the bank validates', () => {
    expect(bank.problems).toEqual([]);
    for (const kind of PREP_KINDS) expect(bank.prep().filter((e) => e.kind === kind).length, kind).toBeGreaterThanOrEqual(kind === 'scripts' ? 4 : 3);
  });

  describe('numbers', () => {
    it('takes a figure within tolerance, with or without the working', () => {
      expect(grade('nb-kv-cache-70b', 'about 1.3 GB').correct).toBe(true);
      expect(grade('nb-kv-cache-70b', '320 KiB a token times 4,096 tokens is 1.25 GiB').correct).toBe(true);
      expect(grade('nb-error-budget', grade('nb-error-budget', '').figure?.expected ?? '').correct).toBe(true);
    });
    it('fails a figure outside tolerance and shows the worked arithmetic', () => {
      const g = grade('nb-kv-cache-70b', 'about 13 GB');
      expect(g.correct).toBe(false);
      expect(g.score).toBe(0);
      expect(g.figure).toMatchObject({ within: false, said: '13 GB' });
      expect(g.problems?.[0]).toMatch(/^13 GB is .*x too high: it is about 1\.25 GiB .*\(anything from 1\.13 GiB to 1\.38 GiB counts\)\. .*80 layers × 2 \(K and V\) × 8 heads × 128 dims × 2 bytes = 327,680 bytes/);
    });
    it('names the figure the answer gives, not a per-period "a month" beside it', () => {
      const g = grade('nb-distillation-payback', 'about 10 months, since it saves roughly 3,000 dollars a month');
      expect(g.correct).toBe(false);
      expect(g.problems?.[0]).toMatch(/^10 months is 3\.04x too high: it is about 3 months \(2\.9\) \(anything from 2\.4 months to 3\.3 months counts\)/);
      expect(grade('nb-distillation-payback', 'about 2.9 months: $10,500 saved a month against $30k').correct).toBe(true);
    });
    it('asks for the unit of a bare number and says when there is no figure at all', () => {
      expect(grade('nb-kv-cache-70b', 'roughly 1300').problems?.[0]).toMatch(/^1300 of what\? Say the unit/);
      expect(grade('nb-kv-cache-70b', 'a lot of memory').problems?.[0]).toMatch(/^No figure given: it is about 1\.25 GiB/);
    });
  });

  describe('scripts', () => {
    const right =
      'First I split latency into TTFT and inter-token latency, then queue wait vs prefill vs decode with tracing, and check batch size and queue depth. If decode at small batch is slow it is memory-bandwidth bound, so weight-only quantisation or speculative decoding; if queue wait dominates, add replicas.';
    it('credits measure, classify, remedy in that order', () => {
      const g = grade('sc-too-slow', right);
      expect(g.correct).toBe(true);
      expect(g.problems).toEqual([]);
    });
    it('fails the classic wrong first move: capacity before measuring', () => {
      const g = grade('sc-too-slow', `Add more GPUs. ${right}`);
      expect(g.correct).toBe(false);
      expect(g.problems?.join('\n')).toMatch(/first: “Add more GPUs”\. More GPUs/);
      expect(g.score).toBeGreaterThan(0);
    });
    it('fails a script over 150 words, however good', () => {
      const g = grade('sc-too-slow', `${right} ${'Then I would write it all down in the incident channel for everyone.'.repeat(10)}`);
      expect(g.problems?.some((p) => /^\d+ words: this is 150 at most/.test(p))).toBe(true);
      expect(g.correct).toBe(false);
    });
    it('half-right: the right steps with the remedy said first, one line for the sentence out of order', () => {
      const g = grade('sc-wrong-output', "Roll back the model to last week's version first. Then I would pull twenty failing examples from the tickets, check how often it happens against the golden set pass rate, and find when it started.");
      expect(g.correct).toBe(false);
      expect(g.problems).toEqual(["Remedy comes before measure: “Roll back the model to last week's version first” comes first. The order is measure → classify → remedy."]);
      expect(g.score).toBe(0.5);
    });
    it('fails an answer with no measurement at all', () => {
      const g = grade('sc-too-slow', 'Quantise the weights and turn on speculative decoding.');
      expect(g.correct).toBe(false);
      expect(g.problems?.some((p) => /^No measure step/i.test(p))).toBe(true);
    });
  });

  describe('first three questions', () => {
    it('credits business constraints asked first', () => {
      const g = grade('fq-medical-triage', 'What happens when it under-triages an emergency, and who catches it? What latency do patients and nurses tolerate? Which regulations apply to the data?');
      expect(g.correct).toBe(true);
    });
    it('fails an implementation question asked first, even with business questions after it', () => {
      const g = grade('fq-medical-triage', 'Which model and GPU do we use? What happens when it under-triages an emergency, and who catches it? What latency do nurses tolerate?');
      expect(g.correct).toBe(false);
      expect(g.named.map((n) => n.id)).toEqual(expect.arrayContaining(['cost-of-error', 'latency']));
      expect(g.problems).toEqual([expect.stringMatching(/first: “Which model and GPU do we use\?”\. Implementation before constraints/)]);
      expect(g.score).toBe(0.5);
    });
    it('counts only the first three questions, and says so', () => {
      const g = grade('fq-medical-triage', 'How many cases a day? Which GPU? Can we fine-tune? What happens when it is wrong?');
      expect(g.notes?.[0]).toMatch(/^Only your first 3 questions count/);
      expect(g.named.map((n) => n.id)).not.toContain('cost-of-error');
    });
    it('fails a wrong answer: no question at all', () => {
      expect(grade('fq-medical-triage', 'I would fine-tune a model on the triaged cases.').problems?.[0]).toMatch(/^You asked 0 questions; the drill asks for 3/);
    });
  });

  describe('triage', () => {
    it('never credits a reason from the sentence that takes the wrong first move', () => {
      const g = grade('tr-odd-traffic', 'Add more GPUs so we keep headroom, and keep watching.');
      expect(g.named).toEqual([]);
      expect(g.problems?.[0]).toMatch(/^Adding capacity first: “Add more GPUs so we keep headroom”/);
    });
    it('credits protecting the SLO first, with the reason from the vignette', () => {
      const g = grade('tr-queue-surge', 'Protect first: turn on admission control and rate-limit the tenant whose traffic tripled, because queue depth is 900 and climbing while inter-token latency is flat, so this is queueing.');
      expect(g.correct).toBe(true);
    });
    it('fails the wrong branch taken first', () => {
      const g = grade('tr-queue-surge', 'I would start by digging into the root cause in the logs, then rate-limit the tenant.');
      expect(g.correct).toBe(false);
      expect(g.problems?.length).toBeGreaterThan(0);
    });
  });

  describe('story', () => {
    it('credits cause, impact in numbers and what changed after', () => {
      const g = grade(
        'st-lived-incident',
        'A rolling update loaded a partially downloaded weight file on 3 of 20 replicas, so two model versions served at once. For 40 minutes about 15% of answers were garbled, roughly 2,000 support tickets. We rolled back, and afterwards we verify checksums at load time, not only at download, and the canary now gates on a golden set.',
      );
      expect(g.problems).toEqual([]);
      expect(g.correct).toBe(true);
    });
    it('fails a story with no mechanism, no number and no change', () => {
      const g = grade('st-lived-incident', 'A deploy broke things once and we fixed it.');
      expect(g.correct).toBe(false);
      expect(g.problems?.length).toBeGreaterThan(0);
    });
  });
});
