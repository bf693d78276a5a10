/**
 * Bundles src/ into dist/ with esbuild. Loading Ink, React and their dependencies as ~100
 * separate ES and CommonJS modules took ~600 ms on a 2-core machine; the bundle loads in ~200 ms,
 * which is most of the home screen's first frame. Type checking is tsc's job (npm run build runs it first).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

function sourceHash(dir) {
  const hash = createHash('sha256');
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }).sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)))) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    hash.update(file.slice(dir.length)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies inside an ES bundle still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __coachRequire } from 'node:module'; const require = __coachRequire(import.meta.url);" },
  define: {
    'process.env.NODE_ENV': '"production"',
    'process.env.COACH_BUILD_ID': JSON.stringify(sourceHash(join(root, 'src'))),
  },
  // Ink imports React DevTools only when DEV=true; it is not installed, so it resolves to nothing.
  alias: { 'react-devtools-core': './scripts/no-devtools.mjs' },
  // Native addons and the model runtime stay in node_modules.
  external: ['node-llama-cpp'],
  logLevel: 'warning',
});
