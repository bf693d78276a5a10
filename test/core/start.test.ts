import { beforeAll, describe, expect, it } from 'vitest';
import { loadBank } from '../../src/adapters/fs-bank.js';
import type { QuestionBank } from '../../src/core/bank.js';
import { planDrillStart, planRoundStart, type DrillStart, type Planned, type RoundStart } from '../../src/core/practice/start.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/schemas/settings.js';
import { seeded } from '../helpers.js';

let bank: QuestionBank;
beforeAll(async () => {
  bank = await loadBank();
});

function started<S extends { kind: string }>(planned: Planned<S>): Extract<S, { kind: 'new' }> {
  if (!planned.ok) throw new Error(`expected a start, got: ${planned.reason}`);
  const start = planned.start;
  if (start.kind !== 'new') throw new Error('expected a new start');
  return start as Extract<S, { kind: 'new' }>;
}

const round = (settings: Settings, request: Parameters<typeof planRoundStart>[3] = {}, seed = 7): Extract<RoundStart, { kind: 'new' }> =>
  started(planRoundStart(bank, settings, seeded(seed), request));
const clusterOf = (id: string): string | undefined => bank.question(id)?.question.cluster;

describe('planning a round start', () => {
  it('takes the count, length, company and cluster from the settings', () => {
    const start = round({ ...DEFAULT_SETTINGS, questions: 4, minutes: 25, company: 'amazon', cluster: 'incident' });
    expect(start.questions).toHaveLength(4);
    expect(start.questions.every((q) => clusterOf(q.id) === 'incident')).toBe(true);
    expect(start).toMatchObject({ minutes: 25, company: 'amazon', cluster: 'incident' });
  });

  it('lets each flag override its setting', () => {
    const start = round({ ...DEFAULT_SETTINGS, cluster: 'incident', company: 'amazon' }, { questions: 5, minutes: 90, cluster: 'architecture', company: 'google' });
    expect(start.questions).toHaveLength(5);
    expect(start.questions.every((q) => clusterOf(q.id) === 'architecture')).toBe(true);
    expect(start).toMatchObject({ minutes: 90, company: 'google', cluster: 'architecture' });
  });

  it('asks what is due first, most overdue first, and fills the rest from every cluster, not the saved one', () => {
    const start = round({ ...DEFAULT_SETTINGS, questions: 10, cluster: 'incident' }, { due: ['q23', 'q05'] });
    expect(start.questions.map((q) => q.id).slice(0, 2)).toEqual(['q23', 'q05']);
    expect(start.questions).toHaveLength(10);
    expect(new Set(start.questions.map((q) => clusterOf(q.id))).size).toBe(3);
    expect(start.cluster).toBeUndefined();
  });

  it('asks no more due questions than the round holds, and passes over ids the bank no longer has', () => {
    expect(round(DEFAULT_SETTINGS, { due: ['q01', 'q02', 'q03', 'q04', 'q05'] }).questions.map((q) => q.id)).toEqual(['q01', 'q02', 'q03']);
    const start = round(DEFAULT_SETTINGS, { due: ['q98', 'q07'] });
    expect(start.questions.map((q) => q.id)[0]).toBe('q07');
    expect(start.questions).toHaveLength(3);
  });

  it('asks a named question first, then what is due, each once, ignoring the saved cluster', () => {
    const start = round({ ...DEFAULT_SETTINGS, cluster: 'incident' }, { questionId: 'q07', due: ['q07', 'q12'] });
    const ids = start.questions.map((q) => q.id);
    expect(ids.slice(0, 2)).toEqual(['q07', 'q12']);
    expect(new Set(ids).size).toBe(3);
    expect(start.cluster).toBeUndefined();
    const named = round({ ...DEFAULT_SETTINGS, questions: 6, cluster: 'incident' }, { questionId: 'q01' });
    expect(named.questions[0]?.id).toBe('q01');
    expect(new Set(named.questions.map((q) => clusterOf(q.id))).size).toBe(3);
  });

  it('draws the rest from a cluster given as a flag, even after a named question', () => {
    const start = round(DEFAULT_SETTINGS, { questions: 4, questionId: 'q01', cluster: 'incident' });
    expect(start.questions[0]?.id).toBe('q01');
    expect(start.questions.slice(1).every((q) => clusterOf(q.id) === 'incident')).toBe(true);
  });

  it('says why when nothing is due or nothing can be asked', () => {
    expect(planRoundStart(bank, DEFAULT_SETTINGS, seeded(1), { due: [] })).toEqual({ ok: false, reason: expect.stringMatching(/^nothing is due: coach next shows when/) });
    const empty: Pick<QuestionBank, 'questions'> = { questions: () => [] };
    expect(planRoundStart(empty, DEFAULT_SETTINGS, seeded(1))).toEqual({ ok: false, reason: expect.stringMatching(/^no questions to ask/) });
  });

  it('plans the same round for the same random sequence', () => {
    expect(round(DEFAULT_SETTINGS, {}, 11)).toEqual(round(DEFAULT_SETTINGS, {}, 11));
  });
});

