import { describe, expect, it } from 'vitest';
import { loadBank, NO_CACHE } from '../../src/adapters/fs-bank.js';
import { inCompanyMode } from '../../src/core/grading/company.js';
import { gradeAnswer } from '../../src/core/grading/grade.js';
import { formatGrade } from '../../src/ui/reports/grade-report.js';

const bank = await loadBank({ cache: NO_CACHE });
const q23 = bank.question('q23');
if (q23 === undefined) throw new Error('q23 failed to load');
const amazon = inCompanyMode(q23, bank.company('amazon'));
const startup = inCompanyMode(q23, bank.company('startup'));

// An on-call answer that is strong on customer impact and rollback speed, and says nothing about cost or a cheap fallback.
const answer = [
  'First the SLO: p95 time to first token is 4 s against a 1 s target, while p50 is flat at 350 ms.',
  'About 6% of agent conversations, roughly 3,000 customers an hour, are hitting the slow tail, so this is customer-facing.',
  'I split each slow request into queue wait, prefill and decode with tracing spans, and check batch size and KV-cache use.',
  'If long 16k-token prompts sit at the head of the queue, that is head-of-line blocking: route prompts over 4k tokens to a separate pool.',
  'The routing rule is behind a feature flag, so rolling it back takes under a minute with no deploy.',
  'It goes to 5% of traffic first, and rolls back automatically if p95 TTFT stays above 1.5 s for 10 minutes.',
].join(' ');

describe('company mode changes the grade', () => {
  it('grades the same answer differently in Amazon and startup mode, and each says why', () => {
    const a = gradeAnswer(amazon, answer);
    const s = gradeAnswer(startup, answer);
    const plain = gradeAnswer(q23, answer);
    expect(a.overall).not.toBe(s.overall);
    expect(a.overall).toBeGreaterThan(s.overall);
    expect(plain.company).toBeUndefined();
    expect(a.company?.id).toBe('amazon');
    expect(a.company?.why).toMatch(/^Graded in Amazon mode: metrics counts 1\.3x and rollback counts 1\.5x, and 2 Amazon criteria are added/);
    expect(s.company?.why).toMatch(/^Graded in Startup mode: constraints counts 1\.4x and tradeoffs counts 1\.3x/);
    // Amazon's emphasis is met with the answer's own words; the startup's is not.
    const impact = a.criteria.find((c) => c.id === 'amazon-customer-impact');
    expect(impact).toMatchObject({ met: true, company: 'amazon' });
    expect(impact?.evidence[0]?.text).toContain('6% of agent conversations');
    expect(a.criteria.find((c) => c.id === 'amazon-rollback-speed')?.evidence[0]?.text).toContain('under a minute');
    expect(s.criteria.find((c) => c.id === 'startup-cost')?.met).toBe(false);
    expect(s.criteria.find((c) => c.id === 'startup-fallback')?.met).toBe(false);
    // Neither mode's criteria leak into the other, nor into the plain grade.
    expect(a.criteria.some((c) => c.id.startsWith('startup-'))).toBe(false);
    expect(plain.criteria.some((c) => c.company !== undefined)).toBe(false);
  });

  it('does not read a trigger window as rollback speed', () => {
    const trigger = gradeAnswer(amazon, 'Mitigate first: if p95 TTFT stays above 3 s for 10 minutes at peak, roll back what shipped on Tuesday.');
    expect(trigger.criteria.find((c) => c.id === 'amazon-rollback-speed')?.met).toBe(false);
  });

  it('prints the mode at the top of the report and marks its criteria', () => {
    const report = formatGrade(gradeAnswer(amazon, answer), q23.question.title);
    expect(report.split('\n')[1]).toMatch(/^Graded in Amazon mode/);
    expect(report).toMatch(/Puts the customer impact in numbers .*\(Amazon mode\)/);
  });

  it('gives the same prepared question back for the same mode, and the question itself with no mode', () => {
    expect(inCompanyMode(q23, bank.company('amazon'))).toBe(amazon);
    expect(inCompanyMode(q23, undefined)).toBe(q23);
  });
});
