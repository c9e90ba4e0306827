/// <reference types="vitest/config" />
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const external = [/^react($|\/)/, /^react-dom($|\/)/, /^node:/];
// The server entry may import node built-ins without the node: prefix.
external.push(new RegExp(`^(${builtinModules.join('|')})($|/)`));

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2020',
    sourcemap: true,
    emptyOutDir: true,
    lib: {
      entry: {
        index: resolve(import.meta.dirname, 'src/index.ts'),
        testing: resolve(import.meta.dirname, 'src/testing/index.ts'),
        server: resolve(import.meta.dirname, 'src/server/index.ts'),
      },
      formats: ['es'],
    },
    rollupOptions: {
      external,
      output: { preserveModules: false, chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
  test: {
    globals: true,
    restoreMocks: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/browser/**', 'test/e2e/**'],
        },
      },
    ],
  },
});
