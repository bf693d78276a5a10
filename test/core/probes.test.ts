/** The interviewer listens: probes depend on what the answer said, press strong answers, quote the candidate's figures, never repeat. */
import { describe, expect, it } from 'vitest';
import { gradeAnswer } from '../../src/core/grading/grade.js';
import { hear, probeText, selectFollowUp, STANDARD_PROBE_DEADLINE_MS, type ChosenFollowUp } from '../../src/core/practice/follow-up.js';
import { scriptedInterviewer } from '../../src/core/practice/scripted-interviewer.js';
import { loadBank } from '../../src/adapters/fs-bank.js';
import type { Grade } from '../../src/schemas/grade.js';
import type { PreparedRubric } from '../../src/core/grading/grade.js';
import { DIMENSIONS } from '../../src/schemas/constants.js';
import { fixture } from '../helpers.js';

const bank = await loadBank();
const templates = Object.fromEntries(bank.dimensions.map((d) => [d.id, d.followUps]));
function question(id: string): PreparedRubric {
  const p = bank.question(id);
  if (p === undefined) throw new Error(`${id} missing`);
  return p;
}
const q01 = question('q01');

/** Every probe the scripted interviewer would ask, one after another, until it has nothing left. */
function interview(p: PreparedRubric, answers: readonly string[], grade: Grade, company?: 'amazon' | 'google' | 'startup'): ChosenFollowUp[] {
  const asked: string[] = [];
  const heard = hear(p, answers);
  const out: ChosenFollowUp[] = [];
  for (let i = 0; i < 60; i++) {
    const next = selectFollowUp(grade, { question: p.question, templates, asked, company, heard });
    if (next === undefined) break;
    out.push(next);
    asked.push(next.text);
  }
  return out;
}

describe('probes that listen', () => {
  it('never asks a probe that needs batching of an answer that never mentioned batching', () => {
    const answer = 'We need p95 time to first token under 1 s at 1,200 requests per second. I would put a gateway with rate limits in front and scale replicas on queue delay.';
    const heard = hear(q01, [answer]);
    expect(heard.concepts.has('batching')).toBe(false);
    const asked = interview(q01, [answer], gradeAnswer(q01, answer)).map((p) => p.text);
    expect(asked.length).toBeGreaterThan(5);
    expect(asked.some((t) => /bigger batch|continuous batching/i.test(t))).toBe(false);
    // Said, the same probe becomes askable.
    const withBatching = `${answer} Continuous batching with a bigger batch raises throughput.`;
    const later = interview(q01, [withBatching], gradeAnswer(q01, withBatching)).map((p) => p.text);
    expect(later.some((t) => /bigger batch/i.test(t))).toBe(true);
  });

  it('does not ask for what was already said: no "what latency target" after a p95 SLO was stated', () => {
    const answer = 'The SLO is p95 time to first token under 1 second.';
    const asked = interview(q01, [answer], gradeAnswer(q01, answer)).map((p) => p.text);
    expect(asked.some((t) => /what latency target are you designing to/i.test(t))).toBe(false);
    const silent = interview(q01, ['We would use a queue.'], gradeAnswer(q01, 'We would use a queue.')).map((p) => p.text);
    expect(silent.some((t) => /what latency target are you designing to/i.test(t))).toBe(true);
  });

  it('presses a 4/4 answer on its strongest claim instead of letting it go', () => {
    const strong = fixture('q01-strong.md');
    const grade = gradeAnswer(q01, strong);
    const perfect: Grade = { ...grade, dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, { ...grade.dimensions[d], score: 4 }])) as Grade['dimensions'] };
    const next = selectFollowUp(perfect, { question: q01.question, templates, asked: [], heard: hear(q01, [strong]) });
    expect(next).toBeDefined();
    expect(next?.pressing).toBe('strongest');
    expect(next?.level).toBe(3);
    const heard = hear(q01, [strong]);
    const probe = q01.question.followUps.find((f) => probeText(f, heard, undefined) === next?.text);
    // It leans on something the answer claimed.
    expect(probe?.when?.said ?? probe?.when?.figures).toBeDefined();
  });

  it("asks a dimension's generic questions only where the answer barely touched it, and leans on its claims once its weak spots are spent", () => {
    const q20 = question('q20');
    const answer = fixture('q20-strong.md');
    const grade = gradeAnswer(q20, answer);
    const asked = interview(q20, [answer], grade);
    const generic = asked.filter((x) => x.source === 'template');
    for (const t of generic) expect(grade.dimensions[t.dimension].score).toBeLessThanOrEqual(1);
    expect(asked.length).toBeGreaterThanOrEqual(8);
    expect(asked.filter((x) => x.pressing === 'strongest').every((x) => x.source === 'ladder')).toBe(true);
  });

  it("quotes the candidate's own figures", () => {
    const answer = 'We serve 1,200 requests per second with p95 TTFT of 800 ms. Continuous batching, a prefix cache, canary at 5%.';
    const grade = gradeAnswer(q01, answer);
    const all = interview(q01, [answer], { ...grade, dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, { ...grade.dimensions[d], score: 4 }])) as Grade['dimensions'] });
    const quoting = all.find((p) => p.text.startsWith('You said'));
    expect(quoting?.text).toContain('1,200 requests per second');
    expect(quoting?.text).toContain('800 ms');
    expect(quoting?.text).not.toMatch(/\{[a-z]+\}/);
  });

  it('asks nothing twice in a session, on every question, for weak and strong answers and in every company mode', () => {
    for (const p of bank.questions()) {
      for (const kind of ['weak', 'strong'] as const) {
        const answer = fixture(`${p.question.id}-${kind}.md`);
        for (const company of [undefined, 'amazon', 'google', 'startup'] as const) {
          const texts = interview(p, [answer], gradeAnswer(p, answer), company).map((x) => x.text);
          expect(new Set(texts).size, `${p.question.id} ${kind} ${company ?? ''}`).toBe(texts.length);
        }
      }
    }
  });

  it("asks the scale and rollback-metric probes first when the question's time is nearly up", () => {
    const answer = 'We would use a queue.';
    const near = selectFollowUp(gradeAnswer(q01, answer), { question: q01.question, templates, asked: [], heard: hear(q01, [answer]), timeLeftMs: STANDARD_PROBE_DEADLINE_MS - 1 });
    expect(q01.question.followUps.find((f) => f.text === near?.text)?.standard).toBeDefined();
  });

  it("company mode asks the company's own probe", async () => {
    const answer = 'We would use a queue.';
    const grade = gradeAnswer(q01, answer);
    const amazon = interview(q01, [answer], grade, 'amazon').map((p) => p.text);
    const plain = interview(q01, [answer], grade).map((p) => p.text);
    const own = q01.question.followUps.find((f) => f.company === 'amazon')?.text;
    expect(amazon).toContain(own);
    expect(plain).not.toContain(own);
    const turn = await scriptedInterviewer.followUp({ prepared: q01, answers: [answer], grade, asked: [], company: 'amazon', templates });
    expect(turn?.dimension).toBe('rollback');
  });
});

describe('the model interviewer may not invent figures', () => {
  it('flags a number that neither the answer, the fact sheet nor the planned probe states', async () => {
    const { inventedNumbers } = await import('../../src/core/practice/follow-up.js');
    const facts = q01.question.factSheet.map((f) => f.answer);
    expect(inventedNumbers('You said 1,200 requests a second. What if it doubles to 2400?', ['We serve 1,200 requests a second.', ...facts])).toEqual(['2400']);
    expect(inventedNumbers('Your p95 TTFT is 1.4 s at peak; what do you cut first?', facts)).toEqual([]);
  });
});
