/**
 * Reading a test run: the driver's marked lines become per-case results, a scale verdict and,
 * when the run did not finish, one line saying why and which case it stopped in.
 */
import type { CaseResult, ScaleResult, TestCase, TestRun } from '../../schemas/coding.js';

export const DRIVER_MARK = '\u0001coach ';

/** How a child process ended, as the runner reports it. */
export interface ProcessEnd {
  readonly outcome: 'ok' | 'failed' | 'timeout' | 'memory' | 'output' | 'crash';
  /** One line: "stopped after 10 s: it did not finish (an endless loop, or far too slow)". */
  readonly line: string;
  readonly stdout: string;
}

type Event = Record<string, unknown>;

/** The driver's events, in order, and the lines the candidate printed itself. */
export function splitOutput(stdout: string): { events: Event[]; printed: string[] } {
  const events: Event[] = [];
  const printed: string[] = [];
  for (const line of stdout.split('\n')) {
    const at = line.indexOf(DRIVER_MARK);
    if (at < 0) {
      if (line.trim() !== '') printed.push(line);
      continue;
    }
    if (at > 0) printed.push(line.slice(0, at));
    try {
      const parsed: unknown = JSON.parse(line.slice(at + DRIVER_MARK.length));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) events.push(parsed as Event);
    } catch {
      printed.push(line);
    }
  }
  return { events, printed };
}

/** The last few lines a solution printed, for a user wondering where their debug output went. */
function tail(printed: readonly string[]): string | undefined {
  if (printed.length === 0) return undefined;
  const last = printed.slice(-5).map((l) => (l.length > 160 ? `${l.slice(0, 159)}…` : l));
  return (printed.length > 5 ? [`… ${printed.length - 5} more lines`, ...last] : last).join('\n');
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The cases' results from a run of the driver in "cases" mode. */
export function readCaseRun(kind: TestRun['kind'], at: string, cases: readonly TestCase[], end: ProcessEnd): TestRun {
  const { events, printed } = splitOutput(end.stdout);
  const results: CaseResult[] = [];
  const byName = new Map(cases.map((c) => [c.name, c]));
  let fatal: string | undefined;
  let running: string | undefined;
  for (const e of events) {
    if ('fatal' in e) fatal = text(e['fatal']);
    else if ('start' in e) running = text(e['start']);
    else if ('case' in e) {
      const c = byName.get(text(e['case']) ?? '');
      if (c === undefined) continue;
      const message = text(e['message']);
      results.push({ name: c.name, category: c.category, visible: c.visible, passed: e['passed'] === true, ...(message === undefined ? {} : { message }) });
      running = undefined;
    }
  }
  const done = new Set(results.map((r) => r.name));
  const notRun = cases.filter((c) => !done.has(c.name)).map((c) => c.name);
  let problem: string | undefined;
  if (fatal !== undefined) problem = fatal;
  else if (end.outcome !== 'ok' && running !== undefined) problem = `${end.line}, in "${running}"`;
  else if (end.outcome !== 'ok') problem = end.line;
  else if (notRun.length > 0) problem = 'it exited before every test had run (process.exit or sys.exit in the solution?)';
  const output = tail(printed);
  // A case that never ran failed as far as the grade goes; it says why.
  for (const c of cases) if (!done.has(c.name)) results.push({ name: c.name, category: c.category, visible: c.visible, passed: false, message: 'not run: the run stopped before it' });
  return { kind, at, cases: results, notRun, ...(problem === undefined ? {} : { problem }), ...(output === undefined ? {} : { output }) };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;
}

/**
 * The scale verdict from a run of the driver in "scale" mode. Times under `floorMs` count as
 * `floorMs`, so a reference that takes 3 ms does not fail a solution taking 40 ms on noise.
 */
export function readScaleRun(end: ProcessEnd, calls: number, maxRatio: number, floorMs = 20): ScaleResult {
  const { events } = splitOutput(end.stdout);
  let referenceMs: number | undefined;
  let fatal: string | undefined;
  let scale: Event | undefined;
  for (const e of events) {
    if ('referenceMs' in e && !('scale' in e)) referenceMs = num(e['referenceMs']);
    if ('fatal' in e) fatal = text(e['fatal']);
    if ('scale' in e && typeof e['scale'] === 'object' && e['scale'] !== null) scale = e['scale'] as Event;
  }
  const count = calls.toLocaleString('en-US');
  const base = { calls, maxRatio, ...(referenceMs === undefined ? {} : { referenceMs }) };
  if (fatal !== undefined) return { ...base, passed: false, line: fatal };
  if (scale === undefined) {
    const ref = referenceMs === undefined ? '' : ` (the reference took ${ms(referenceMs)})`;
    return { ...base, passed: false, line: `${count} calls: ${end.line}${ref}` };
  }
  const error = text(scale['error']);
  if (error !== undefined) return { ...base, passed: false, line: `${count} calls: it threw ${error}` };
  const candidateMs = num(scale['candidateMs']) ?? 0;
  const refMs = num(scale['referenceMs']) ?? referenceMs ?? 0;
  const ratio = Math.max(candidateMs, floorMs) / Math.max(refMs, floorMs);
  const mismatch = text(scale['mismatch']);
  const timing = `${count} calls in ${ms(candidateMs)}, ${ratio.toFixed(1)}x the reference's ${ms(refMs)} (limit ${maxRatio}x)`;
  if (mismatch !== undefined) return { ...base, referenceMs: refMs, candidateMs, ratio, passed: false, line: `wrong answer at scale: ${mismatch}` };
  return { ...base, referenceMs: refMs, candidateMs, ratio, passed: ratio <= maxRatio, line: ratio <= maxRatio ? timing : `too slow: ${timing}` };
}

export interface CategoryScore {
  readonly passed: number;
  readonly total: number;
}

/** Passed and total per category, over what ran and what never ran. */
export function categoryScores(run: TestRun): { readonly correctness: CategoryScore; readonly edge: CategoryScore } {
  const score = (category: CaseResult['category']): CategoryScore => {
    const mine = run.cases.filter((c) => c.category === category);
    return { passed: mine.filter((c) => c.passed).length, total: mine.length };
  };
  return { correctness: score('correctness'), edge: score('edge') };
}

/** One line per category: "correctness 7/8 · edge cases 4/6 · scale passed". */
export function runSummary(run: TestRun): string {
  const { correctness, edge } = categoryScores(run);
  const parts = [`correctness ${correctness.passed}/${correctness.total}`];
  if (edge.total > 0) parts.push(`edge cases ${edge.passed}/${edge.total}`);
  if (run.scale !== undefined) parts.push(run.scale.passed ? 'scale passed' : 'scale failed');
  return parts.join(' · ');
}

/**
 * 0-100 for the code: the hidden tests are three quarters, each category (correctness, edge
 * cases) weighing the same however many cases it has, and the scale test a quarter. A run that
 * stopped scores what had passed before it stopped.
 */
export function codeScore(run: TestRun): number {
  const { correctness, edge } = categoryScores(run);
  const shares = [correctness, edge].filter((c) => c.total > 0).map((c) => c.passed / c.total);
  const tests = shares.length === 0 ? 0 : shares.reduce((a, b) => a + b, 0) / shares.length;
  const scale = run.scale?.passed === true ? 1 : 0;
  return Math.round((tests * 0.75 + scale * 0.25) * 100);
}
