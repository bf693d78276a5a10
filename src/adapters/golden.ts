import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BankProblem } from '../ports.js';
import type { GoldenFile } from '../schemas/golden.js';
import { DEFAULT_BANK_DIR, formatPath } from './fs-bank.js';

/** questions/golden/*.yaml, validated; a bad file is reported and left out. */
export async function loadGolden(root: string = DEFAULT_BANK_DIR): Promise<{ files: GoldenFile[]; problems: BankProblem[] }> {
  const dir = join(root, 'questions', 'golden');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort();
  } catch {
    return { files: [], problems: [{ file: 'questions/golden', path: '', message: 'the golden set is missing' }] };
  }
  const { GoldenFile } = await import('../schemas/golden.js');
  const parse = (createRequire(import.meta.url)('yaml') as { parse: (text: string) => unknown }).parse;
  const files: GoldenFile[] = [];
  const problems: BankProblem[] = [];
  for (const name of names) {
    const file = `questions/golden/${name}`;
    let raw: unknown;
    try {
      raw = parse(readFileSync(join(dir, name), 'utf8'));
    } catch (error) {
      problems.push({ file, path: '', message: `not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` });
      continue;
    }
    const result = GoldenFile.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push({ file, path: formatPath(issue.path), message: issue.message });
      continue;
    }
    files.push(result.data);
  }
  return { files, problems };
}
