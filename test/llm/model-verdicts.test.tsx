/**
 * The model's verdicts on a real model file: a random-weight GGUF this suite writes itself, run
 * through node-llama-cpp. Random weights choose arbitrary sentence numbers, so where a test needs
 * one verdict (a denial, a number past the answer) it narrows the numbers the engine may choose for
 * that criterion (and the grammar, which says the same): the model still evaluates the prompt and
 * chooses every other number; the evaluation, the parse, the checks and the merge are the real ones. The round screen is driven with the model held at a gate, so the test
 * decides when it answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelGrader } from '../../src/adapters/llm/model-grader.js';
import { analyse } from '../../src/core/grading/analyse.js';
import { gradeAnswer, type PreparedRubric } from '../../src/core/grading/grade.js';
import { citableSentences } from '../../src/core/grading/verdicts.js';
import type { CompletionRequest, LanguageModel } from '../../src/ports.js';
import { SHAPES, writeRandomGguf } from '../fixtures/gguf/generate.js';
import { fixture, prepared } from '../helpers.js';
import { keys, renderApp, roundScreen, type Harness } from '../ui/render.js';

const work = mkdtempSync(join(tmpdir(), 'coach-verdicts-'));
const path = join(work, 'tiny-random.gguf');
writeRandomGguf(path, SHAPES.tiny, { type: 'Q8_0', seed: 11 });

let engineError: string | undefined;
try {
  await import('node-llama-cpp');
} catch (error) {
  engineError = error instanceof Error ? error.message : String(error);
}
if (engineError !== undefined) console.warn(`skipping model verdict tests: node-llama-cpp cannot load here (${engineError})`);

let model: LanguageModel;
let q23: PreparedRubric;
beforeAll(async () => {
  q23 = await prepared('q23');
  if (engineError !== undefined) return;
  const { openModel } = await import('../../src/adapters/llm/engine.js');
  model = await openModel(path, { slots: 6, contextSize: 8192, threads: 1 });
}, 120_000);
afterAll(async () => {
  await model?.dispose();
  const { disposeLlama } = await import('../../src/adapters/llm/engine.js');
  await disposeLlama();
  rmSync(work, { recursive: true, force: true });
});

/** The real model with its choices narrowed: criterion i (0-based) may only be `pick(i)`. */
function narrowed(pick: (i: number) => number | undefined): LanguageModel & { outputs: string[] } {
  const outputs: string[] = [];
  return {
    outputs,
    info: model.info,
    slots: model.slots,
    dispose: async () => undefined,
    complete: async (r: CompletionRequest) => {
      const grammar = r.grammar?.replace(/\\"c(\d+)\\":" n/g, (whole, n: string) => {
        const forced = pick(Number(n) - 1);
        return forced === undefined ? whole : `\\"c${n}\\":${forced}"`;
      });
      const ranges = r.fill?.ranges.map((range, i) => {
        const forced = pick(i);
        return forced === undefined ? range : ([forced, forced] as const);
      });
      const fill = r.fill === undefined || ranges === undefined ? undefined : { ...r.fill, ranges };
      const text = await model.complete({ ...r, ...(grammar === undefined ? {} : { grammar }), ...(fill === undefined ? {} : { fill }) });
      outputs.push(text);
      return text;
    },
  };
}

