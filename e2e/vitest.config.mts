import { defineConfig } from 'vitest/config';

// Unit tests of the e2e tooling (chaos catalogue, fixtures' helpers); Playwright runs *.spec.ts.
export default defineConfig({
  test: { include: ['**/*.test.ts'], exclude: ['**/node_modules/**'], testTimeout: 20_000 },
});
