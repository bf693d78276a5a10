import { describe, expect, it } from 'vitest';
import { loadBank, NO_CACHE } from '../../src/adapters/fs-bank.js';
import { drillReducer, startDrill, type DrillGrader, type DrillState } from '../../src/core/practice/drill.js';
import { drillCatalog, drillItemInfo, focusItemId, parseFocusItemId, planFlawPrompts, planFocusPrompts } from '../../src/core/practice/drill-items.js';
import { sessionMarkdown } from '../../src/core/progress/export.js';
import { composeFlawed, flawDrillItem, flawItemId, gradeCritique, parseFlawItemId, planFlawDrill, switches } from '../../src/core/practice/flaws.js';
import { gradeAnswer } from '../../src/core/grading/grade.js';
import { dueQuestions, firstLeech, LEECH_LAPSES, schedule } from '../../src/core/progress/schedule.js';
import { drillToSession, resumeDrill } from '../../src/core/progress/session-record.js';
import type { Session } from '../../src/schemas/session.js';
import { formatNext } from '../../src/ui/reports/next-report.js';
import { DIMENSIONS } from '../../src/schemas/constants.js';
import { seeded } from '../helpers.js';

const bank = await loadBank({ cache: NO_CACHE });
const q05 = bank.spotTheFlaw().find((e) => e.set.question === 'q05');
if (q05 === undefined) throw new Error('the bank has no q05 flaw set');
const catalog = drillCatalog(bank);
const grader: DrillGrader = (id, answer) => {
  const e = catalog.entry(id);
  if (e === undefined) throw new Error(`no drill item ${id}`);
  return e.grade(answer);
};

describe('spot-the-flaw answers', () => {
  it('plant the flawed version of each chosen part and keep the rest sound', () => {
    const [first, second] = switches(q05.set);
    if (first === undefined || second === undefined) throw new Error('q05 needs two switches');
    const text = composeFlawed(q05.set, new Set([first.flag]));
    expect(text).toContain(first.flawed.slice(0, 40));
    expect(text).not.toContain(first.sound.slice(0, 40));
    expect(text).toContain(second.sound.slice(0, 40));
    // The rubric grader sees exactly the planted flag.
    expect(gradeAnswer(q05.prepared, text).redFlags.map((f) => f.id)).toEqual([first.flag]);
  });

  it('name the question and the planted flags in the item id, so a saved drill can rebuild them', () => {
    const id = flawItemId('q05', ['all-traffic-at-once', 'model-first']);
    expect(id).toBe('flaw:q05:all-traffic-at-once+model-first');
    expect(parseFlawItemId(id)).toEqual({ questionId: 'q05', flags: ['all-traffic-at-once', 'model-first'] });
    expect(parseFlawItemId('rf-canary-ramp')).toBeUndefined();
    expect(catalog.entry(id)?.kind).toBe('spot-the-flaw');
    expect(catalog.entry('flaw:q05:not-a-flag')).toBeUndefined();
    expect(catalog.entry('flaw:q99:model-first')).toBeUndefined();
  });

  it('show the question, the answer and how many problems to find', () => {
    const item = flawDrillItem(q05, ['model-first', 'all-traffic-at-once']);
    expect(item?.prompt).toContain(q05.prepared.question.prompt);
    expect(item?.prompt).toContain('A candidate answered:');
    expect(item?.prompt).toContain('This answer has 2 problems');
    expect(item?.atLeast).toBe(2);
    expect(item?.expected.map((e) => e.label)).toEqual(q05.prepared.question.redFlags.filter((f) => f.id === 'model-first' || f.id === 'all-traffic-at-once').map((f) => f.label));
    // Reading takes time: longer than a rapid-fire prompt's 45-90 s.
    expect(item?.seconds).toBeGreaterThanOrEqual(90);
  });
});

describe('grading a critique', () => {
  const item = flawDrillItem(q05, ['model-first', 'all-traffic-at-once']);
  if (item === undefined) throw new Error('no q05 item');

  it('credits each planted flaw the critique names, quoting the words that name it', () => {
    const g = gradeCritique(item, 'It jumps straight to quantising the 70B before measuring where the cost goes. And there is no rollback plan: everything goes to all traffic in one go.', q05.lexicon);
    expect(g.correct).toBe(true);
    expect(g.named.map((n) => n.id).sort()).toEqual(["all-traffic-at-once", "model-first"]);
    for (const n of g.named) expect(n.evidence[0]?.text.length).toBeGreaterThan(5);
  });

  it('counts a flaw named in the negative ("no canary") and misses what the critique never mentions', () => {
    const g = gradeCritique(item, 'No canary and no way to roll it back.', q05.lexicon);
    expect(g.named.map((n) => n.id)).toEqual(['all-traffic-at-once']);
    expect(g.missed.map((m) => m.id)).toEqual(['model-first']);
    expect(g.correct).toBe(false);
    expect(g.score).toBe(0.5);
  });

  it('credits nothing for a critique that names no flaw', () => {
    const g = gradeCritique(item, 'Looks fine to me, good answer.', q05.lexicon);
    expect(g.named).toEqual([]);
    expect(g.correct).toBe(false);
  });
});

const base: Session = { schemaVersion: 1, id: '20261122-100000-abcd', mode: 'drill', status: 'active', startedAt: '2026-11-22T10:00:00.000Z', updatedAt: '2026-11-22T10:00:00.000Z', settings: { variant: 'spot-the-flaw' }, grader: 'rubric', interviewer: 'scripted', questions: [], drill: [] };

