import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { z } from 'zod';
import type { BankProblem } from '../ports.js';
import type { YardstickAnswer, YardstickName } from '../core/progress/selftest.js';
import type { BlindFile, CodingBlindFile, GoldenFile } from '../schemas/golden.js';
import { DEFAULT_BANK_DIR, formatPath } from './fs-bank.js';

/** One YAML file, validated. */
function loadOne<T>(root: string, dir: string, name: string, schema: z.ZodType<T>): { value: T } | { problems: BankProblem[] } {
  const parse = (createRequire(import.meta.url)('yaml') as { parse: (text: string) => unknown }).parse;
  const file = `${dir}/${name}`;
  let raw: unknown;
  try {
    raw = parse(readFileSync(join(root, dir, name), 'utf8'));
  } catch (error) {
    const reason = error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'missing' : `not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    return { problems: [{ file, path: '', message: reason }] };
  }
  const result = schema.safeParse(raw);
  if (!result.success) return { problems: result.error.issues.map((issue) => ({ file, path: formatPath(issue.path), message: issue.message })) };
  return { value: result.data };
}

/** Every YAML file in `dir` (relative to the bank root), validated; a bad file is reported and left out. */
async function loadAll<T>(root: string, dir: string, schema: z.ZodType<T>, missing: string): Promise<{ files: T[]; problems: BankProblem[] }> {
  let names: string[];
  try {
    names = readdirSync(join(root, dir)).filter((n) => n.endsWith('.yaml')).sort();
  } catch {
    return { files: [], problems: [{ file: dir, path: '', message: missing }] };
  }
  const files: T[] = [];
  const problems: BankProblem[] = [];
  for (const name of names) {
    const loaded = loadOne(root, dir, name, schema);
    if ('value' in loaded) files.push(loaded.value);
    else problems.push(...loaded.problems);
  }
  return { files, problems };
}

/** questions/golden/*.yaml, validated; a bad file is reported and left out. */
export async function loadGolden(root: string = DEFAULT_BANK_DIR): Promise<{ files: GoldenFile[]; problems: BankProblem[] }> {
  const { GoldenFile } = await import('../schemas/golden.js');
  return loadAll(root, 'questions/golden', GoldenFile, 'the golden set is missing');
}

/** questions/blind/<half>/*.yaml: one half of the blind set, validated. */
export async function loadBlind(half: 'tuning' | 'test', root: string = DEFAULT_BANK_DIR): Promise<{ files: BlindFile[]; problems: BankProblem[] }> {
  const { BlindFile } = await import('../schemas/golden.js');
  const loaded = await loadAll(root, `questions/blind/${half}`, BlindFile, `the blind set's ${half} half is missing`);
  const problems = [...loaded.problems];
  for (const f of loaded.files) if (f.half !== half) problems.push({ file: `questions/blind/${half}/${f.question}.yaml`, path: 'half', message: `says "${f.half}" but sits in the ${half} folder` });
  return { files: loaded.files.filter((f) => f.half === half), problems };
}

/** questions/blind/coding/<half>.yaml: one half of the coding round's follow-up answers, validated. */
export async function loadCodingBlind(half: 'tuning' | 'test', root: string = DEFAULT_BANK_DIR): Promise<{ file?: CodingBlindFile; problems: BankProblem[] }> {
  const { CodingBlindFile } = await import('../schemas/golden.js');
  const loaded = loadOne(root, 'questions/blind/coding', `${half}.yaml`, CodingBlindFile);
  if (!('value' in loaded)) return { problems: loaded.problems };
  if (loaded.value.half !== half) return { problems: [{ file: `questions/blind/coding/${half}.yaml`, path: 'half', message: `says "${loaded.value.half}" but is the ${half} file` }] };
  return { file: loaded.value, problems: [] };
}

export const YARDSTICKS: readonly YardstickName[] = ['golden', 'blind-tuning', 'blind-test'];

/** The answers of each chosen yardstick, ready to grade; bad files are reported and left out. */
export async function loadYardsticks(sets: readonly YardstickName[] = YARDSTICKS, root: string = DEFAULT_BANK_DIR): Promise<{ sets: { name: YardstickName; answers: YardstickAnswer[] }[]; problems: BankProblem[] }> {
  const { blindAnswers, goldenAnswers } = await import('../core/progress/selftest.js');
  const out: { name: YardstickName; answers: YardstickAnswer[] }[] = [];
  const problems: BankProblem[] = [];
  for (const name of sets) {
    if (name === 'golden') {
      const loaded = await loadGolden(root);
      problems.push(...loaded.problems);
      out.push({ name, answers: goldenAnswers(loaded.files) });
    } else {
      const loaded = await loadBlind(name === 'blind-tuning' ? 'tuning' : 'test', root);
      problems.push(...loaded.problems);
      out.push({ name, answers: blindAnswers(loaded.files) });
    }
  }
  return { sets: out, problems };
}
