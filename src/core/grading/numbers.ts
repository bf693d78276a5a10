import type { UnitKind } from '../../schemas/bank.js';

/** A number the answer states, with its unit class and its value in the class's base unit. */
export interface Figure {
  readonly kind: UnitKind | 'bare';
  /** Seconds, percent, bytes, plain count, dollars, per second; the raw number for percentiles, multipliers and bare numbers. */
  readonly value: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** For either end of a range ("300-500 ms", "two to three seconds"): the whole range. */
  readonly range?: Span;
  /** The prompt states this figure: repeating it shows nothing. */
  readonly restated?: boolean;
  /** A capability claim ("up to 4x"), not a measurement of this system. */
  readonly claim?: boolean;
  /** Said loosely ("a few days", "a couple of seconds"): a quantity, not a number anyone acts on. */
  readonly vague?: boolean;
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

interface Unit {
  readonly kind: UnitKind;
  readonly factor: number;
}

const UNITS: Record<string, Unit> = {};
function unit(kind: UnitKind, factor: number, ...names: string[]): void {
  for (const name of names) UNITS[name] = { kind, factor };
}
unit('time', 1e-9, 'ns', 'nanosecond', 'nanoseconds');
unit('time', 1e-6, 'us', 'µs', 'microsecond', 'microseconds');
unit('time', 1e-3, 'ms', 'msec', 'msecs', 'millisecond', 'milliseconds');
unit('time', 1, 's', 'sec', 'secs', 'second', 'seconds');
unit('time', 60, 'm', 'min', 'mins', 'minute', 'minutes');
unit('time', 3600, 'h', 'hr', 'hrs', 'hour', 'hours');
unit('time', 86400, 'd', 'day', 'days');
unit('time', 604800, 'wk', 'wks', 'week', 'weeks');
unit('time', 1209600, 'fortnight', 'fortnights');
unit('time', 2592000, 'month', 'months');
unit('time', 31536000, 'yr', 'yrs', 'year', 'years');
unit('percent', 1, '%', 'percent', 'pct', 'pp', 'pt', 'pts', 'percentage point', 'percentage points', 'point', 'points');
unit('rate', 1, 'rps', 'qps', 'tps', 'req/s', 'reqs/s', 'requests/s', 'request/s', 'tokens/s', 'token/s', 'tok/s', 'tokens/sec', 'requests/sec', '/s', '/sec', 'per second', 'requests per second', 'tokens per second', 'queries per second');
unit('rate', 1 / 60, 'rpm', 'req/min', 'requests/min', '/min', 'per minute', 'requests per minute', 'tokens per minute', 'tpm');
unit('rate', 1 / 3600, 'per hour', '/h', '/hr', 'requests per hour');
unit('rate', 1 / 86400, 'per day', '/day', 'requests per day', 'requests a day', 'requests/day');
unit('size', 1, 'b', 'byte', 'bytes');
unit('size', 1e3, 'kb', 'kilobyte', 'kilobytes');
unit('size', 1024, 'kib');
unit('size', 1e6, 'mb', 'megabyte', 'megabytes');
unit('size', 1024 ** 2, 'mib');
unit('size', 1e9, 'gb', 'gigabyte', 'gigabytes');
unit('size', 1024 ** 3, 'gib');
unit('size', 1e12, 'tb', 'terabyte', 'terabytes');
unit('size', 1024 ** 4, 'tib');
unit('money', 1, 'usd', 'dollar', 'dollars');
unit('money', 0.01, 'cent', 'cents');
unit('count', 1, 'token', 'tokens', 'tok', 'request', 'requests', 'req', 'reqs', 'user', 'users', 'gpu', 'gpus', 'replica', 'replicas', 'node', 'nodes', 'instance', 'instances', 'layer', 'layers', 'head', 'heads', 'sequence', 'sequences', 'seqs', 'param', 'params', 'parameters', 'customers', 'tenants', 'pods', 'shards', 'experts', 'queries', 'calls', 'sessions', 'conversations', 'prompts', 'documents', 'chunks', 'sample', 'samples', 'example', 'examples', 'case', 'cases', 'prompt', 'conversation', 'document', 'incident', 'incidents', 'failures', 'errors', 'gpu-days', 'gpu-hours', 'regions', 'zones', 'engineers', 'steps', 'blocks');
unit('multiplier', 1, 'x', '×', 'times', 'fold');

const MAGNITUDES: Record<string, number> = {
  k: 1e3, thousand: 1e3, M: 1e6, mm: 1e6, mn: 1e6, million: 1e6, millions: 1e6, B: 1e9, b: 1e9, bn: 1e9, billion: 1e9, billions: 1e9, trillion: 1e12,
};

const ONES: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };
/** Vague quantities people say out loud: "a couple of hundred milliseconds", "a few seconds". */
const VAGUE: Record<string, number> = { a: 1, an: 1, 'a couple of': 2, 'a couple': 2, 'a few': 3, 'half a': 0.5, 'half an': 0.5 };

