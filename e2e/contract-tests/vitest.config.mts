import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The stream contract against a running server (make contract-tests URL=…): not part of the unit run.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*.contract.ts'],
    testTimeout: 60_000,
    hookTimeout: 20_000,
    fileParallelism: false,
  },
});
