import type { Concept } from '../schemas/bank.js';
import { words, type Word } from './text.js';

/** A phrase of stems that names one or more concepts. */
interface Phrase {
  readonly stems: readonly string[];
  readonly concepts: readonly string[];
  /** 0 for the shared lexicon, 1 for a rubric's or set's own concepts. */
  readonly layer: number;
}

export interface ConceptHit {
  readonly concept: string;
  /** Index of the first and one past the last word of the match, within the sentence. */
  readonly from: number;
  readonly to: number;
  readonly start: number;
  readonly end: number;
}

/** Concepts compiled for matching: phrases indexed by their first stem, and by their last for reordered matches. */
export interface CompiledLexicon {
  readonly ids: ReadonlySet<string>;
  readonly metricIds: ReadonlySet<string>;
  readonly negations: ReadonlySet<string>;
  readonly byFirstStem: ReadonlyMap<string, readonly Phrase[]>;
  readonly byLastStem: ReadonlyMap<string, readonly Phrase[]>;
  /** Each concept's broader concepts, transitively: "automatic rollback" is also a rollback. */
  readonly broader: ReadonlyMap<string, readonly string[]>;
  /** Concepts whose phrases still count inside this concept's phrases. */
  readonly contains: ReadonlyMap<string, readonly string[]>;
}

function index(phrases: readonly Phrase[]): { byFirstStem: Map<string, Phrase[]>; byLastStem: Map<string, Phrase[]> } {
  const byFirstStem = new Map<string, Phrase[]>();
  const byLastStem = new Map<string, Phrase[]>();
  for (const p of phrases) {
    const first = p.stems[0];
    const last = p.stems[p.stems.length - 1];
    if (first === undefined || last === undefined) continue;
    byFirstStem.set(first, [...(byFirstStem.get(first) ?? []), p]);
    if (p.stems.length >= 2 && p.stems.length <= 3) byLastStem.set(last, [...(byLastStem.get(last) ?? []), p]);
  }
  return { byFirstStem, byLastStem };
}

function phrasesOf(concepts: readonly Concept[], layer: number): Phrase[] {
  const owners = new Map<string, Set<string>>();
  for (const concept of concepts) {
    for (const term of concept.terms) {
      const key = words(term).map((w) => w.stem).join(' ');
      if (key === '') continue;
      let set = owners.get(key);
      if (set === undefined) owners.set(key, (set = new Set()));
      set.add(concept.id);
    }
  }
  return [...owners].map(([key, ids]) => ({ stems: key.split(' '), concepts: [...ids], layer }));
}

function closeBroader(direct: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const id of direct.keys()) {
    const seen = new Set<string>();
    const stack = [...(direct.get(id) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop();
      if (next === undefined || seen.has(next) || next === id) continue;
      seen.add(next);
      stack.push(...(direct.get(next) ?? []));
    }
    if (seen.size > 0) out.set(id, [...seen]);
  }
  return out;
}

export function compileLexicon(concepts: readonly Concept[], negations: readonly string[]): CompiledLexicon {
  return build(phrasesOf(concepts, 0), concepts, new Map(), new Map(), negations.map((n) => n.toLowerCase().replace(/’/g, "'")), new Set(), new Set());
}

function build(
  phrases: readonly Phrase[],
  concepts: readonly Concept[],
  baseBroader: ReadonlyMap<string, readonly string[]>,
  baseContains: ReadonlyMap<string, readonly string[]>,
  negations: Iterable<string>,
  baseIds: ReadonlySet<string>,
  baseMetrics: ReadonlySet<string>,
): CompiledLexicon {
  const ids = new Set(baseIds);
  const metricIds = new Set(baseMetrics);
  const direct = new Map<string, readonly string[]>(baseBroader);
  const contains = new Map<string, readonly string[]>(baseContains);
  for (const c of concepts) {
    ids.add(c.id);
    if (c.metric === true) metricIds.add(c.id);
    if (c.broader !== undefined) direct.set(c.id, [...(direct.get(c.id) ?? []), ...c.broader]);
    if (c.contains !== undefined) contains.set(c.id, [...(contains.get(c.id) ?? []), ...c.contains]);
  }
  return { ids, metricIds, negations: new Set(negations), ...index(phrases), broader: closeBroader(direct), contains };
}

