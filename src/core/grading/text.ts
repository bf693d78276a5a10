/** Words, sentences and the stemmer the rubric matcher works on. Offsets are UTF-16 indices into the answer. */
import { stem as porter2 } from 'porter2';

export interface Word {
  /** Stemmed, lower-cased form used for matching. */
  readonly stem: string;
  /** The stem as a small number (see stemId): the matcher compares and looks these up. */
  readonly sid: number;
  readonly lower: string;
  readonly start: number;
  readonly end: number;
  /** No clause punctuation (, ; : . ( ) —) between this word and the one before: a term may run across. */
  readonly joined: boolean;
}

export interface Sentence {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly words: readonly Word[];
  /** A bullet or numbered line. */
  readonly bullet: boolean;
  /** A line that ends with ':' and introduces the lines below it. */
  readonly heading: boolean;
}

const WORD_RE = /[\p{L}\p{N}]+(?:[.,'’][\p{L}\p{N}]+)*/gu;

/**
 * Stems for matching, symmetric: lexicon terms and answers go through the same function, so
 * "batching", "batched" and "batches" meet, as do British and American spellings
 * ("utilisation", "utilization"). The stemmer is Porter2 (the `porter2` package); spelling and
 * acronym plurals are normalised first, because Porter2 treats "optimise" and "optimize", or
 * "GPUs" and "GPU", as different words.
 */
const stems = new Map<string, string>();

export function stem(word: string): string {
  const cached = stems.get(word);
  if (cached !== undefined) return cached;
  const result = stemUncached(word);
  if (stems.size < 50_000) stems.set(word, result);
  return result;
}

/** Every stem seen gets a small number, in order: maps keyed by numbers are the matcher's hot path. */
const stemIds = new Map<string, number>();

export function stemId(s: string): number {
  let id = stemIds.get(s);
  if (id === undefined) stemIds.set(s, (id = stemIds.size));
  return id;
}

/** British spellings mapped to American before stemming; only the shared form matters. */
const SPELLING: readonly (readonly [RegExp, string])[] = [
  [/(?<=[a-z]{2})is(e|es|ed|ing|ation|ations|er|ers|able)$/, 'iz$1'],
  [/(?<=[a-z]{2})ys(e|es|ed|ing|er|ers)$/, 'yz$1'],
  [/(?<=[a-z]{3})our(s|ed|ing|ite|ites|able)?$/, 'or$1'],
  [/(?<=[a-z]{3})tre(s)?$/, 'ter$1'],
  [/(?<=[a-z]{3})ogue(s)?$/, 'og$1'],
  [/^(lic|def|off)ence(s)?$/, '$1ense$2'],
  [/^programme(s|d)?$/, 'program$1'],
];
/** Acronyms people pluralise in lower case, which Porter2 leaves alone ("gpus", "slos"). */
const ACRONYM_PLURAL = /^(?:gpu|tpu|slo|sli|sla|llm|api|cpu|rps|qps|az|pr|ci|kpi|oom|sev|ic|sre|vm|hpa|lora|ttft|itl|tbt|tpot|sse|jwt|kms|pii)s$/;

function stemUncached(word: string): string {
  // "GPUs", "SLOs", "H100s", "429s": an upper-case or numeric token with a plural s.
  const acronymPlural = /^[A-Z0-9][A-Z0-9.]*[A-Z0-9]s$/.test(word) || /^\d+s$/.test(word);
  let w = word.toLowerCase().replace(/’/g, "'");
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (acronymPlural || ACRONYM_PLURAL.test(w)) w = w.slice(0, -1);
  if (/\d/.test(w) || w.length <= 2) return w;
  for (const [re, to] of SPELLING) {
    if (re.test(w)) {
      w = w.replace(re, to);
      break;
    }
  }
  const s = porter2(w);
  // Porter2 strips "-ed" from "queued" but not the "e" of "queue": keep one form.
  return s.endsWith('queu') ? `${s}e` : s;
}

const TOKEN_RE = /\S+/gu;
const WORD_CHAR_RE = /[\p{L}\p{N}]/u;

/**
 * Words as a person counts them: whitespace-separated tokens with a letter or digit, so
 * "KV-cache" is one word and a lone dash none. The editor and the grade show the same count.
 */
export function countWords(text: string): number {
  // Token by token: one pattern that skipped punctuation to reach a letter was retried from every
  // character of a punctuation run, quadratic in its length (100,000 '$' took 8 s).
  let count = 0;
  for (const m of text.matchAll(TOKEN_RE)) if (WORD_CHAR_RE.test(m[0])) count++;
  return count;
}

/** What the matcher needs of a token, computed once per distinct token: stem, stem id, lower case. */
const tokens = new Map<string, { readonly stem: string; readonly sid: number; readonly lower: string }>();

function token(raw: string): { readonly stem: string; readonly sid: number; readonly lower: string } {
  const st = stem(raw);
  const known = { stem: st, sid: stemId(st), lower: raw.toLowerCase() };
  if (tokens.size < 100_000) tokens.set(raw, known);
  return known;
}

const CLAUSE_PUNCTUATION = /[,;:.!?()[\]{}—–"“”]/;

export function words(text: string, offset = 0): Word[] {
  const out: Word[] = [];
  let previousEnd = 0;
  for (const m of text.matchAll(WORD_RE)) {
    const raw = m[0];
    // A trailing ".5" belongs to the number; a trailing "," or "." followed by a word does not occur here.
    const at = m.index ?? 0;
    const start = offset + at;
    // Usually one space separates two words: only a longer gap needs the punctuation test.
    const joined = out.length > 0 && (at - previousEnd === 1 ? !CLAUSE_PUNCTUATION.test(text[previousEnd] ?? '') : !CLAUSE_PUNCTUATION.test(text.slice(previousEnd, at)));
    const known = tokens.get(raw) ?? token(raw);
    out.push({ stem: known.stem, sid: known.sid, lower: known.lower, start, end: start + raw.length, joined });
    previousEnd = at + raw.length;
    // "5% of traffic" reads as "5 percent of traffic": the sign is a word to the matcher.
    if (text[previousEnd] === '%' && /\d$/.test(raw)) {
      out.push({ stem: 'percent', sid: stemId('percent'), lower: 'percent', start: start + raw.length, end: start + raw.length + 1, joined: true });
      previousEnd += 1;
    }
  }
  return out;
}

const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|approx|cf|incl|min|max|sec|no)\.)$/i;
const BULLET_RE = /^\s*(?:[-*•+]|\d{1,2}[.)])\s+/;

