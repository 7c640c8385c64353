import { defineConfig } from 'vite';

/** The dashboard is served by the Parley server under `/admin` (static files + SPA fallback). */
export default defineConfig({
  base: '/admin/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { target: 'es2021', outDir: 'dist', emptyOutDir: true, reportCompressedSize: false },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
      '/embed': 'http://127.0.0.1:3000',
      '/widget.js': 'http://127.0.0.1:3000',
    },
  },
});
