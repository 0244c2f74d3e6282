import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';
import { parseApiTarget, parseProxyFix, sseProxyFix } from './dev-proxy/sse-proxy-fix';

const apiTarget = parseApiTarget(process.env.VITE_API_TARGET);
const proxyFix = parseProxyFix(process.env.VITE_PROXY_FIX);

export default defineConfig({
  plugins: [vue()],
  server: {
    host: process.env.VITE_HOST ?? '127.0.0.1',
    port: 5173,
    strictPort: true,
    // The spike's dev setup: the browser talks to Vite, which proxies /api to the backend.
    proxy: { '/api': { target: apiTarget, changeOrigin: true, configure: sseProxyFix(proxyFix) } },
  },
  build: { outDir: 'dist', emptyOutDir: true },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.spec.ts', 'dev-proxy/**/*.spec.ts'],
  },
});
