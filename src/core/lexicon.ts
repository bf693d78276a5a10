import type { Concept } from '../schemas/bank.js';
import { words, type Word } from './text.js';

/** A phrase of stems that names one or more concepts. */
interface Phrase {
  readonly stems: readonly string[];
  readonly concepts: readonly string[];
}

export interface ConceptHit {
  readonly concept: string;
  /** Index of the first and one past the last word of the match, within the sentence. */
  readonly from: number;
  readonly to: number;
  readonly start: number;
  readonly end: number;
}

/** Concepts compiled for matching: phrases indexed by their first stem. */
export interface CompiledLexicon {
  readonly ids: ReadonlySet<string>;
  readonly metricIds: ReadonlySet<string>;
  readonly negations: ReadonlySet<string>;
  readonly byFirstStem: ReadonlyMap<string, readonly Phrase[]>;
}

export function compileLexicon(concepts: readonly Concept[], negations: readonly string[]): CompiledLexicon {
  const phrases = new Map<string, Map<string, Set<string>>>();
  const ids = new Set<string>();
  const metricIds = new Set<string>();
  for (const concept of concepts) {
    ids.add(concept.id);
    if (concept.metric === true) metricIds.add(concept.id);
    for (const term of concept.terms) {
      const stems = words(term).map((w) => w.stem);
      const first = stems[0];
      if (first === undefined) continue;
      const key = stems.join(' ');
      let byKey = phrases.get(first);
      if (byKey === undefined) phrases.set(first, (byKey = new Map()));
      let owners = byKey.get(key);
      if (owners === undefined) byKey.set(key, (owners = new Set()));
      owners.add(concept.id);
    }
  }
  const byFirstStem = new Map<string, Phrase[]>();
  for (const [first, byKey] of phrases) {
    byFirstStem.set(first, [...byKey].map(([key, owners]) => ({ stems: key.split(' '), concepts: [...owners] })));
  }
  const negationStems = new Set(negations.map((n) => n.toLowerCase().replace(/’/g, "'")));
  return { ids, metricIds, negations: negationStems, byFirstStem };
}

/** Merges a question's own concepts into the shared lexicon. */
export function extendLexicon(base: CompiledLexicon, extra: readonly Concept[]): CompiledLexicon {
  if (extra.length === 0) return base;
  const local = compileLexicon(extra, []);
  const byFirstStem = new Map<string, readonly Phrase[]>(base.byFirstStem);
  for (const [first, list] of local.byFirstStem) {
    byFirstStem.set(first, [...(byFirstStem.get(first) ?? []), ...list]);
  }
  return {
    ids: new Set([...base.ids, ...local.ids]),
    metricIds: new Set([...base.metricIds, ...local.metricIds]),
    negations: base.negations,
    byFirstStem,
  };
}

/**
 * Every concept named in a run of words, nested matches included: "automatic rollback"
 * names both auto-rollback and rollback.
 */
export function findConcepts(lexicon: CompiledLexicon, ws: readonly Word[]): ConceptHit[] {
  const hits: ConceptHit[] = [];
  for (let i = 0; i < ws.length; i++) {
    const first = ws[i];
    if (first === undefined) continue;
    const candidates = lexicon.byFirstStem.get(first.stem);
    if (candidates === undefined) continue;
    for (const phrase of candidates) {
      const n = phrase.stems.length;
      if (i + n > ws.length) continue;
      let ok = true;
      for (let k = 1; k < n; k++) {
        if (ws[i + k]?.stem !== phrase.stems[k]) {
          ok = false;
          break;
        }
      }
      const last = ws[i + n - 1];
      if (!ok || last === undefined) continue;
      for (const concept of phrase.concepts) {
        hits.push({ concept, from: i, to: i + n, start: first.start, end: last.end });
      }
    }
  }
  return hits;
}