describe('planning a spot-the-flaw drill', () => {
  it('takes different questions with one or two flaws each, every prompt rebuildable from its id', () => {
    const items = planFlawDrill(bank.spotTheFlaw(), 4, seeded(3));
    expect(items.length).toBe(Math.min(4, bank.spotTheFlaw().length));
    const questions = items.map((i) => parseFlawItemId(i.id)?.questionId);
    expect(new Set(questions).size).toBe(questions.length);
    for (const i of items) {
      expect(i.atLeast === 1 || i.atLeast === 2).toBe(true);
      expect(catalog.entry(i.id)?.item.prompt).toBe(i.prompt);
    }
    const prompts = planFlawPrompts(bank, 2, 200, seeded(3));
    expect(prompts.every((p) => p.seconds === 200 && p.title?.startsWith('Spot the flaw: q') === true)).toBe(true);
  });

  it('resumes an interrupted drill with the same prompts and grades', () => {
    const prompts = planFlawPrompts(bank, 2, undefined, seeded(5));
    let s: DrillState = startDrill(prompts, 1_000);
    s = drillReducer(s, { type: 'edit', action: { type: 'set', text: 'There is no rollback trigger and no quality gate, and it jumps to quantisation before profiling cost.' } }, grader);
    s = drillReducer(s, { type: 'submit', now: 60_000 }, grader);
    const saved = drillToSession(base, s, undefined, 61_000);
    expect(saved.drill[0]?.title).toBe(prompts[0]?.title);
    const plan = saved.settings.plan ?? [];
    const resumed = resumeDrill(saved, plan.flatMap((id) => catalog.prompt(id) ?? []), 100_000, grader);
    expect(resumed.state.results[0]?.grade).toEqual(s.results[0]?.grade);
    expect(resumed.state.items.map((i) => i.prompt)).toEqual(prompts.map((p) => p.prompt));
  });

  it('exports as Markdown with the answer quoted, what was named and how an interviewer would put it', () => {
    const prompts = planFlawPrompts(bank, 1, undefined, seeded(9));
    let s: DrillState = startDrill(prompts, 0);
    s = drillReducer(s, { type: 'edit', action: { type: 'set', text: 'Nothing wrong here.' } }, grader);
    s = drillReducer(s, { type: 'submit', now: 30_000 }, grader);
    const md = sessionMarkdown(drillToSession(base, s, undefined, 31_000), drillItemInfo(bank));
    expect(md).toContain('# Spot-the-flaw drill');
    expect(md).toContain(`## ✗ ${prompts[0]?.title ?? ''}`);
    expect(md).toContain('> A candidate answered:');
    expect(md).toContain('**You:** Nothing wrong here.');
    expect(md).toMatch(/Named 0 of the (1 flaw|2 flaws) planted\. Not named: /);
    expect(md).toContain('*How an interviewer would put it:*');
  });
});

describe('the focused drill for a leech', () => {
  it("asks one dimension of the question on its own, graded on that dimension's criteria", () => {
    expect(parseFocusItemId(focusItemId('q05', 'rollback'))).toEqual({ questionId: 'q05', dimension: 'rollback' });
    expect(parseFocusItemId('focus:q05:speed')).toBeUndefined();
    const entry = catalog.entry('focus:q05:rollback');
    const criteria = q05.prepared.rubric.criteria.filter((c) => c.dimension === 'rollback');
    expect(entry?.item.expected.map((e) => e.id)).toEqual(criteria.map((c) => c.id));
    expect(entry?.item.prompt).toContain('Failure, rollback and fallback');
    const g = entry?.grade('Each lever ships on its own behind a flag to a 10% canary, and rolls back automatically if escalations rise more than 5% over control for 48 hours.');
    expect(g?.named.length).toBeGreaterThan(0);
    expect(entry?.grade('We would be careful.').named).toEqual([]);
  });

  it('asks the dimension, then three rapid-fire prompts on it, then the dimension again', () => {
    const prompts = planFocusPrompts(bank, 'q05', 'rollback', seeded(2));
    expect(prompts).toHaveLength(5);
    expect(prompts[0]?.id).toBe('focus:q05:rollback');
    expect(prompts[4]?.id).toBe('focus:q05:rollback');
    for (const p of prompts.slice(1, 4)) expect(catalog.entry(p.id)?.item.dimension).toBe('rollback');
  });

  it('is what coach next suggests for a leech', () => {
    const DAY = 86_400_000;
    const T0 = Date.parse('2026-01-05T09:00:00.000Z');
    const sessions = [];
    let day = 0;
    for (let i = 0; i < LEECH_LAPSES; i++) {
      for (const score of [4, 0]) {
        const at = new Date(T0 + day * DAY).toISOString();
        const dimensions = Object.fromEntries(DIMENSIONS.map((d) => [d, { score: d === 'metrics' ? score : 3, share: 0.5, met: 1, total: 2 }])) as never;
        sessions.push({ id: `s${day}`, mode: 'round' as const, status: 'completed' as const, startedAt: at, updatedAt: at, drill: [], questions: [{ questionId: 'q05', title: 'cost', startedAt: at, answers: [{ kind: 'initial' as const, grade: { overall: 50, dimensions } }] }] });
        day += score === 4 ? 30 : 1;
      }
    }
    const items = schedule(sessions);
    const now = new Date(T0 + (day + 1) * DAY);
    const due = dueQuestions(items, now);
    expect(firstLeech(due)).toMatchObject({ questionId: 'q05', dimension: 'metrics', lapses: LEECH_LAPSES });
    expect(formatNext(due, items, now, 0)).toContain(`leech: metrics lapsed ${LEECH_LAPSES} times; more rounds will not fix it: coach drill --focus q05:metrics`);
  });
});
