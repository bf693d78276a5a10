import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** CLI tests run the built dist/cli.js; build it once so they never test stale output. */
export default function setup(): void {
  const require = createRequire(import.meta.url);
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
}
