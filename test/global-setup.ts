import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * Type-checks src/, test/ and bench/ together (vitest itself only strips types), then bundles
 * dist/ once, so the CLI and end-to-end tests never run stale output.
 */
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.test.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
}
