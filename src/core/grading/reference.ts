/**
 * Reference answers: what a strong answer to a question sounds like, in 90 seconds and in full.
 * Each sentence is annotated with the criteria the grader credits in it; the annotations are
 * written by `coach bank annotate` and checked by `coach bank validate`, so they are the grader's
 * word, never an author's claim.
 */
import type { ReferenceAnnotation, ReferenceAnswer } from '../../schemas/bank.js';
import type { Grade } from '../../schemas/grade.js';
import { gradeAnswer, type PreparedRubric } from './grade.js';
import { sentences } from './text.js';

/** A reference answer scores at least this with the rubric grader. */
export const REFERENCE_MIN_SCORE = 85;

export const REFERENCE_VERSIONS = ['short', 'full'] as const;
export type ReferenceVersion = (typeof REFERENCE_VERSIONS)[number];
export const VERSION_NAMES: Readonly<Record<ReferenceVersion, string>> = { short: 'the 90-second version', full: 'the full version' };

/** The opening words of a sentence, enough to find it again. */
export function opening(text: string, words = 6): string {
  const ws = text.replace(/\s+/g, ' ').trim().split(' ');
  return ws.length <= words ? ws.join(' ') : `${ws.slice(0, words).join(' ')}…`;
}

export interface AnnotatedSentence {
  readonly sentence: number;
  readonly text: string;
  /** Criterion ids credited with evidence in this sentence, in the grade's order. */
  readonly earns: readonly string[];
}

/** Every sentence of the text, with the criteria the grade credits in it (evidence overlapping it). */
export function annotate(text: string, grade: Grade): AnnotatedSentence[] {
  return sentences(text).map((s, i) => ({
    sentence: i + 1,
    text: s.text,
    earns: grade.criteria.filter((c) => c.met && c.evidence.some((e) => e.start < s.end && e.end > s.start)).map((c) => c.id),
  }));
}

/** The annotations `coach bank annotate` writes: only sentences that earn something. */
export function annotationsFor(prepared: PreparedRubric, text: string): ReferenceAnnotation[] {
  return annotate(text, gradeAnswer(prepared, text)).flatMap((s) => (s.earns.length === 0 ? [] : [{ sentence: s.sentence, opens: opening(s.text), earns: [...s.earns] }]));
}

/**
 * What is wrong with a question's reference answer: missing, under the score, or annotated with a
 * criterion the grader does not credit in that sentence (or not with one it does).
 */
export function checkReference(prepared: PreparedRubric, ref: ReferenceAnswer | undefined): string[] {
  if (ref === undefined) return [`no reference answer: write questions/reference/${prepared.question.id}.yaml (a 90-second and a full version)`];
  const out: string[] = [];
  for (const version of REFERENCE_VERSIONS) {
    const text = ref[version];
    const grade = gradeAnswer(prepared, text);
    if (grade.overall < REFERENCE_MIN_SCORE) out.push(`${VERSION_NAMES[version]} scores ${grade.overall}, under ${REFERENCE_MIN_SCORE}; first gap: ${grade.firstGap?.text ?? 'none'}`);
    const stored = ref.annotations?.[version];
    if (stored === undefined) {
      out.push(`${VERSION_NAMES[version]} has no annotations: run coach bank annotate`);
      continue;
    }
    const computed = new Map(annotate(text, grade).map((s) => [s.sentence, s]));
    // Text edited since it was annotated: one line, not one per sentence that moved.
    const moved = stored.find((a) => computed.get(a.sentence) === undefined || opening(computed.get(a.sentence)?.text ?? '') !== a.opens);
    if (moved !== undefined) {
      out.push(`${VERSION_NAMES[version]} changed since it was annotated (sentence ${moved.sentence} no longer opens "${moved.opens}"): run coach bank annotate`);
      continue;
    }
    for (const a of stored) {
      const s = computed.get(a.sentence);
      if (s === undefined) continue;
      for (const id of a.earns) if (!s.earns.includes(id)) out.push(`${VERSION_NAMES[version]}: sentence ${a.sentence} ("${opening(s.text)}") is annotated with ${id}, which the grader does not credit there`);
    }
    const annotated = new Map(stored.map((a) => [a.sentence, a]));
    for (const s of computed.values()) {
      const missing = s.earns.filter((id) => !(annotated.get(s.sentence)?.earns ?? []).includes(id));
      if (missing.length > 0) out.push(`${VERSION_NAMES[version]}: sentence ${s.sentence} ("${opening(s.text)}") earns ${missing.join(', ')} but is not annotated with it: run coach bank annotate`);
    }
  }
  return out;
}
