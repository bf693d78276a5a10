/** Words, sentences and the light stemmer the rubric matcher works on. Offsets are UTF-16 indices into the answer. */

export interface Word {
  /** Stemmed, lower-cased form used for matching. */
  readonly stem: string;
  readonly lower: string;
  readonly start: number;
  readonly end: number;
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

/** Light, symmetric stemming: both lexicon terms and answers go through it, so only consistency matters. */
const stems = new Map<string, string>();

export function stem(word: string): string {
  const cached = stems.get(word);
  if (cached !== undefined) return cached;
  const result = stemUncached(word);
  if (stems.size < 50_000) stems.set(word, result);
  return result;
}

function stemUncached(word: string): string {
  let w = word.toLowerCase().replace(/’/g, "'");
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (/^\d/.test(w) || w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  // "batching" -> "batch", "queueing" -> "queu", "queued" -> "queu": collapse doubled endings.
  if (/(.)\1$/.test(w) && w.length > 4 && !/(ll|ss)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/**
 * Words as a person counts them: whitespace-separated tokens with a letter or digit, so
 * "KV-cache" is one word and a lone dash none. The editor and the grade show the same count.
 */
export function countWords(text: string): number {
  return text.match(/[^\s\p{L}\p{N}]*[\p{L}\p{N}]\S*/gu)?.length ?? 0;
}

export function words(text: string, offset = 0): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const raw = m[0];
    // A trailing ".5" belongs to the number; a trailing "," or "." followed by a word does not occur here.
    const start = offset + (m.index ?? 0);
    out.push({ stem: stem(raw), lower: raw.toLowerCase(), start, end: start + raw.length });
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