const drill = (settings: Settings, request: Parameters<typeof planDrillStart>[3], seed = 5): Extract<DrillStart, { kind: 'new' }> =>
  started(planDrillStart(bank, settings, seeded(seed), request));

describe('planning a drill start', () => {
  it('takes the rapid-fire count and seconds from the settings, and the flags over them', () => {
    const saved = drill({ ...DEFAULT_SETTINGS, drillCount: 6, drillSeconds: 40 }, { kind: 'rapid-fire' });
    expect(saved.items).toHaveLength(6);
    expect(saved.items.every((i) => i.seconds === 40 && i.id.startsWith('rf-'))).toBe(true);
    expect(saved).toMatchObject({ seconds: 40 });
    expect(saved.variant).toBeUndefined();
    const flagged = drill({ ...DEFAULT_SETTINGS, drillSeconds: 40 }, { kind: 'rapid-fire', count: 3, seconds: 20 });
    expect(flagged.items.map((i) => i.seconds)).toEqual([20, 20, 20]);
  });

  it('plans four spot-the-flaw answers timed by their length unless seconds are given; the saved drill seconds are for rapid-fire', () => {
    const start = drill({ ...DEFAULT_SETTINGS, drillSeconds: 40 }, { kind: 'spot-the-flaw' });
    expect(start).toMatchObject({ variant: 'spot-the-flaw', seconds: undefined });
    expect(start.items).toHaveLength(4);
    expect(start.items.every((i) => i.id.startsWith('flaw:') && i.seconds !== 40)).toBe(true);
    expect(drill(DEFAULT_SETTINGS, { kind: 'spot-the-flaw', count: 2, seconds: 300 }).items.map((i) => i.seconds)).toEqual([300, 300]);
  });

  it('plans a leech as its dimension, three related prompts, and the dimension again', () => {
    const start = drill(DEFAULT_SETTINGS, { kind: 'focus', questionId: 'q05', dimension: 'rollback' });
    expect(start.variant).toBe('focus');
    expect(start.items.map((i) => i.id)).toEqual(['focus:q05:rollback', expect.stringMatching(/^rf-/), expect.stringMatching(/^rf-/), expect.stringMatching(/^rf-/), 'focus:q05:rollback']);
  });

  it('says why a focused drill cannot start when the question has no criteria for the dimension', () => {
    const q05 = bank.question('q05');
    if (q05 === undefined) throw new Error('q05 failed to load');
    const noRollback: QuestionBank = {
      root: bank.root,
      dimensions: bank.dimensions,
      problems: bank.problems,
      questions: () => bank.questions(),
      question: (id) => (id === 'q05' ? { ...q05, rubric: { ...q05.rubric, criteria: q05.rubric.criteria.filter((c) => c.dimension !== 'rollback') } } : bank.question(id)),
      rapidFire: () => bank.rapidFire(),
      spotTheFlaw: () => bank.spotTheFlaw(),
      coding: () => bank.coding(),
      prep: () => bank.prep(),
      reference: (id) => bank.reference(id),
      company: (id) => bank.company(id),
    };
    expect(planDrillStart(noRollback, DEFAULT_SETTINGS, seeded(1), { kind: 'focus', questionId: 'q05', dimension: 'rollback' })).toEqual({
      ok: false,
      reason: 'question q05 has no rollback criteria to drill',
    });
  });

  it('says why a drill has nothing to ask', () => {
    const empty: QuestionBank = { ...bank, questions: () => [], question: () => undefined, rapidFire: () => [], spotTheFlaw: () => [], prep: () => [], reference: () => undefined, company: () => undefined };
    expect(planDrillStart(empty, DEFAULT_SETTINGS, seeded(1), { kind: 'triage' })).toEqual({ ok: false, reason: 'no incident triage drill prompts in the bank (questions/prep/); run coach bank validate' });
    expect(planDrillStart(empty, DEFAULT_SETTINGS, seeded(1), { kind: 'rapid-fire' })).toEqual({ ok: false, reason: 'no rapid-fire prompts in the bank; run coach bank validate' });
    expect(planDrillStart(empty, DEFAULT_SETTINGS, seeded(1), { kind: 'spot-the-flaw' })).toEqual({ ok: false, reason: expect.stringMatching(/^no spot-the-flaw answers in the bank/) });
    expect(planDrillStart(empty, DEFAULT_SETTINGS, seeded(1), { kind: 'focus', questionId: 'q05', dimension: 'rollback' })).toMatchObject({ ok: false });
  });
});
