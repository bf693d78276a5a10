import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attemptsAt, diffAttempts } from '../../src/core/progress/diff.js';
import { boldEvidence, historyJsonl, sessionMarkdown } from '../../src/core/progress/export.js';
import type { PreparedRubric } from '../../src/core/grading/grade.js';
import { Session } from '../../src/schemas/session.js';
import { fixture, gradedRound, prepared } from '../helpers.js';

let q23: PreparedRubric;
let q05: PreparedRubric;
beforeAll(async () => {
  q23 = await prepared('q23');
  q05 = await prepared('q05');
});

describe('the Markdown export', () => {
  it('reads on its own: the prompt, the answer with its evidence in bold, grades, follow-ups and gaps', () => {
    const answer = readFileSync(new URL('../../examples/q23-answer.md', import.meta.url), 'utf8');
    const session = gradedRound('20261122-090000-mdmd', '2026-11-22T09:00:00.000Z', [{ q: q23, text: answer, followUp: 'We roll back when p95 TTFT exceeds 1.5 s for 10 minutes.' }]);
    const md = sessionMarkdown(session);
    const initial = session.questions[0]?.answers[0];
    expect(md).toMatch(/^# Mock interview round, 2026-11-22 09:00/);
    expect(md).toContain('## q23 · High p95 with healthy p50');
    expect(md).toContain(`**Overall ${initial?.grade.overall}/100**`);
    expect(md).toContain('| constraints |');
    // Every credited quote lies inside a bold span of the answer (overlapping quotes share one span).
    const bold = [...md.matchAll(/\*\*((?:[^*\\]|\\.)+?)\*\*/g)].map((m) => (m[1] ?? '').replace(/\\(.)/g, '$1'));
    for (const c of initial?.grade.criteria.filter((x) => x.met) ?? []) {
      for (const e of c.evidence) for (const line of e.text.split('\n').filter((l) => l.trim() !== '')) expect(bold.some((b) => b.includes(line))).toBe(true);
    }
    expect(initial?.grade.criteria.some((c) => c.met)).toBe(true);
    expect(md).toContain(`**First gap** (${initial?.grade.firstGap?.dimension})`);
    expect(md).toContain('### Follow-up on rollback');
    expect(md).toMatchSnapshot();
  });

  it('bolds overlapping quotes once and escapes Markdown in the answer', () => {
    const text = 'Use *p95* and page at 2% errors.';
    const a = text.indexOf('and page');
    const b = text.indexOf('page at');
    expect(boldEvidence(text, [{ start: a, end: a + 9, text: 'and page ' }, { start: b, end: b + 17, text: 'page at 2% errors' }])).toBe('Use \\*p95\\* **and page at 2% errors**.');
  });

  it('writes every session as one JSON line that validates', () => {
    const a = gradedRound('20261120-090000-aaaa', '2026-11-20T09:00:00.000Z', [{ q: q05, text: fixture('q05-weak.md') }]);
    const b = gradedRound('20261121-090000-bbbb', '2026-11-21T09:00:00.000Z', [{ q: q05, text: fixture('q05-strong.md') }]);
    const lines = historyJsonl([b, a]).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(Session.safeParse(JSON.parse(l)).success).toBe(true);
  });
});

describe('attempt diffs', () => {
  it('show what is now stated, what was dropped, and the score and time change', () => {
    const weak = gradedRound('20261120-090000-aaaa', '2026-11-20T09:00:00.000Z', [{ q: q23, text: fixture('q23-weak.md') }]);
    const strong = gradedRound('20261121-090000-bbbb', '2026-11-21T09:00:00.000Z', [{ q: q23, text: fixture('q23-strong.md') }]);
    const attempts = attemptsAt([strong, weak], 'q23');
    expect(attempts.map((a) => a.sessionId)).toEqual(['20261120-090000-aaaa', '20261121-090000-bbbb']);
    const [first, second] = attempts;
    if (first === undefined || second === undefined) throw new Error('two attempts expected');
    const up = diffAttempts(first, second);
    expect(up.overall.to).toBeGreaterThan(up.overall.from);
    expect(up.gained.length).toBeGreaterThan(3);
    for (const g of up.gained) expect(fixture('q23-strong.md')).toContain(g.quote ?? '');
    // The other way round, everything gained is dropped, quoted from the attempt that had it.
    const down = diffAttempts(second, first);
    expect(down.dropped.map((c) => c.id).sort()).toEqual(up.gained.map((c) => c.id).sort());
    expect(down.dimensions.find((d) => d.dimension === 'rollback')?.to).toBeLessThanOrEqual(down.dimensions.find((d) => d.dimension === 'rollback')?.from ?? 0);
  });
});

describe('an export of answers the model checked', () => {
  it('names the grader each answer had, shows disputed criteria with both verdicts, and says how often the graders agreed', async () => {
    const { mergeRulings, rule, citableSentences } = await import('../../src/core/grading/verdicts.js');
    const { analyse } = await import('../../src/core/grading/analyse.js');
    const { gradersUsed } = await import('../../src/core/progress/export.js');
    const q23 = await prepared('q23');
    const text = fixture('q23-weak.md');
    const session = gradedRound('20261206-120000-abcd', '2026-12-06T12:00:00.000Z', [{ q: q23, text, followUp: 'We roll back when p95 TTFT exceeds 2 s for 10 minutes.' }]);
    const first = session.questions[0]?.answers[0];
    if (first === undefined) throw new Error('no answer');
    const sentences = citableSentences(analyse(text, q23.lexicon, q23.context));
    const denied = first.grade.criteria.findIndex((c) => c.met);
    // The model agrees with the rubric on every criterion but one, which it denies.
    const checked = mergeRulings(q23, first.grade, first.grade.criteria.map((c, i) => (i === denied ? rule(0, sentences, text) : c.met ? undefined : rule(0, sentences, text))), []);
    const mixed = { ...session, grader: 'rubric+model' as const, questions: session.questions.map((q) => ({ ...q, answers: q.answers.map((a, i) => (i === 0 ? { ...a, grade: checked } : a)) })) };
    expect(gradersUsed(mixed)).toBe('rubric + model for 1 of 2 answers, rubric for 1');
    const md = sessionMarkdown(mixed);
    expect(md).toContain('grader: rubric + model for 1 of 2 answers, rubric for 1');
    expect(md).toMatch(/rubric \+ model grader, agreeing on \d+ of \d+ criteria/);
    expect(md).toContain('**Disputed (1)**');
    expect(md).toMatch(/ {2}- rubric: met by “/);
    expect(md).toContain('  - model: not met');
    expect(gradersUsed(session)).toBe('rubric');
    // coach history <id> says the same, answer by answer.
    const { formatSession } = await import('../../src/ui/reports/history-report.js');
    const shown = formatSession(mixed);
    expect(shown).toMatch(/Answer: overall \d+\/100 \(rubric \+ model grader, agreeing on \d+ of \d+ criteria\)/);
    expect(shown).toMatch(/Follow-up \(rollback\): overall \d+\/100 \(rubric grader\)/);
    expect(shown).toMatch(/ {4}½ \[\w+\] .+: the rubric credits ".+"; the model does not/);
  });
});
