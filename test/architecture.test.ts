import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
// The package's exports map hides its bin; npm always installs it here.
const cruiser = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Runs dependency-cruiser with the project's rules over `src` of `cwd`; returns the violations, one line each. */
function violations(cwd: string): string[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [cruiser, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = String((e as { stdout?: unknown }).stdout ?? '');
  }
  return out.split('\n').filter((l) => /^\s*error /.test(l)).map((l) => l.trim());
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('architecture (DESIGN §1, .dependency-cruiser.cjs)', () => {
  it('src/ keeps the import rules: pure core, no cycles, the UI never reaches adapters', () => {
    expect(violations(root)).toEqual([]);
  });

  it('the rules catch what they are for: a core file importing ink or fs, the UI importing an adapter, core importing ports, a cycle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coach-arch-'));
    scratch.push(dir);
    for (const f of ['.dependency-cruiser.cjs', 'tsconfig.json']) cpSync(join(root, f), join(dir, f));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const files: Record<string, string> = {
      'src/ports.ts': "export interface Clock { now(): number }\n",
      'src/core/practice/timer.ts': "import { Box } from 'ink';\nexport const box = Box;\n",
      'src/core/grading/text.ts': "import { readFileSync } from 'node:fs';\nimport type { Clock } from '../../ports.js';\nexport const read = readFileSync;\nexport type C = Clock;\n",
      'src/core/progress/a.ts': "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n",
      'src/core/progress/b.ts': "import { a } from './a.js';\nexport const b = (): number => a() - 1;\n",
      'src/adapters/store.ts': "export const store = 1;\n",
      'src/ui/screen.ts': "import { store } from '../adapters/store.js';\nexport const shown = store;\n",
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const found = violations(dir).join('\n');
    expect(found).toMatch(/pure-core: src\/core\/practice\/timer\.ts → \S*node_modules\/ink\//);
    expect(found).toMatch(/pure-core\S*: src\/core\/grading\/text\.ts → fs/);
    expect(found).toMatch(/core-below-the-rest: src\/core\/grading\/text\.ts → src\/ports\.ts/);
    expect(found).toMatch(/ui-through-ports: src\/ui\/screen\.ts → src\/adapters\/store\.ts/);
    expect(found).toMatch(/no-cycles: src\/core\/progress\/a\.ts/);
  });
});
