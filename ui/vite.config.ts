/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  // The server serves dist/ from the classpath folder /public at `/` (with an SPA fallback to
  // index.html), so assets must be referenced absolutely as /assets/..., whatever the page path.
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
  },
  server: {
    // `npm run dev` talks to a Glasshouse server running on its default port; when it is not
    // running, Vite's proxy answers 502 and the page says the server is unreachable.
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: true },
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
