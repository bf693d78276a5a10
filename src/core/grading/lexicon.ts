import type { Concept } from '../../schemas/bank.js';
import { stemId, words, type Word } from './text.js';

/** A phrase of stems that names one or more concepts. */
interface Phrase {
  readonly stems: readonly string[];
  /** The stems as numbers (stemId), which matching compares. */
  readonly sids: readonly number[];
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
  /** Every phrase, for extending the lexicon with a question's own. */
  readonly phrases: readonly Phrase[];
  /** One-word phrases by their stem. */
  readonly single: ReadonlyMap<number, readonly Phrase[]>;
  /** Longer phrases by their first stem, then their second ("queue", "delay"). */
  readonly byFirstTwo: ReadonlyMap<number, ReadonlyMap<number, readonly Phrase[]>>;
  /** Two- and three-word phrases by their last stem, then their first, for reordered matches ("delay in the queue"). */
  readonly byLastFirst: ReadonlyMap<number, ReadonlyMap<number, readonly Phrase[]>>;
  /** Each concept's broader concepts, transitively: "automatic rollback" is also a rollback. */
  readonly broader: ReadonlyMap<string, readonly string[]>;
  /** Concepts whose phrases still count inside this concept's phrases. */
  readonly contains: ReadonlyMap<string, readonly string[]>;
}

function index(phrases: readonly Phrase[]): Pick<CompiledLexicon, 'phrases' | 'single' | 'byFirstTwo' | 'byLastFirst'> {
  const single = new Map<number, Phrase[]>();
  const byFirstTwo = new Map<number, Map<number, Phrase[]>>();
  const byLastFirst = new Map<number, Map<number, Phrase[]>>();
  const add = (map: Map<number, Phrase[]>, key: number, p: Phrase): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [p]);
    else list.push(p);
  };
  const add2 = (map: Map<number, Map<number, Phrase[]>>, a: number, b: number, p: Phrase): void => {
    let inner = map.get(a);
    if (inner === undefined) map.set(a, (inner = new Map()));
    add(inner, b, p);
  };
  for (const p of phrases) {
    const [first, second] = p.sids;
    const last = p.sids[p.sids.length - 1];
    if (first === undefined || last === undefined) continue;
    if (second === undefined) add(single, first, p);
    else add2(byFirstTwo, first, second, p);
    if (p.stems.length >= 2 && p.stems.length <= 3) add2(byLastFirst, last, first, p);
  }
  return { phrases, single, byFirstTwo, byLastFirst };
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
  return [...owners].map(([key, ids]) => {
    const stems = key.split(' ');
    return { stems, sids: stems.map(stemId), concepts: [...ids], layer };
  });
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
  const layer = Math.max(0, ...base.phrases.map((p) => p.layer)) + 1;
  const phrases = [...base.phrases, ...phrasesOf(extra, layer)];
  return build(phrases, extra, base.broader, base.contains, base.negations, base.ids, base.metricIds);
}

/** Words a term may skip between two of its own: "time to the first token", "our KV cache". */
const GAP_WORDS = new Set(['the', 'a', 'an', 'our', 'its', 'their', 'this', 'that', 'these', 'those', 'your', 'my', 'his', 'her']);
/** "delay in the queue" is a queue delay; "utilisation of the KV cache" a KV-cache utilisation. */
const REORDER_LINKS = new Set(['of', 'in', 'for', 'on', 'at', 'to']);

/** Matches `stems` from word `i` on, allowing one gap word between terms; the index after the match, or -1. */
function matchForward(ws: readonly Word[], i: number, sids: readonly number[], count: number): number {
  let at = i;
  for (let k = 0; k < count; k++) {
    const w = ws[at];
    if (w === undefined || (k > 0 && !w.joined)) return -1;
    if (w.sid !== sids[k]) {
      const next = ws[at + 1];
      if (k === 0 || !GAP_WORDS.has(w.lower) || next === undefined || next.sid !== sids[k] || !next.joined) return -1;
      at++;
    }
    at++;
  }
  return at;
}

/** A concept found inside a longer phrase still counts when the phrase names it, is a kind of it, or contains it. */
function stands(lexicon: CompiledLexicon, outer: readonly string[], concept: string): boolean {
  for (const c of outer) {
    if (c === concept || lexicon.broader.get(c)?.includes(concept) === true || lexicon.contains.get(c)?.includes(concept) === true) return true;
  }
  return false;
}

