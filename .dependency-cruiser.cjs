/**
 * The import rules of DESIGN §1, checked by `npm test` (test/architecture.test.ts) and by
 * `npm run arch`. Floors, top to bottom: cli → ui / adapters → ports → core → schemas.
 * Type-only imports count: a cycle through types is still a cycle a reader has to untangle.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules import each other round in a circle; move the shared type down a floor.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'pure-core',
      severity: 'error',
      comment: 'core/ and schemas/ are pure logic: no terminal, no React, no files, no settings store, no model runtime.',
      from: { path: '^src/(core|schemas)/' },
      to: { path: '(^|/)node_modules/(ink|react|conf|node-llama-cpp|ink-[^/]+)/|^(fs|fs/promises|child_process|node:fs|node:fs/promises|node:child_process)$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-core-no-io-builtins',
      severity: 'error',
      comment: 'core/ and schemas/ do no IO.',
      from: { path: '^src/(core|schemas)/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|child_process|net|http|https|worker_threads)$' },
    },
    {
      name: 'core-below-the-rest',
      severity: 'error',
      comment: 'core/ knows nothing of ports, adapters, the UI or the CLI: they use it, not the other way round.',
      from: { path: '^src/core/' },
      to: { path: '^src/(ports\\.ts|adapters/|ui/|cli/)' },
    },
    {
      name: 'schemas-at-the-bottom',
      severity: 'error',
      from: { path: '^src/schemas/' },
      to: { path: '^src/(core|ports\\.ts|adapters|ui|cli)' },
    },
    {
      name: 'ports-are-interfaces',
      severity: 'error',
      from: { path: '^src/ports\\.ts$' },
      to: { path: '^src/(adapters|ui|cli)/' },
    },
    {
      name: 'ui-through-ports',
      severity: 'error',
      comment: 'The UI reaches files, settings and the model only through ports; cli/ wires the adapters in.',
      from: { path: '^src/ui/' },
      to: { path: '^src/(adapters|cli)/' },
    },
    {
      name: 'adapters-not-ui',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(ui|cli)/' },
    },
    {
      name: 'resolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