/** Merges a question's own concepts into the shared lexicon, as a layer of its own. */
export function extendLexicon(base: CompiledLexicon, extra: readonly Concept[]): CompiledLexicon {
  if (extra.length === 0) return base;
  const layer = Math.max(0, ...[...base.byFirstStem.values()].flat().map((p) => p.layer)) + 1;
  const phrases = [...new Set([...base.byFirstStem.values()].flat()), ...phrasesOf(extra, layer)];
  return build(phrases, extra, base.broader, base.contains, base.negations, base.ids, base.metricIds);
}

/** Words a term may skip between two of its own: "time to the first token", "our KV cache". */
const GAP_WORDS = new Set(['the', 'a', 'an', 'our', 'its', 'their', 'this', 'that', 'these', 'those', 'your', 'my', 'his', 'her']);
/** "delay in the queue" is a queue delay; "utilisation of the KV cache" a KV-cache utilisation. */
const REORDER_LINKS = new Set(['of', 'in', 'for', 'on', 'at', 'to']);

/** Matches `stems` from word `i` on, allowing one gap word between terms; the index after the match, or -1. */
function matchForward(ws: readonly Word[], i: number, stems: readonly string[]): number {
  let at = i;
  for (let k = 0; k < stems.length; k++) {
    const w = ws[at];
    if (w === undefined || (k > 0 && !w.joined)) return -1;
    if (w.stem !== stems[k]) {
      const next = ws[at + 1];
      if (k === 0 || !GAP_WORDS.has(w.lower) || next === undefined || next.stem !== stems[k] || !next.joined) return -1;
      at++;
    }
    at++;
  }
  return at;
}

interface RawHit {
  readonly concepts: readonly string[];
  readonly layer: number;
  readonly from: number;
  readonly to: number;
}

/**
 * Every concept named in a run of words. A phrase inside a longer phrase of the same layer
 * names only what the longer one names ("first-token latency" is not an inter-token latency);
 * a concept's broader concepts are named with it ("automatic rollback" is also a rollback).
 */
export function findConcepts(lexicon: CompiledLexicon, ws: readonly Word[]): ConceptHit[] {
  const raw: RawHit[] = [];
  for (let i = 0; i < ws.length; i++) {
    const word = ws[i];
    if (word === undefined) continue;
    for (const phrase of lexicon.byFirstStem.get(word.stem) ?? []) {
      const end = matchForward(ws, i, phrase.stems);
      if (end > 0) raw.push({ concepts: phrase.concepts, layer: phrase.layer, from: i, to: end });
    }
    // Reordered: the last word, a linking preposition, an optional determiner, then the rest.
    const link = ws[i + 1];
    if (link === undefined || !link.joined || !REORDER_LINKS.has(link.lower)) continue;
    for (const phrase of lexicon.byLastStem.get(word.stem) ?? []) {
      let from = i + 2;
      if (ws[from]?.joined === false) continue;
      if (GAP_WORDS.has(ws[from]?.lower ?? '') && ws[from]?.stem !== phrase.stems[0]) from++;
      const end = matchForward(ws, from, phrase.stems.slice(0, -1));
      if (end > 0) raw.push({ concepts: phrase.concepts, layer: phrase.layer, from: i, to: end });
    }
  }
  const startingAt: RawHit[][] = Array.from({ length: ws.length }, () => []);
  let longest = 0;
  for (const h of raw) {
    startingAt[h.from]?.push(h);
    longest = Math.max(longest, h.to - h.from);
  }
  const hits: ConceptHit[] = [];
  const seen = new Set<string>();
  for (const h of raw) {
    const len = h.to - h.from;
    const covered: RawHit[] = [];
    // Only a match that starts at most `longest` words earlier can contain this one.
    for (let from = Math.max(0, h.to - longest); from <= h.from; from++) {
      for (const o of startingAt[from] ?? []) if (o.layer === h.layer && o.to >= h.to && o.to - o.from > len) covered.push(o);
    }
    const first = ws[h.from];
    const last = ws[h.to - 1];
    if (first === undefined || last === undefined) continue;
    for (const concept of h.concepts) {
      const stands = (o: RawHit): boolean =>
        o.concepts.some((c) => c === concept || lexicon.broader.get(c)?.includes(concept) === true || lexicon.contains.get(c)?.includes(concept) === true);
      if (!covered.every(stands)) continue;
      for (const id of [concept, ...(lexicon.broader.get(concept) ?? [])]) {
        const key = `${id}:${h.from}:${h.to}`;
        if (seen.has(key)) continue;
        seen.add(key);
        hits.push({ concept: id, from: h.from, to: h.to, start: first.start, end: last.end });
      }
    }
  }
  return hits;
}
