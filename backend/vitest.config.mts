import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/** The transports the integration tests run on (STREAM_TRANSPORT): the same tests, once each. */
const TRANSPORTS = ['sse-decorator', 'direct'];

export default defineConfig({
  // SWC keeps decorator metadata, which Nest's constructor injection relies on.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    globalSetup: ['test/support/build-once.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.spec.ts'] } },
      ...TRANSPORTS.map((transport) => ({
        extends: true,
        test: {
          name: `integration on ${transport}`,
          include: ['test/**/*.e2e-spec.ts'],
          env: { STREAM_TRANSPORT: transport },
        },
      })),
    ],
  },
});
