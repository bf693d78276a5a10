/**
 * Figures an answer can get wrong, checked: the ones a question declares (KV bytes per token on
 * its model, the cost per request of its bill) and the arithmetic every answer can be held to
 * (error-budget minutes, what a burn rate consumes, compound growth). A wrong figure is shown with
 * the worked arithmetic and earns nothing.
 */
import type { Fact } from '../../schemas/bank.js';
import type { Evidence, FactCheck } from '../../schemas/grade.js';
import type { AnalysedSentence, Analysis } from './analyse.js';
import { ownFigure } from './analyse.js';
import type { Figure } from './numbers.js';

const DAY = 86_400;

/** "1 minute", "1.5 minutes": only exactly one takes the singular. */
function inUnits(amount: string, unit: string): string {
  return `${amount} ${amount === '1' ? unit : `${unit}s`}`;
}

/** A size, time, sum or count written the way an engineer would say it. */
export function formatValue(kind: Figure['kind'], value: number): string {
  const round = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x >= 10 ? x.toFixed(1).replace(/\.0$/, '') : x.toFixed(2).replace(/\.?0+$/, ''));
  switch (kind) {
    case 'size': {
      const units: [number, string][] = [[1024 ** 4, 'TiB'], [1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB']];
      for (const [factor, name] of units) if (value >= factor) return `${round(value / factor)} ${name}`;
      return `${round(value)} B`;
    }
    case 'time':
      if (value >= DAY) return inUnits(round(value / DAY), 'day');
      if (value >= 3600) return inUnits(round(value / 3600), 'hour');
      if (value >= 60) return inUnits(round(value / 60), 'minute');
      if (value >= 1) return `${round(value)} s`;
      return `${round(value * 1000)} ms`;
    case 'money':
      return value >= 1000 ? `$${round(value / 1000)}k` : value >= 1 ? `$${round(value)}` : `$${value.toFixed(3).replace(/0+$/, '')}`;
    case 'percent':
      return `${round(value)}%`;
    case 'rate':
      return `${round(value)}/s`;
    case 'multiplier':
      return `${round(value)}x`;
    case 'count':
    case 'bare':
    case 'percentile':
      return round(value);
    default: {
      const never: never = kind;
      return String(never);
    }
  }
}

/**
 * What the fact checks look up in one sentence, built once: a sentence dense with figures asked
 * each of them for its clause, its rivals and its cues by scanning the whole sentence, quadratic
 * in its length.
 */
interface SentenceFigures {
  /** The sentence in lower case, where cues are looked for. */
  readonly lower: string;
  /** Ends of the clause breaks a quote starts after, in order. */
  readonly clauseEnds: readonly number[];
  /** Starts of the clause breaks a quote stops at, in order. */
  readonly clauseStops: readonly number[];
  /** Leading white space after each position a quote starts from. */
  readonly blanks: Map<number, number>;
  /** Figures that are not operands of a product, by kind: in order of start, and in order of end. */
  readonly rivals: ReadonlyMap<Figure['kind'], { readonly byStart: readonly Figure[]; readonly byEnd: readonly Figure[] }>;
  /** Figures that are a threshold's number. */
  readonly thresholdFigures: ReadonlySet<Figure>;
  readonly windows: ReadonlySet<Figure>;
}

const CLAUSE_START = /[;:()]|,\s|\.\s|—|–/g;
const CLAUSE_STOP = /[;:()]|,\s|\.\s|—|–|\.$/g;
const sentenceFigures = new WeakMap<AnalysedSentence, SentenceFigures>();

function figuresOf(s: AnalysedSentence): SentenceFigures {
  let known = sentenceFigures.get(s);
  if (known !== undefined) return known;
  const rivals = new Map<Figure['kind'], { byStart: Figure[]; byEnd: Figure[] }>();
  for (const f of s.figures) {
    if (operand(s, f)) continue;
    let list = rivals.get(f.kind);
    if (list === undefined) rivals.set(f.kind, (list = { byStart: [], byEnd: [] }));
    list.byStart.push(f);
    list.byEnd.push(f);
  }
  for (const list of rivals.values()) {
    list.byStart.sort((a, b) => a.start - b.start);
    list.byEnd.sort((a, b) => a.end - b.end);
  }
  known = {
    lower: s.text.toLowerCase(),
    // A break is one or two characters, the second white space: matches never overlap, so the breaks of the
    // whole sentence are those of any part of it.
    clauseEnds: [...s.text.matchAll(CLAUSE_START)].map((m) => (m.index ?? 0) + m[0].length),
    clauseStops: [...s.text.matchAll(CLAUSE_STOP)].map((m) => m.index ?? 0),
    blanks: new Map(),
    rivals,
    thresholdFigures: new Set(s.thresholds.map((t) => t.figure)),
    windows: new Set(s.windows),
  };
  sentenceFigures.set(s, known);
  return known;
}

/** Index of the first of `xs` (in ascending order) at or above `x`. */
function lowerBound<T>(xs: readonly T[], x: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(xs[mid] as T) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const identity = (x: number): number => x;

/** The clause a figure sits in, as the user wrote it. */
function figureQuote(analysis: Analysis, s: AnalysedSentence, f: Figure): Evidence {
  const text = s.text;
  const index = figuresOf(s);
  const at = f.start - s.start;
  // The last clause break before the figure, and the first after it.
  const from = index.clauseEnds[lowerBound(index.clauseEnds, at + 1, identity) - 1] ?? 0;
  const stop = index.clauseStops[lowerBound(index.clauseStops, f.end - s.start, identity)];
  const to = stop ?? text.length;
  let blank = index.blanks.get(from);
  if (blank === undefined) {
    blank = 0;
    while (from + blank < text.length && /\s/.test(text[from + blank] ?? '')) blank++;
    index.blanks.set(from, blank);
  }
  const start = s.start + from + blank;
  const end = s.start + to;
  return { start, end, text: analysis.answer.slice(start, end) };
}

/** A factor of a product being worked out ("2 × 80 × 8 × 128 × 2 bytes"), not a stated result. */
function operand(s: AnalysedSentence, f: Figure): boolean {
  const before = s.text.slice(Math.max(0, f.start - s.start - 3), f.start - s.start);
  const after = s.text.slice(f.end - s.start, f.end - s.start + 3);
  return /[×*x]\s*$/.test(before) || /^\s*[×*]|^\s+x\s/.test(after);
}

/**
 * A cue within 50 characters of the figure, with no other figure of the same kind in between:
 * in "10 GiB per 32k conversation, 320 GB per replica" the cue "32k" belongs to 10 GiB only.
 */
function near(s: AnalysedSentence, f: Figure, cues: readonly string[]): boolean {
  if (cues.length === 0) return true;
  const index = figuresOf(s);
  const text = index.lower;
  const at = f.start - s.start;
  const to = f.end - s.start;
  const rivals = index.rivals.get(f.kind) ?? { byStart: [], byEnd: [] };
  /** Another figure of the kind inside [lo, hi] of the sentence. */
  const rivalWithin = (lo: number, hi: number): boolean => {
    for (let k = lowerBound(rivals.byStart, s.start + lo, (o) => o.start); k < rivals.byStart.length; k++) {
      const o = rivals.byStart[k];
      if (o === undefined || o.start > s.start + hi) break;
      if (o !== f && o.end - s.start <= hi) return true;
    }
    return false;
  };
  /** Another figure of the kind ending at most 15 characters before `i`. */
  const rivalJustBefore = (i: number): boolean => {
    for (let k = lowerBound(rivals.byEnd, s.start + i - 15, (o) => o.end); k < rivals.byEnd.length; k++) {
      const o = rivals.byEnd[k];
      if (o === undefined || o.end > s.start + i) break;
      if (o !== f) return true;
    }
    return false;
  };
  for (const cue of cues.map((c) => c.toLowerCase())) {
    // Only a cue within 50 characters of the figure can count: look there, not along the whole sentence.
    const from = Math.max(0, at - 50 - cue.length);
    const around = text.slice(from, to + 51 + cue.length);
    for (let found = around.indexOf(cue); found >= 0 && from + found <= to + 50; found = around.indexOf(cue, found + 1)) {
      const i = from + found;
      const end = i + cue.length;
      // Whole words only: the cue "8k" is not in "8 KV heads", nor "per token" in "per tokenizer".
      if (/[\p{L}\p{N}]/u.test(text[i - 1] ?? '') && /^[\p{L}\p{N}]/u.test(cue)) continue;
      if (/[\p{L}\p{N}]/u.test(text[end] ?? '') && /[\p{L}\p{N}]$/u.test(cue)) continue;
      const before = end <= at && at - end <= 50;
      const after = i >= to && i - to <= 50;
      const inside = i >= at && end <= to;
      if (!before && !after && !inside) continue;
      const [lo, hi] = before ? [end, at] : [to, i];
      if (rivalWithin(lo, hi)) continue;
      // …and in the same clause: "leaving roughly 150 GB, so only 14 full 32k sequences fit" does not tie 150 GB to 32k.
      if (/[;:]|,\s|\.\s/.test(s.text.slice(lo, hi))) continue;
      // A cue right after another figure of the kind is that figure's: "$0.027 per request, $7 per 1M tokens".
      if (before && rivalJustBefore(i)) continue;
      return true;
    }
  }
  return false;
}

/** Checks the figures a question declares: a stated figure of the fact's kind, in its context, must be within tolerance. */
function checkDeclared(analysis: Analysis, facts: readonly Fact[]): FactCheck[] {
  const out: FactCheck[] = [];
  for (const fact of facts) {
    for (const s of analysis.live) {
      if (s.echo !== undefined || !fact.near.some((id) => s.concepts.has(id))) continue;
      for (const f of s.figures) {
        // A threshold ("alert above $2k a day") is a number to act on, not a claim about the fact.
        if (f.kind !== fact.kind || !ownFigure(f) || operand(s, f) || figuresOf(s).thresholdFigures.has(f) || !near(s, f, fact.cues)) continue;
        const off = Math.abs(f.value - fact.value) > Math.abs(fact.value) * fact.tolerance;
        // A figure that is right for another declared fact of the same kind is not this one.
        const other = facts.some((o) => o !== fact && o.kind === fact.kind && Math.abs(f.value - o.value) <= Math.abs(o.value) * o.tolerance);
        if (!off || other) continue;
        out.push({
          fact: fact.says,
          stated: figureQuote(analysis, s, f),
          expected: formatValue(fact.kind, fact.value),
          working: fact.working,
          ...(fact.criterion === undefined ? {} : { criterion: fact.criterion }),
        });
      }
    }
  }
  return out;
}

const PERIOD_WORDS: readonly [RegExp, number][] = [
  [/\b(?:a|per|each|every|the)\s+month\b|\bmonthly\b|\b30[-\s]?days?\b|\/mo\b|\bper\s+mo\b/i, 30 * DAY],
  [/\b28[-\s]?days?\b/i, 28 * DAY],
  [/\b(?:a|per|each|every|the)\s+(?:quarter|qtr)\b|\bquarterly\b|\/qtr\b/i, 91 * DAY],
  [/\b(?:a|per|each|every|the)\s+year\b|\b(?:yearly|annual(?:ly)?)\b/i, 365 * DAY],
  [/\b(?:a|per|each|every|the)\s+week\b|\bweekly\b/i, 7 * DAY],
];

/** The SLO period a sentence names ("over 30 days", "a month"), in seconds. */
function period(s: AnalysedSentence): { seconds: number; from: Figure | undefined } | undefined {
  const long = s.figures.find((f) => f.kind === 'time' && f.value >= 7 * DAY && f.value <= 366 * DAY && !/^\s*(?:a|an)\b/i.test(f.text));
  if (long !== undefined) return { seconds: long.value, from: long };
  for (const [re, seconds] of PERIOD_WORDS) if (re.test(s.text)) return { seconds, from: undefined };
  return undefined;
}

const BUDGET_NEAR = /\b(?:budget|downtime|allow\w*|bad|down|outage|unavailab\w*|error)\b/i;
const BUDGET_CUE = /\b(?:error\s+budget|budget|downtime|allows?|allowed|of\s+(?:bad|down)|outage|unavailab\w*|minutes\s+(?:a|per)|nines)\b/i;

/**
 * Error-budget minutes: "99.9% over 30 days allows 43 minutes" is (1 − 0.999) × 30 days. A stated
 * budget more than 15% off is wrong, with the arithmetic.
 */
function checkErrorBudgets(analysis: Analysis): FactCheck[] {
  const out: FactCheck[] = [];
  for (const s of analysis.live) {
    if (s.echo !== undefined || !BUDGET_CUE.test(s.text)) continue;
    const slos = s.figures.filter((f) => f.kind === 'percent' && f.value >= 99 && f.value < 100);
    const span = period(s);
    if (slos.length !== 1 || span === undefined) continue;
    const slo = slos[0];
    if (slo === undefined) continue;
    const budget = (1 - slo.value / 100) * span.seconds;
    for (const f of s.figures) {
      if (f.kind !== 'time' || f === span.from || f.value >= span.seconds || f.value < 1 || !ownFigure(f)) continue;
      // Windows and durations ("for 5 minutes", "a 1-hour window") are not budgets, and neither is a recovery
      // target ("failover in under 5 minutes"): only the figure the budget words sit next to is checked.
      if (figuresOf(s).windows.has(f)) continue;
      const at = f.start - s.start;
      const around = s.text.slice(Math.max(0, at - 30), Math.min(s.text.length, f.end - s.start + 30));
      if (!BUDGET_NEAR.test(around) || /(?:under|within|below|less\s+than|<)\s*$/i.test(s.text.slice(Math.max(0, at - 12), at))) continue;
      if (Math.abs(f.value - budget) <= budget * 0.15) continue;
      const days = Math.round(span.seconds / DAY);
      out.push({
        fact: `error budget of ${slo.text} over ${days} days`,
        stated: figureQuote(analysis, s, f),
        expected: formatValue('time', budget),
        working: `(100% − ${slo.value}%) × ${days} days × 1,440 minutes = ${formatValue('time', budget)}`,
      });
    }
  }
  return out;
}

/**
 * What a burn rate consumes: burning at B× for a window w spends B × w ÷ period of the budget
 * ("14.4x over an hour is 2% of a 30-day budget").
 */
function checkBurnRates(analysis: Analysis): FactCheck[] {
  const out: FactCheck[] = [];
  for (const s of analysis.live) {
    if (s.echo !== undefined || !s.concepts.has('error-budget')) continue;
    const burns = s.figures.filter((f) => f.kind === 'multiplier');
    const windows = s.figures.filter((f) => f.kind === 'time' && f.value >= 60 && f.value <= 7 * DAY);
    const spent = s.figures.filter((f) => f.kind === 'percent' && f.value > 0 && f.value <= 100 && !/^9\d/.test(String(f.value)));
    if (burns.length !== 1 || windows.length !== 1 || spent.length !== 1) continue;
    const [burn, window, share] = [burns[0], windows[0], spent[0]];
    if (burn === undefined || window === undefined || share === undefined || !ownFigure(share)) continue;
    const span = period(s)?.seconds ?? 30 * DAY;
    const expected = (100 * burn.value * window.value) / span;
    if (Math.abs(share.value - expected) <= expected * 0.2) continue;
    out.push({
      fact: `budget spent by a ${burn.text} burn over ${window.text}`,
      stated: figureQuote(analysis, s, share),
      expected: formatValue('percent', expected),
      working: `${burn.value} × ${formatValue('time', window.value)} ÷ ${Math.round(span / DAY)} days = ${formatValue('percent', expected)} of the budget`,
    });
  }
  return out;
}

const MONTHLY = /\b(?:month\s+over\s+month|mom|m\/m|a\s+month|per\s+month|each\s+month|every\s+month|monthly)\b/i;
const MONTHLY_AFTER = /^\s*(?:month\s+over\s+month|mom|m\/m|a\s+month|per\s+month|each\s+month|every\s+month|monthly)\b/i;
const HORIZON: readonly [RegExp, number][] = [
  [/\b(?:a|one|next|per|the|this)\s+quarter\b|\bquarterly\b|\b(?:3|three)\s+months\b/i, 3],
  [/\b(?:6|six)\s+months\b|\bhalf\s+a\s+year\b/i, 6],
  [/\b(?:12|twelve)\s+months\b|\b(?:a|one|next|per|the)\s+year\b/i, 12],
];

/** Growth compounds: 15% a month for a quarter is 52%, not 45%. */
function checkCompoundGrowth(analysis: Analysis): FactCheck[] {
  const out: FactCheck[] = [];
  for (const s of analysis.live) {
    if (s.echo !== undefined || !MONTHLY.test(s.text) || !s.concepts.has('growth')) continue;
    // The monthly rate is the percentage the "a month" words follow; with scenarios side by side ("10%, 15% or 20% a month") there is no one rate to check.
    const rates = s.figures.filter((f) => f.kind === 'percent' && f.value > 0 && f.value < 100 && MONTHLY_AFTER.test(s.text.slice(f.end - s.start, f.end - s.start + 25)));
    const monthly = rates[0];
    if (monthly === undefined || rates.length > 1 || s.figures.filter((f) => f.kind === 'percent').length > 2) continue;
    const months = HORIZON.find(([re]) => re.test(s.text))?.[1];
    if (months === undefined) continue;
    const growth = (1 + monthly.value / 100) ** months;
    for (const f of s.figures) {
      if (f === monthly || !ownFigure(f)) continue;
      const stated = f.kind === 'multiplier' ? f.value : f.kind === 'percent' && f.value > monthly.value ? 1 + f.value / 100 : undefined;
      if (stated === undefined || Math.abs(stated - growth) <= (growth - 1) * 0.1) continue;
      out.push({
        fact: `growth of ${monthly.text} a month over ${months} months`,
        stated: figureQuote(analysis, s, f),
        expected: f.kind === 'multiplier' ? formatValue('multiplier', growth) : formatValue('percent', 100 * (growth - 1)),
        working: `${1 + monthly.value / 100}^${months} = ${growth.toFixed(2)}: growth compounds, so it is ${formatValue('percent', 100 * (growth - 1))}, not ${formatValue('percent', monthly.value * months)}`,
      });
    }
  }
  return out;
}

/** Every wrong figure in the answer: the question's declared facts, then the arithmetic any answer is held to. */
export function checkFacts(analysis: Analysis, facts: readonly Fact[]): FactCheck[] {
  const all = [...checkDeclared(analysis, facts), ...checkErrorBudgets(analysis), ...checkBurnRates(analysis), ...checkCompoundGrowth(analysis)];
  const seen = new Set<string>();
  return all.filter((c) => {
    const key = `${c.stated.start}:${c.stated.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
