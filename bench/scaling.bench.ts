/**
 * Long inputs that once took time quadratic in their length (issue 13): how time grows with them,
 * as ratios measured in one run, and what the sizes the issue reported take now. Targets: linear
 * growth for word counts and grading (an 8x input under 24x, between linear 8x and quadratic 64x),
 * and a keystroke whose cost does not grow with the line (a 16x line under 6x). The same workloads
 * and bounds as test/core/scaling.test.ts.
 */
import { loadBank } from '../src/adapters/fs-bank.js';
import { denseSentence, growth, keystroke, punctuationWordCount, type Workload } from '../test/scaling.js';

const bank = await loadBank();
function question(id: string): NonNullable<ReturnType<typeof bank.question>> {
  const prepared = bank.question(id);
  if (prepared === undefined) throw new Error(`${id} is not in the bank`);
  return prepared;
}

const PROSE = 'the queue delay grows with load, so we shed early ';

function ms(x: number): string {
  return x >= 10 ? `${x.toFixed(0)} ms` : x >= 0.1 ? `${x.toFixed(2)} ms` : `${(x * 1000).toFixed(0)} µs`;
}

function chars(n: number): string {
  return n >= 1000 ? `${n / 1000}k` : String(n);
}

interface Case {
  readonly what: string;
  readonly work: Workload;
  readonly size: number;
  readonly factor: number;
  /** The ratio to stay under. */
  readonly under: number;
}

const cases: Case[] = [
  { what: "word count, run of '$'", work: punctuationWordCount, size: 2_000, factor: 8, under: 24 },
  { what: "keystroke, line of '-'", work: keystroke('-', '-'), size: 2_000, factor: 16, under: 6 },
  { what: 'keystroke, line of prose', work: keystroke(PROSE, 'x'), size: 2_000, factor: 16, under: 6 },
  { what: "grade q01, one sentence of 'p95 '", work: denseSentence(question('q01'), 'p95 '), size: 2_000, factor: 8, under: 24 },
  { what: "grade q01, one sentence of 'x, '", work: denseSentence(question('q01'), 'x, '), size: 2_000, factor: 8, under: 24 },
  { what: "grade q05, one sentence of '$0.05 per request'", work: denseSentence(question('q05'), 'cost is $0.05 per request, '), size: 2_000, factor: 8, under: 24 },
];

const rows: string[][] = cases.map((c) => {
  const g = growth(c.work, c.size, c.factor);
  return [c.what, `${chars(c.size)} -> ${chars(c.size * c.factor)}`, ms(g.small), ms(g.large), `${g.ratio.toFixed(2)}x`, `< ${c.under}x`, g.ratio < c.under ? 'ok' : 'MISS'];
});

/** The sizes the issue reported (8.1 s, ~2 s a keystroke, 2.9 s before): best of five. */
function best(run: () => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - t0);
  }
  return fastest;
}
const reported: [string, number][] = [
  ["word count, 100,000 '$'", best(punctuationWordCount(100_000))],
  ["keystroke, 40,000-character line of '-'", best(keystroke('-', '-')(40_000))],
  ['keystroke, 40,000-character line of prose', best(keystroke(PROSE, 'x')(40_000))],
  ["grade q01, 100 KB sentence of 'p95 '", best(denseSentence(question('q01'), 'p95 ')(102_400))],
];

function table(title: string, header: readonly string[], body: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]?.length ?? 0)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of body) console.log(line(r));
}

table('Long inputs (best of 7, sizes in characters, one run)', ['measure', 'size', 'small', 'large', 'growth', 'target', ''], rows);
table('The sizes issue 13 reported (best of 5)', ['measure', 'time'], reported.map(([what, t]) => [what, ms(t)]));