const ONE_WORD = [...Object.keys(ONES), ...Object.keys(TENS)].sort((a, b) => b.length - a.length).join('|');
const TENS_WORD = Object.keys(TENS).join('|');
const SCALE_WORD = Object.keys(SCALES).join('|');
/** "twenty-five", "two hundred", "a few hundred", "ten thousand", "half a" (the unit follows). */
const WORD_NUM = String.raw`(?:(?:${ONE_WORD})\s+and\s+a\s+half|(?:${TENS_WORD})[\s-](?:one|two|three|four|five|six|seven|eight|nine)|${ONE_WORD}|a\s+couple(?:\s+of)?|a\s+few|half\s+an?|an?)(?:\s+(?:${SCALE_WORD}))?`;

/** The value of a number written in words; undefined when it is not one. */
export function wordNumber(raw: string): number | undefined {
  const half = /\s+and\s+a\s+half\b/i.exec(raw);
  if (half !== null) {
    const whole = wordNumber(raw.slice(0, half.index) + raw.slice(half.index + half[0].length));
    return whole === undefined ? undefined : whole + 0.5 * (SCALES[raw.trim().split(/\s+/).pop()?.toLowerCase() ?? ''] ?? 1);
  }
  const parts = raw.toLowerCase().trim().split(/[\s-]+/);
  let scale = 1;
  const last = parts[parts.length - 1];
  if (last !== undefined && SCALES[last] !== undefined && parts.length > 1) {
    scale = SCALES[last] ?? 1;
    parts.pop();
  }
  const head = parts.join(' ');
  const vague = VAGUE[head];
  if (vague !== undefined) return vague * scale;
  let value = 0;
  for (const p of parts) {
    const n = ONES[p] ?? TENS[p];
    if (n === undefined) return undefined;
    value += n;
  }
  return value * scale;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const unitAlternation = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .map((u) => escape(u).replace(/ /g, '\\s+'))
  .join('|');
const magnitudeAlternation = Object.keys(MAGNITUDES)
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join('|');
const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+`;

// Numbers are found first (cheap), then sticky regexes read the magnitude and unit right after each one.
const NUMBER_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}.])(?:(?<dollar>\$\s?)?(?<num>${NUM})|[pP](?<pnum>\d{2}(?:\.\d+)?)(?![\p{L}\p{N}])|(?<word>${WORD_NUM})(?![\p{L}]))`,
  'giu',
);
/** The same without numbers in words, for the many sentences that hold none: the word alternation is the slow part. */
const DIGITS_RE = new RegExp(String.raw`(?<![\p{L}\p{N}.])(?:(?<dollar>\$\s?)?(?<num>${NUM})|[pP](?<pnum>\d{2}(?:\.\d+)?)(?![\p{L}\p{N}]))`, 'giu');
const SUFFIX_RE = new RegExp(
  String.raw`(?:[\s-]?(?<mag>${magnitudeAlternation})(?![\p{L}]))?(?:[\s-]?(?<unit>${unitAlternation})(?![\p{L}\p{N}]))?`,
  'iuy',
);
const MONEY_MAG_RE = new RegExp(String.raw`\s?(?:${magnitudeAlternation}|m)(?![\p{L}])`, 'iuy');
const MAY_HOLD_WORDS = new RegExp(String.raw`\b(?:${ONE_WORD}|half|hundred|thousand|an?\s+(?:couple|few|${Object.keys(UNITS).filter((u) => /^[a-z]+$/.test(u) && u.length > 2).join('|')}))\b`, 'i');
// Most sentences hold no number at all; "a" and "an" count only before a quantity ("a few", "an hour").
const MAY_HOLD_NUMBER = new RegExp(String.raw`\d|\b(?:${ONE_WORD}|half|hundred|thousand|nines|sub-?\s?second|an?\s+(?:couple|few|${Object.keys(UNITS).filter((u) => /^[a-z]+$/.test(u) && u.length > 2).join('|')}))\b`, 'i');