/** Pushes the candidates that match from word `from` on; a reordered match drops the last stem (it opened the match at `at`). */
function matchAt(raw: RawHit[], ws: readonly Word[], at: number, from: number, candidates: readonly Phrase[] | undefined, dropLast: number): void {
  if (candidates === undefined) return;
  for (const phrase of candidates) {
    const end = matchForward(ws, from, phrase.sids, phrase.sids.length - dropLast);
    if (end > 0) raw.push({ concepts: phrase.concepts, layer: phrase.layer, from: at, to: end });
  }
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
    matchAt(raw, ws, i, i, lexicon.single.get(word.sid), 0);
    const next = ws[i + 1];
    if (next === undefined || !next.joined) continue;
    const seconds = lexicon.byFirstTwo.get(word.sid);
    const after = ws[i + 2];
    if (seconds !== undefined) {
      matchAt(raw, ws, i, i, seconds.get(next.sid), 0);
      // One gap word may sit between a term's first two words: "time to the first token".
      if (after?.joined === true && GAP_WORDS.has(next.lower)) matchAt(raw, ws, i, i, seconds.get(after.sid), 0);
    }
    // Reordered: the last word, a linking preposition, an optional determiner, then the rest.
    if (after === undefined || !after.joined || !REORDER_LINKS.has(next.lower)) continue;
    const firsts = lexicon.byLastFirst.get(word.sid);
    if (firsts === undefined) continue;
    matchAt(raw, ws, i, i + 2, firsts.get(after.sid), 1);
    const beyond = ws[i + 3];
    if (beyond?.joined === true && GAP_WORDS.has(after.lower)) matchAt(raw, ws, i, i + 3, firsts.get(beyond.sid), 1);
  }
  if (raw.length === 0) return [];
  // Few matches per sentence: compare them pairwise. In a sentence stuffed with terms, only a match
  // starting at most `longest` words earlier can contain another; matches are found in order of
  // their start, so those are a run of `raw`. (An array per word, the index this replaced, held
  // so many young arrays that garbage collection grew with the square of the sentence.)
  const indexed = raw.length > 48;
  let longest = 0;
  for (const h of raw) longest = Math.max(longest, h.to - h.from);
  const hits: ConceptHit[] = [];
  // Concepts already named per span, keyed by from * 65,536 + to: a sentence has few spans.
  const named = new Map<number, string[]>();
  // A match containing `h` starts at or after `h.to - longest`, so at or after `h.from + 1 - longest`,
  // which only grows along `raw`: the first such match only moves on.
  let earliest = 0;
  for (const h of raw) {
    const len = h.to - h.from;
    const covered: RawHit[] = [];
    if (!indexed) {
      for (const o of raw) if (o.layer === h.layer && o.from <= h.from && o.to >= h.to && o.to - o.from > len) covered.push(o);
    } else {
      while ((raw[earliest]?.from ?? Infinity) < h.from + 1 - longest) earliest++;
      for (let k = earliest; k < raw.length; k++) {
        const o = raw[k];
        if (o === undefined || o.from > h.from) break;
        if (o.layer === h.layer && o.to >= h.to && o.to - o.from > len) covered.push(o);
      }
    }
    const first = ws[h.from];
    const last = ws[h.to - 1];
    if (first === undefined || last === undefined) continue;
    const span = h.from * 65_536 + h.to;
    let ids = named.get(span);
    if (ids === undefined) named.set(span, (ids = []));
    for (const concept of h.concepts) {
      let standsInAll = true;
      for (const o of covered) {
        if (!stands(lexicon, o.concepts, concept)) {
          standsInAll = false;
          break;
        }
      }
      if (!standsInAll) continue;
      const broader = lexicon.broader.get(concept);
      for (let k = -1; k < (broader?.length ?? 0); k++) {
        const id = k < 0 ? concept : broader?.[k];
        if (id === undefined || ids.includes(id)) continue;
        ids.push(id);
        hits.push({ concept: id, from: h.from, to: h.to, start: first.start, end: last.end });
      }
    }
  }
  return hits;
}
