import { describe, expect, it } from 'vitest';
import { annotationsFor, checkReference } from '../../src/core/grading/reference.js';
import type { ReferenceAnswer } from '../../src/schemas/bank.js';
import { fixture, prepared } from '../helpers.js';

const q23 = await prepared('q23');
const strong = fixture('q23-strong.md');
const weak = fixture('q23-weak.md');
const annotated = (short: string, full: string): ReferenceAnswer => ({
  question: 'q23',
  avoid: 'Adding GPUs before splitting where the time goes.',
  short,
  full,
  annotations: { short: annotationsFor(q23, short), full: annotationsFor(q23, full) },
});

describe('reference answers, as bank validate checks them', () => {
  it('accepts a strong answer annotated by the grader', () => {
    expect(checkReference(q23, annotated(strong, strong))).toEqual([]);
  });

  it('fails a question with no reference answer', () => {
    expect(checkReference(q23, undefined)).toEqual(['no reference answer: write questions/reference/q23.yaml (a 90-second and a full version)']);
  });

  it('fails a version that scores under 85', () => {
    const problems = checkReference(q23, annotated(weak, strong));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^the 90-second version scores \d+, under 85; first gap: /);
  });

  it('fails an annotation naming a criterion the grader does not credit in that sentence', () => {
    const ref = annotated(strong, strong);
    const first = ref.annotations?.full[0];
    if (first === undefined) throw new Error('no annotation');
    const credited = new Set(ref.annotations?.full.flatMap((a) => a.earns));
    // A criterion of this rubric that the grader credits somewhere else, or nowhere: never in this sentence.
    const foreign = q23.rubric.criteria.map((c) => c.id).find((id) => !first.earns.includes(id)) ?? 'mitigate-first';
    const bad: ReferenceAnswer = { ...ref, annotations: { short: ref.annotations?.short ?? [], full: [{ ...first, earns: [...first.earns, foreign] }, ...(ref.annotations?.full.slice(1) ?? [])] } };
    expect(credited.size).toBeGreaterThan(5);
    expect(checkReference(q23, bad)).toEqual([`the full version: sentence ${first.sentence} ("${first.opens}") is annotated with ${foreign}, which the grader does not credit there`]);
  });

  it('says once that a version changed since it was annotated', () => {
    const ref = annotated(strong, strong);
    expect(checkReference(q23, { ...ref, full: `A new first sentence. ${strong}` }).filter((p) => p.startsWith('the full version'))).toEqual([
      expect.stringMatching(/^the full version changed since it was annotated \(sentence \d+ no longer opens ".*"\): run coach bank annotate$/),
    ]);
  });

  it('fails annotations that are missing or left behind by an edit', () => {
    const ref = annotated(strong, strong);
    expect(checkReference(q23, { ...ref, annotations: undefined })).toEqual(['the 90-second version has no annotations: run coach bank annotate', 'the full version has no annotations: run coach bank annotate']);
    const dropped = { ...ref, annotations: { short: ref.annotations?.short ?? [], full: ref.annotations?.full.slice(1) ?? [] } };
    expect(checkReference(q23, dropped).join('\n')).toMatch(/earns .* but is not annotated with it: run coach bank annotate/);
  });
});
