import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev -w @runnerly/dashboard` serves on :5173 and sends /api to a running gateway.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/api': process.env.RUNNERLY_GATEWAY_URL ?? 'http://127.0.0.1:8080' } },
});
