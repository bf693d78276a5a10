import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    // Three groups, one after another: the real-terminal tests measure a 2-second autosave and
    // the model tests keep both cores busy, so they must not run beside each other.
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: ['test/e2e/**', 'test/llm/**'], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'llm', include: ['test/llm/**/*.test.ts', 'test/llm/**/*.test.tsx'], sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], sequence: { groupOrder: 2 } } },
    ],
  },
});
