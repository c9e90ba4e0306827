import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repo = resolve(import.meta.dirname, '..');

/**
 * The demo storefront, built from the kit's own sources (no build step, no
 * network): `react-amazon-pay-recovery` resolves to ../src.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^react-amazon-pay-recovery\/testing$/, replacement: resolve(repo, 'src/testing/index.ts') },
      { find: /^react-amazon-pay-recovery\/button$/, replacement: resolve(repo, 'src/button.ts') },
      { find: /^react-amazon-pay-recovery\/wallet$/, replacement: resolve(repo, 'src/wallet.ts') },
      { find: /^react-amazon-pay-recovery\/report$/, replacement: resolve(repo, 'src/report.ts') },
      { find: /^react-amazon-pay-recovery\/events$/, replacement: resolve(repo, 'src/events.ts') },
      { find: /^react-amazon-pay-recovery\/report\.css$/, replacement: resolve(repo, 'src/styles/report.css') },
      { find: /^react-amazon-pay-recovery$/, replacement: resolve(repo, 'src/index.ts') },
    ],
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { outDir: resolve(repo, 'dist-demo'), emptyOutDir: true, sourcemap: true },
});