function parseNumber(raw: string): number {
  return wordNumber(raw) ?? Number(raw.replace(/,/g, ''));
}

function magnitude(raw: string | undefined, money = false): number {
  if (raw === undefined) return 1;
  const key = raw.trim();
  if (money && key.toLowerCase() === 'm') return 1e6;
  // Upper-case M and B are million and billion; lower-case "m" alone reads as minutes and is a unit.
  return MAGNITUDES[key] ?? MAGNITUDES[key.toLowerCase()] ?? 1;
}

/** "one in fifty", "1 out of 1,000 requests": a share, as a percentage. */
const RATIO_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}.])(?<a>${NUM}|${ONE_WORD})(?:[\s-]+(?:request|requests|call|calls|conversation|conversations|answer|answers|response|responses|query|queries|user|users|session|sessions|stream|streams))?[\s-]+(?:in|out[\s-]+of)[\s-]+(?:every[\s-]+)?(?<b>${NUM}|(?:a[\s-]+)?(?:hundred|thousand|million)|${WORD_NUM})(?![\p{L}\p{N}])`,
  'giu',
);
const NINES_RE = /\b(two|three|four|five|2|3|4|5)\s+nines\b/gi;
const NINES: Record<string, number> = { two: 99, three: 99.9, four: 99.99, five: 99.999, 2: 99, 3: 99.9, 4: 99.99, 5: 99.999 };
const SUB_SECOND_RE = /\bsub-?\s?second\b/gi;
const RANGE_AHEAD = new RegExp(String.raw`^\s*(?:-|–|—|to)\s*(?:\d|(?:${ONE_WORD})\b)`, 'i');
const RANGE_LINK = /^\s*(?:-|–|—|to|or)\s*$/i;

interface Parsed {
  figure: Figure;
  /** The number before its unit: 300 for "300 ms". */
  readonly number: number;
  /** Base units per unit written: 0.001 for ms. */
  readonly factor: number;
}

/** Whether some span of `spans` holds a given one: sorted by start with the furthest end so far, not every span against every figure. */
function coverTest(spans: readonly Span[]): (f: Span) => boolean {
  const byStart = [...spans].sort((a, b) => a.start - b.start);
  let reach = Number.NEGATIVE_INFINITY;
  const reaches = byStart.map((e) => (reach = Math.max(reach, e.end)));
  return (f) => {
    // The spans starting at or before f.start: the furthest of them must reach f.end.
    let lo = 0;
    let hi = byStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((byStart[mid]?.start ?? 0) <= f.start) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && (reaches[lo - 1] ?? Number.NEGATIVE_INFINITY) >= f.end;
  };
}

/** The first comparator (in order) ending at most 12 characters before `start`, with no comma or semicolon in between. */
function comparatorBefore(text: string, comparators: readonly Span[], start: number, offset: number): Span | undefined {
  // Comparators are matches of one pattern, in order and apart: their ends ascend.
  let lo = 0;
  let hi = comparators.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((comparators[mid]?.end ?? 0) < start - 12) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < comparators.length; k++) {
    const c = comparators[k];
    if (c === undefined || c.end > start) break;
    if (!/[,;]/.test(text.slice(c.end - offset, start - offset))) return c;
  }
  return undefined;
}

export function findFigures(text: string, offset = 0): Figure[] {
  if (!MAY_HOLD_NUMBER.test(text)) return [];
  const parsed: Parsed[] = [];
  for (const m of text.matchAll(MAY_HOLD_WORDS.test(text) ? NUMBER_RE : DIGITS_RE)) {
    const g = m.groups ?? {};
    const at = m.index ?? 0;
    let end = at + m[0].length;
    if (g.pnum !== undefined) {
      parsed.push({ figure: { kind: 'percentile', value: Number(g.pnum), start: offset + at, end: offset + end, text: m[0] }, number: Number(g.pnum), factor: 1 });
      continue;
    }
    const raw = g.num ?? g.word;
    if (raw === undefined) continue;
    if (g.dollar !== undefined) {
      MONEY_MAG_RE.lastIndex = end;
      const mag = MONEY_MAG_RE.exec(text);
      if (mag !== null) end += mag[0].length;
      const factor = magnitude(mag?.[0], true);
      parsed.push({ figure: { kind: 'money', value: parseNumber(raw) * factor, start: offset + at, end: offset + end, text: text.slice(at, end) }, number: parseNumber(raw), factor });
      continue;
    }
    SUFFIX_RE.lastIndex = end;
    const suffix = SUFFIX_RE.exec(text);
    let mag = suffix?.groups?.mag;
    let unitName = suffix?.groups?.unit;
    // "5m" is five minutes, "5M" five million: only an upper-case M is a magnitude on its own.
    if (mag === 'm' && unitName === undefined) {
      mag = undefined;
      unitName = 'm';
    }
    const u = unitName === undefined ? undefined : UNITS[unitName.toLowerCase().replace(/\s+/g, ' ')];
    if (g.word !== undefined) {
      // A number in words counts only with its unit; "a", "a few" and "half a" only before a time ("half a second").
      const vague = !/\b(?:hundred|thousand|million|billion)\b/i.test(g.word) && VAGUE[g.word.toLowerCase().replace(/\s+/g, ' ')] !== undefined;
      // …except the first end of a range: "two to three seconds".
      const startsRange = u === undefined && !vague && RANGE_AHEAD.test(text.slice(end, end + 24));
      if (!startsRange && (u === undefined || u.kind === 'multiplier' || (vague && u?.kind !== 'time'))) continue;
    }
    if (suffix !== null && (mag !== undefined || u !== undefined)) end += suffix[0].length;
    const kind: Figure['kind'] = u !== undefined ? u.kind : mag !== undefined ? 'count' : 'bare';
    const factor = magnitude(mag) * (u?.factor ?? 1);
    const number = parseNumber(raw);
    const vague = g.word !== undefined && /^(?:a|an|a\s+few|a\s+couple(?:\s+of)?|half\s+an?)$/i.test(g.word.trim());
    parsed.push({ figure: { kind, value: number * factor, start: offset + at, end: offset + end, text: text.slice(at, end), ...(vague ? { vague: true } : {}) }, number, factor });
  }
  const extra: Figure[] = [];
  for (const m of text.matchAll(SUB_SECOND_RE)) {
    const at = m.index ?? 0;
    extra.push({ kind: 'time', value: 1, start: offset + at, end: offset + at + m[0].length, text: m[0] });
  }
  for (const m of text.matchAll(NINES_RE)) {
    const at = m.index ?? 0;
    extra.push({ kind: 'percent', value: NINES[(m[1] ?? '').toLowerCase()] ?? 99.9, start: offset + at, end: offset + at + m[0].length, text: m[0] });
  }
  if (/\b(?:in|out\s+of)\b/i.test(text)) {
    for (const m of text.matchAll(RATIO_RE)) {
      const a = parseNumber(m.groups?.a ?? '');
      const b = parseNumber((m.groups?.b ?? '').replace(/^a[\s-]+/i, 'one '));
      const at = m.index ?? 0;
      if (!(a > 0 && b > a)) continue;
      extra.push({ kind: 'percent', value: (100 * a) / b, start: offset + at, end: offset + at + m[0].length, text: m[0] });
    }
  }
  // A range's bare end takes the unit of the other: "300-500 ms", "$0.10-0.40", "two to three seconds".
  for (let i = 0; i + 1 < parsed.length; i++) {
    const a = parsed[i];
    const b = parsed[i + 1];
    if (a === undefined || b === undefined) continue;
    if (!RANGE_LINK.test(text.slice(a.figure.end - offset, b.figure.start - offset))) continue;
    if (a.figure.kind === 'percentile' || b.figure.kind === 'percentile') continue;
    const range = { start: a.figure.start, end: b.figure.end };
    if (a.figure.kind === 'bare' && b.figure.kind !== 'bare') a.figure = { ...a.figure, kind: b.figure.kind, value: a.number * b.factor };
    else if (b.figure.kind === 'bare' && a.figure.kind !== 'bare' && !/or/i.test(text.slice(a.figure.end - offset, b.figure.start - offset))) b.figure = { ...b.figure, kind: a.figure.kind, value: b.number * a.factor };
    if (a.figure.kind === b.figure.kind && a.figure.kind !== 'bare') {
      a.figure = { ...a.figure, range };
      b.figure = { ...b.figure, range };
    }
  }
  const figures = parsed.map((p) => p.figure);
  // A ratio replaces the plain numbers inside it ("one request in fifty" is 2%, not one request).
  const covered = coverTest(extra);
  const kept = extra.length === 0 ? figures : figures.filter((f) => !covered(f));
  return [...kept, ...extra].sort((x, y) => x.start - y.start);
}

const COMPARATOR_BEFORE = new RegExp(
  [
    String.raw`(?<![-=])[<>]=?|[≤≥]`,
    String.raw`\b(?:above|below|under|over|beyond|exceed(?:s|ed|ing)?|within|past|pass(?:es|ed|ing)?|sub-?)`,
    String.raw`\b(?:more|less|fewer|greater|higher|lower|longer|shorter|worse|better|slower|faster)\s+than`,
    String.raw`\b(?:north|south)\s+of|\bin\s+excess\s+of|\bat\s+or\s+(?:above|below|over|under)`,
    String.raw`\bat\s+(?:most|least)`,
    String.raw`\bno\s+(?:more|less|higher|lower|worse|slower)\s+than`,
    String.raw`\bup\s+to`,
    String.raw`\bcap(?:ped|s)?\s+(?:it\s+|them\s+)?(?:at|to)`,
    String.raw`\b(?:drop|fall|rise|increase|decrease|degrade|regress|grow|climb|jump|spike|move|shift|slip|dip)(?:s|es|ed|ing)?\s+(?:by|below|under|above|over|past|to|beyond|more\s+than)`,
    String.raw`\b(?:go|goes|went|stays?|remains?|kept|sits?|is|are|gets?|creeps?)\s+(?:above|over|below|under|past|beyond)`,
    String.raw`\b(?:cross(?:es|ed)?|hits?|reach(?:es|ed)?|breach(?:es|ed)?|tops?)`,
    String.raw`\b(?:max(?:imum)?|min(?:imum)?|limit|target|budget|threshold|ceiling|floor|slo|sla|objective|trigger)\s*(?:of|at|is|=|:)?`,
  ].join('|'),
  'gi',
);
const COMPARATOR_AFTER = /^\s*(?:or\s+(?:more|higher|above|worse|less|lower|below|longer|over)|\+|(?:above|over|below|under|worse\s+than|higher\s+than|lower\s+than)\s+(?:the\s+)?(?:baseline|control|target|budget|normal|slo|previous|today|old))/i;

/** What someone does when a number is crossed: page, roll back, shed, scale, fail over… */
const ACTION = String.raw`(?:page[sd]?|paging|alert(?:s|ed|ing)?|roll(?:s|ed|ing)?\s+(?:it\s+|us\s+|traffic\s+|everything\s+|that\s+)?back|rollback|revert(?:s|ed|ing)?|shed(?:s|ding)?|scal(?:e|es|ed|ing)\s+(?:out|up|down|in)|fail(?:s|ed|ing)?\s+over|failover|halt|freeze|pause|abort|stop|block|reject|throttl\w*|ticket|escalat\w*|drain|cut\s+over|switch\s+(?:back|over|to)|disable|flip|trip|open\s+the\s+(?:circuit|breaker)|fall\s+back|route\s+to|promote|hold\s+the\s+rollout|freeze)`;
const ACTION_RE = new RegExp(String.raw`\b${ACTION}\b`, 'i');
/** "KV 95% -> shed", "p95 > 2 s: page", "… 2-3x baseline, we roll back". */
const LEADS_TO_ACTION = new RegExp(String.raw`^\s*(?:[-=]+>|→|⇒|=|:|,)?\s*(?:(?:then|and|we|i|we'd|i'd|we\s+will|auto|automatically|immediately)\s*-?\s*)*${ACTION}\b`, 'i');
const CONDITION_BEFORE = /\b(?:if|when|whenever|once|as\s+soon\s+as|the\s+moment|any\s+time)\b[^.;!?]*$/i;
const AT_BEFORE = /\bat\s+(?:about\s+|around\s+|roughly\s+|~\s*)?$/i;
const WINDOW_BEFORE = /\b(?:for|over|during|within|across|in|sustained(?:\s+for)?|lasting|every|per|rolling|trailing|last)\s+(?:a|an|the|at\s+least)?\s*$/i;
const WINDOW_WORDS_BEFORE = /\b(?:for|over|during|within|across|in|lasting|every|per|rolling|trailing|last)\s+(?:a|an|the|at\s+least)?\s*$/i;

export interface Threshold {
  readonly figure: Figure;
  readonly comparator: Span;
}

/**
 * A number someone acts on: a comparator and a number with a unit, in either order ("above
 * 500 ms", "2 points or more"); or a number (or range) that leads to an action ("KV at 95%,
 * we shed", "if p95 TTFT hits 2-3 s we roll back", "error rate 2% -> page").
 */
export function findThresholds(text: string, figures: readonly Figure[], offset = 0): Threshold[] {
  const out: Threshold[] = [];
  if (!figures.some((f) => f.kind !== 'bare' && f.kind !== 'percentile')) return out;
  const comparators: Span[] = [];
  for (const m of text.matchAll(COMPARATOR_BEFORE)) {
    const start = offset + (m.index ?? 0);
    comparators.push({ start, end: start + m[0].length });
  }
  const hasAction = ACTION_RE.test(text);
  for (const figure of figures) {
    if (figure.kind === 'bare' || figure.kind === 'percentile' || (figure.vague === true && !/^(?:half|a\s+couple)/i.test(figure.text))) continue;
    const from = (figure.range?.start ?? figure.start) - offset;
    const to = (figure.range?.end ?? figure.end) - offset;
    // "compare it over 2 days", "for 10 minutes": a long time after a window word is the window, not a threshold.
    if (figure.kind === 'time' && figure.value >= 60 && /\b(?:for|over|during|across|in)\s+(?:a|an|the|at\s+least)?\s*$/i.test(text.slice(Math.max(0, from - 24), from))) continue;
    const before = comparatorBefore(text, comparators, figure.start, offset);
    if (before !== undefined) {
      out.push({ figure, comparator: before });
      continue;
    }
    const tail = text.slice(to, to + 40);
    const after = COMPARATOR_AFTER.exec(tail);
    if (after !== null) {
      out.push({ figure, comparator: { start: offset + to, end: offset + to + after[0].length } });
      continue;
    }
    if (!hasAction) continue;
    const head = text.slice(Math.max(0, from - 80), from);
    if (WINDOW_WORDS_BEFORE.test(head)) continue;
    const lead = LEADS_TO_ACTION.exec(text.slice(to, to + 60));
    if (lead !== null) {
      out.push({ figure, comparator: { start: offset + to, end: offset + to + lead[0].length } });
      continue;
    }
    const atHere = AT_BEFORE.exec(head);
    if (atHere !== null && ACTION_RE.test(text.slice(to, to + 60))) {
      out.push({ figure, comparator: { start: offset + from - atHere[0].length, end: offset + from } });
      continue;
    }
    const condition = CONDITION_BEFORE.exec(head);
    if (condition !== null) out.push({ figure, comparator: { start: offset + from - condition[0].length, end: offset + from - condition[0].length + condition[0].trimEnd().split(/\s/)[0]!.length } });
  }
  return out;
}

/** Time spans that bound a measurement: "for 5 minutes", "over a 10-minute window", "15m rolling". */
export function findWindows(text: string, figures: readonly Figure[], offset = 0): Figure[] {
  return figures.filter((f) => {
    if (f.kind !== 'time' || f.value < 1) return false;
    const from = (f.range?.start ?? f.start) - offset;
    const to = (f.range?.end ?? f.end) - offset;
    const before = text.slice(Math.max(0, from - 24), from);
    const after = text.slice(to, to + 16);
    return WINDOW_BEFORE.test(before) || /^\s*(?:window|rolling|sustained|in\s+a\s+row|straight|consecutive|running)/i.test(after);
  });
}
