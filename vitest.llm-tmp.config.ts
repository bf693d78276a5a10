import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { include: ['test/llm/**/*.test.ts'], testTimeout: 120000 } });
