import type { UnitKind } from '../schemas/bank.js';

/** A number the answer states, with its unit class and its value in the class's base unit. */
export interface Figure {
  readonly kind: UnitKind | 'bare';
  /** Seconds, percent, bytes, plain count, dollars, per second; the raw number for percentiles, multipliers and bare numbers. */
  readonly value: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
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
unit('time', 604800, 'wk', 'week', 'weeks');
unit('time', 2592000, 'month', 'months');
unit('time', 31536000, 'yr', 'yrs', 'year', 'years');
unit('percent', 1, '%', 'percent', 'pct', 'pp', 'percentage point', 'percentage points', 'point', 'points');
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

const WORD_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  fifteen: 15, twenty: 20, thirty: 30, sixty: 60, ninety: 90,
};

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
const WORD_NUM = Object.keys(WORD_NUMBERS).join('|');

// Numbers are found first (cheap), then sticky regexes read the magnitude and unit right after each one.
const NUMBER_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}.])(?:(?<dollar>\$\s?)?(?<num>${NUM})|[pP](?<pnum>\d{2}(?:\.\d+)?)(?![\p{L}\p{N}])|(?<word>${WORD_NUM})(?![\p{L}]))`,
  'giu',
);
const SUFFIX_RE = new RegExp(
  String.raw`(?:[\s-]?(?<mag>${magnitudeAlternation})(?![\p{L}]))?(?:[\s-]?(?<unit>${unitAlternation})(?![\p{L}\p{N}]))?`,
  'iuy',
);
const MONEY_MAG_RE = new RegExp(String.raw`\s?(?:${magnitudeAlternation}|m)(?![\p{L}])`, 'iuy');
const MAY_HOLD_NUMBER = new RegExp(String.raw`\d|\b(?:${WORD_NUM})\b`, 'i');

function parseNumber(raw: string): number {
  const word = WORD_NUMBERS[raw.toLowerCase()];
  if (word !== undefined) return word;
  return Number(raw.replace(/,/g, ''));
}

function magnitude(raw: string | undefined, money = false): number {
  if (raw === undefined) return 1;
  const key = raw.trim();
  if (money && key.toLowerCase() === 'm') return 1e6;
  // Upper-case M and B are million and billion; lower-case "m" alone reads as minutes and is a unit.
  return MAGNITUDES[key] ?? MAGNITUDES[key.toLowerCase()] ?? 1;
}

export function findFigures(text: string, offset = 0): Figure[] {
  const out: Figure[] = [];
  if (!MAY_HOLD_NUMBER.test(text)) return out;
  for (const m of text.matchAll(NUMBER_RE)) {
    const g = m.groups ?? {};
    const at = m.index ?? 0;
    let end = at + m[0].length;
    if (g.pnum !== undefined) {
      out.push({ kind: 'percentile', value: Number(g.pnum), start: offset + at, end: offset + end, text: m[0] });
      continue;
    }
    const raw = g.num ?? g.word;
    if (raw === undefined) continue;
    if (g.dollar !== undefined) {
      MONEY_MAG_RE.lastIndex = end;
      const mag = MONEY_MAG_RE.exec(text);
      if (mag !== null) end += mag[0].length;
      out.push({ kind: 'money', value: parseNumber(raw) * magnitude(mag?.[0], true), start: offset + at, end: offset + end, text: text.slice(at, end) });
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
    if (g.word !== undefined && u?.kind !== 'time') continue;
    if (suffix !== null && (mag !== undefined || u !== undefined)) end += suffix[0].length;
    const kind: Figure['kind'] = u !== undefined ? u.kind : mag !== undefined ? 'count' : 'bare';
    const value = parseNumber(raw) * magnitude(mag) * (u?.factor ?? 1);
    out.push({ kind, value, start: offset + at, end: offset + end, text: text.slice(at, end) });
  }
  return out;
}

const COMPARATOR_BEFORE = new RegExp(
  [
    String.raw`[<>]=?|[≤≥]|=>|>=`,
    String.raw`\b(?:above|below|under|over|beyond|exceed(?:s|ed|ing)?|within|past)`,
    String.raw`\b(?:more|less|fewer|greater|higher|lower|longer|shorter|worse|better)\s+than`,
    String.raw`\bat\s+(?:most|least)`,
    String.raw`\bno\s+(?:more|less|higher|lower)\s+than`,
    String.raw`\bup\s+to`,
    String.raw`\bcap(?:ped|s)?\s+(?:at|to)`,
    String.raw`\b(?:drop|fall|rise|increase|decrease|degrade|regress|grow|climb|jump|spike)(?:s|es|ed|ing)?\s+(?:by|below|under|above|over|past|to|beyond)`,
    String.raw`\b(?:go|goes|went|stays?|remains?|kept)\s+(?:above|over|below|under|past|beyond)`,
    String.raw`\b(?:cross(?:es|ed)?|hits?|reach(?:es|ed)?|breach(?:es|ed)?|tops?)`,
    String.raw`\b(?:max(?:imum)?|min(?:imum)?|limit|target|budget|threshold|ceiling|floor)\s*(?:of|at|is|=|:)?`,
  ].join('|'),
  'gi',
);
const COMPARATOR_AFTER = /^\s*(?:or\s+(?:more|higher|above|worse|less|lower|below|longer)|(?:above|over|below|under|worse\s+than|higher\s+than|lower\s+than)\s+(?:the\s+)?(?:baseline|control|target|budget|normal|slo|previous))/i;
const WINDOW_BEFORE = /\b(?:for|over|during|within|across|in|sustained(?:\s+for)?|lasting|every|per|rolling|trailing|last)\s+(?:a|an|the|at\s+least)?\s*$/i;

export interface Threshold {
  readonly figure: Figure;
  readonly comparator: Span;
}

/** Comparator + number with a unit (not a percentile), in either order. */
export function findThresholds(text: string, figures: readonly Figure[], offset = 0): Threshold[] {
  const out: Threshold[] = [];
  if (!figures.some((f) => f.kind !== 'bare' && f.kind !== 'percentile')) return out;
  const comparators: Span[] = [];
  for (const m of text.matchAll(COMPARATOR_BEFORE)) {
    const start = offset + (m.index ?? 0);
    comparators.push({ start, end: start + m[0].length });
  }
  for (const figure of figures) {
    if (figure.kind === 'bare' || figure.kind === 'percentile') continue;
    const before = comparators.find((c) => c.end <= figure.start && figure.start - c.end <= 12);
    if (before !== undefined) {
      out.push({ figure, comparator: before });
      continue;
    }
    const tail = text.slice(figure.end - offset, figure.end - offset + 40);
    const after = COMPARATOR_AFTER.exec(tail);
    if (after !== null) {
      out.push({ figure, comparator: { start: figure.end, end: figure.end + after[0].length } });
    }
  }
  return out;
}

/** Time spans that bound a measurement: "for 5 minutes", "over a 10-minute window", "15m rolling". */
export function findWindows(text: string, figures: readonly Figure[], offset = 0): Figure[] {
  return figures.filter((f) => {
    if (f.kind !== 'time' || f.value < 1) return false;
    const before = text.slice(Math.max(0, f.start - offset - 24), f.start - offset);
    const after = text.slice(f.end - offset, f.end - offset + 16);
    return WINDOW_BEFORE.test(before) || /^\s*(?:window|rolling|sustained|in\s+a\s+row|straight|consecutive)/i.test(after);
  });
}
