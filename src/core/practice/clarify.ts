/**
 * Clarifying questions: the candidate asks, the interviewer answers from the question's fact
 * sheet and nothing else. A question the sheet cannot answer gets the answer a real interviewer
 * gives: state an assumption and carry on.
 */
import type { SheetFact } from '../../schemas/bank.js';
import { analyse } from '../grading/analyse.js';
import type { PreparedRubric } from '../grading/grade.js';

export const UNKNOWN_FACT = "I don't have a number for that. State your assumption and carry on.";

/** At most this many facts answer one question: a candidate who asks about everything at once hears the first few. */
export const MAX_FACTS_PER_ANSWER = 3;

export interface FactAnswer {
  readonly text: string;
  /** The facts the answer came from; empty when the sheet had nothing. */
  readonly facts: readonly SheetFact[];
}

/** The concepts a clarifying question names, read with the question's lexicon. */
function named(prepared: PreparedRubric, question: string): Set<string> {
  const out = new Set<string>();
  for (const s of analyse(question, prepared.lexicon).live) for (const c of s.concepts) out.add(c);
  return out;
}

/** The facts whose concepts the question names, the best match first, in the sheet's order on a tie. */
export function answerFromFacts(prepared: PreparedRubric, question: string): FactAnswer {
  const concepts = named(prepared, question);
  const facts = prepared.question.factSheet
    .map((fact, order) => ({ fact, order, overlap: fact.asks.filter((c) => concepts.has(c)).length }))
    .filter((x) => x.overlap > 0)
    .sort((a, b) => b.overlap - a.overlap || a.order - b.order)
    .slice(0, MAX_FACTS_PER_ANSWER)
    .sort((a, b) => a.order - b.order)
    .map((x) => x.fact);
  return facts.length === 0 ? { text: UNKNOWN_FACT, facts } : { text: facts.map((f) => f.answer.replace(/\s+/g, ' ').trim()).join(' '), facts };
}

/** The business constraints a candidate found out by asking before answering: what earns constraints credit. */
export function constraintsAsked(prepared: PreparedRubric, questions: readonly string[]): SheetFact[] {
  const seen = new Map<string, SheetFact>();
  for (const q of questions) for (const f of answerFromFacts(prepared, q).facts) if (f.constraint === true) seen.set(f.id, f);
  return prepared.question.factSheet.filter((f) => seen.has(f.id));
}