describe.skipIf(engineError !== undefined)('verdicts from a random-weight model', () => {
  it('chooses one number per criterion, never past the answer\'s last sentence, and every credit it gives is a statement of the answer', async () => {
    const answer = fixture('q23-strong.md');
    const spy = narrowed(() => undefined);
    const grade = await new ModelGrader(spy, { timeoutMs: 120_000 }).grade(q23, answer);
    const rubric = gradeAnswer(q23, answer);
    expect(spy.outputs).toHaveLength(1);
    const numbers = Object.values(JSON.parse(spy.outputs[0] ?? '{}') as Record<string, number>);
    expect(numbers).toHaveLength(rubric.criteria.length);
    expect(Math.max(...numbers)).toBeLessThanOrEqual(citableSentences(analyse(answer, q23.lexicon, q23.context)).length);
    expect(grade.notes.join(' ')).not.toMatch(/has no sentence/);
    for (const c of grade.criteria) for (const e of [...c.evidence, ...(c.disputed?.modelEvidence ?? [])]) expect(answer.slice(e.start, e.end)).toBe(e.text);
    // The model never moves a score by more than the disputes it caused.
    expect(grade.criteria.filter((c) => c.met && !rubric.criteria.find((r) => r.id === c.id)?.met)).toEqual([]);
  }, 120_000);

  it('disputes a criterion when the model denies the rubric a credit, and shows both verdicts', async () => {
    const answer = fixture('q23-strong.md');
    const rubric = gradeAnswer(q23, answer);
    const denied = rubric.criteria.findIndex((c) => c.met && c.asked === undefined);
    const sentence = rubric.criteria[denied]?.evidence[0];
    expect(sentence).toBeDefined();
    const { analyse } = await import('../../src/core/grading/analyse.js');
    const { citableSentences } = await import('../../src/core/grading/verdicts.js');
    const sentences = citableSentences(analyse(answer, q23.lexicon, q23.context));
    const holding = (i: number): number => {
      const e = rubric.criteria[i]?.evidence[0];
      return e === undefined ? 0 : sentences.findIndex((s) => s.start <= e.start && s.end >= e.start) + 1;
    };
    // Agree with the rubric everywhere but one criterion, which the model denies.
    const grade = await new ModelGrader(narrowed((i) => (i === denied ? 0 : rubric.criteria[i]?.met === true && rubric.criteria[i]?.asked === undefined ? holding(i) : 0)), { timeoutMs: 120_000 }).grade(q23, answer);
    const c = grade.criteria[denied];
    expect(c).toMatchObject({ met: false, disputed: { rubricMet: true, modelEvidence: [] } });
    expect(c?.evidence[0]?.text).toBe(sentence?.text);
    const dim = c?.dimension ?? 'constraints';
    expect(grade.dimensions[dim].share).toBeLessThan(rubric.dimensions[dim].share);
    expect(grade.dimensions[dim].disputed).toBe(1);
    expect(grade.agreement?.agreed).toBe((grade.agreement?.ruled ?? 0) - 1);
    const { formatGrade } = await import('../../src/ui/reports/grade-report.js');
    const shown = formatGrade(grade, 'title');
    expect(shown).toContain('Disputed (1)');
    expect(shown).toMatch(/rubric: met by "/);
    expect(shown).toContain('model: not met');
  }, 120_000);

  it('voids a sentence number outside the answer, and the rubric decides that criterion', async () => {
    const answer = 'We page when p95 TTFT exceeds 1.5 s for 10 minutes. Then we roll back the Tuesday deploy.';
    // The grader offers the engine sentences 0-2 only; 57 stands for a model that decodes freely and goes past them.
    const rubric = gradeAnswer(q23, answer);
    const grade = await new ModelGrader(narrowed((i) => (i === 0 ? 57 : undefined)), { timeoutMs: 120_000 }).grade(q23, answer);
    expect(grade.notes.join(' ')).toMatch(/voided \(the answer has no sentence 57/);
    expect(grade.criteria[0]).toEqual(rubric.criteria[0]);
  }, 120_000);
});

/** The real model behind a gate: nothing it writes comes back until the test opens it. */
function gated(): { model: LanguageModel; open: () => void } {
  let open = (): void => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    open: () => open(),
    model: { info: model.info, slots: model.slots, dispose: async () => undefined, complete: async (r) => ((await gate), model.complete(r)) },
  };
}

describe.skipIf(engineError !== undefined)('a round with a model grader', () => {
  let h: Harness | undefined;
  afterEach(() => {
    h?.unmount();
    h = undefined;
  });

  it('shows the rubric grade before the model returns, moves on at a key, and saves the verdicts when they arrive', async () => {
    const { model: slow, open } = gated();
    h = await renderApp(roundScreen(['q23', 'q07']), { grader: new ModelGrader(slow, { timeoutMs: 120_000 }), columns: 100, rows: 40 });
    await h.type('I would restart the slow replicas and add more GPUs.\nWe page when p95 TTFT exceeds 1.5 s for 10 minutes.');
    await h.press(keys.ctrlD);
    const graded = await h.waitFor('Overall', 'the rubric grade');
    expect(graded).toContain('rubric grader');
    expect(graded).toMatch(/Model check: working, 0 s/);
    await h.elapse(3000);
    expect(await h.waitFor(/Model check: working, 3 s/, 'the seconds')).toContain('go on whenever you like');
    // The model is still working: a key moves on all the same.
    await h.press(keys.enter);
    await h.waitFor((f) => !f.includes('Overall'), 'the follow-up');
    expect(h.store.only().questions[0]?.answers[0]?.grade.grader).toBe('rubric');
    open();
    await expectEventually(() => expect(h?.store.only().questions[0]?.answers[0]?.grade.grader).toBe('rubric+model'));
    expect(h.store.only().questions[0]?.answers[0]?.grade.agreement).toBeDefined();
  }, 120_000);
});

async function expectEventually(assertion: () => void, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      assertion();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
