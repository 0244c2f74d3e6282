import { defineConfig } from 'vitest/config';

// happy-dom gives the client the EventTarget, MessageEvent and URL a browser has.
export default defineConfig({ test: { environment: 'happy-dom', include: ['src/**/*.spec.ts'] } });
