// The UI builds into apps/web/dist; the server serves it at `/`. Hash routing, so no server
// fallback is needed, and relative asset paths, so the files work wherever they are mounted.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev -w @tokpost/web` against a running `tokpost serve`.
    proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' },
  },
});
