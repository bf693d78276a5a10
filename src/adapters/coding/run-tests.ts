/**
 * Runs a solution against a problem's cases, and on submit against the scale test, each in its
 * own isolated child (run-isolated.ts). The scale test times the problem's reference solution and
 * the candidate's in the same process on the same calls, so the verdict is a ratio that holds on
 * a slow laptop and a fast workstation alike.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodingEntry } from '../../core/bank.js';
import { readCaseRun, readScaleRun } from '../../core/coding/results.js';
import { REFERENCE_FILES, SOLUTION_FILES, type CodingLanguage, type TestCase, type TestRun } from '../../schemas/coding.js';
import { NODE_DRIVER, PYTHON_DRIVER } from './drivers.js';
import { runIsolated, type RunLimits } from './run-isolated.js';

/** The cases get ten seconds all together; a correct solution needs well under one. */
export const CASE_LIMITS: RunLimits = { wallMs: 10_000, memoryMb: 256, outputBytes: 256 * 1024 };
/** The scale test runs the reference and the candidate back to back on a few hundred thousand calls. */
export const SCALE_LIMITS: RunLimits = { wallMs: 20_000, memoryMb: 1024, outputBytes: 256 * 1024 };

const DRIVER_FILES: Readonly<Record<CodingLanguage, string>> = { node: 'driver.mjs', python: 'driver.py' };
const DRIVERS: Readonly<Record<CodingLanguage, string>> = { node: NODE_DRIVER, python: PYTHON_DRIVER };

/** A seeded generator (mulberry32), so a problem's scale test makes the same calls every time. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ScaleCalls {
  readonly new: readonly unknown[];
  readonly calls: readonly (readonly [string, readonly unknown[]])[];
}

/** The problem's scale.mjs, run here: bank content, not the candidate's code. */
export async function scaleCalls(entry: CodingEntry, count: number): Promise<ScaleCalls> {
  const module = (await import(pathToFileURL(join(entry.dir, 'scale.mjs')).href)) as { scale?: (n: number, random: () => number) => ScaleCalls };
  if (typeof module.scale !== 'function') throw new Error(`${entry.problem.id}/scale.mjs does not export scale(n, random)`);
  return module.scale(count, seeded(20261206));
}

export interface RunOptions {
  readonly caseLimits?: Partial<RunLimits>;
  readonly scaleLimits?: Partial<RunLimits>;
  /** The scale test's call count, when not the problem's own (tests use fewer). */
  readonly scaleCalls?: number;
  /** Every case but no scale test (bank validate checks the cases' expected values this way). */
  readonly noScale?: boolean;
}

function caseSpec(entry: CodingEntry, language: CodingLanguage, cases: readonly TestCase[]): string {
  return JSON.stringify({ mode: 'cases', className: entry.problem.class, solution: SOLUTION_FILES[language], cases: cases.map((c) => ({ name: c.name, new: c.new, calls: c.calls })) });
}

/**
 * Visible: the cases marked visible, as on every save. Hidden: every case, then the scale test.
 * Never throws for what the code does; every failure is in the returned run.
 */
export async function runTests(entry: CodingEntry, language: CodingLanguage, code: string, kind: TestRun['kind'], at: Date, options: RunOptions = {}): Promise<TestRun> {
  const cases = kind === 'visible' ? entry.cases.filter((c) => c.visible) : entry.cases;
  const files = { [DRIVER_FILES[language]]: DRIVERS[language], [SOLUTION_FILES[language]]: code, 'spec.json': caseSpec(entry, language, cases) };
  const end = await runIsolated({ language, files, entry: DRIVER_FILES[language], limits: { ...CASE_LIMITS, ...options.caseLimits } });
  const run = readCaseRun(kind, at.toISOString(), cases, end);
  if (kind === 'visible' || options.noScale === true) return run;
  const count = options.scaleCalls ?? entry.problem.scale.calls[language];
  const calls = await scaleCalls(entry, count);
  const reference = await readFile(join(entry.dir, REFERENCE_FILES[language]), 'utf8');
  const spec = JSON.stringify({ mode: 'scale', className: entry.problem.class, solution: SOLUTION_FILES[language], reference: REFERENCE_FILES[language], new: calls.new, calls: calls.calls });
  const scaleEnd = await runIsolated({
    language,
    files: { [DRIVER_FILES[language]]: DRIVERS[language], [SOLUTION_FILES[language]]: code, [REFERENCE_FILES[language]]: reference, 'spec.json': spec },
    entry: DRIVER_FILES[language],
    limits: { ...SCALE_LIMITS, ...options.scaleLimits },
  });
  return { ...run, scale: readScaleRun(scaleEnd, calls.calls.length, entry.problem.scale.maxRatio) };
}

let python: Promise<boolean> | undefined;

/** Whether python3 runs on this machine; asked once. */
export function pythonAvailable(): Promise<boolean> {
  python ??= new Promise((resolve) => {
    execFile('python3', ['--version'], { timeout: 5000 }, (error) => resolve(error === null));
  });
  return python;
}