/**
 * Splits an answer into sentences. Line breaks end a sentence (bullets and notes are
 * common in interview answers); '.', '!' and '?' followed by a space end one too,
 * except after abbreviations and inside numbers.
 */
export function sentences(answer: string): Sentence[] {
  const out: Sentence[] = [];
  let lineStart = 0;
  const lines = answer.split('\n');
  for (const line of lines) {
    const bullet = BULLET_RE.test(line);
    let segStart = 0;
    const push = (from: number, to: number): void => {
      const raw = line.slice(from, to);
      const lead = raw.length - raw.trimStart().length;
      const text = raw.trim();
      if (text.length === 0) return;
      const start = lineStart + from + lead;
      const ws = words(text, start);
      if (ws.length === 0) return;
      out.push({
        start,
        end: start + text.length,
        text,
        words: ws,
        bullet: bullet && from === 0,
        heading: text.endsWith(':'),
      });
    };
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (ch !== '.' && ch !== '!' && ch !== '?') continue;
      const next = line[i + 1];
      if (next !== undefined && next !== ' ' && next !== '\t') continue;
      if (ch === '.' && ABBREVIATIONS.test(line.slice(Math.max(0, i - 6), i + 1))) continue;
      push(segStart, i + 1);
      segStart = i + 1;
    }
    push(segStart, line.length);
    lineStart += line.length + 1;
  }
  return out;
}

/** Closed-class English words: their presence is what separates a statement from a keyword list. */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the this that these those it its we our us i my you your they their them he she ' +
    'is are was were be been being am do does did have has had will would should could can may might must shall ' +
    'to of in on at by for with from into onto over under about after before between through during per via than ' +
    'and or but if then else when while because so since unless until whether which who whom whose what where how why ' +
    'not no never only also just still even each every any all both either neither some most more less ' +
    'as like such there here up down out off once first then again ' +
    'use uses using keep keeps set sets add adds run runs make makes need needs want wants get gets put puts ' +
    "go goes start starts stop stops measure measures track tracks check checks let lets give gives take takes " +
    "i'd we'd we'll i'll it's that's don't doesn't won't can't isn't aren't wouldn't shouldn't"
  ).split(/\s+/),
);
