import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the built demo served by Vite's preview server, e.g. http://127.0.0.1:41234 */
    demoUrl: string;
  }
}

const configFile = resolve(import.meta.dirname, '../../demo/vite.config.ts');

/** Builds the demo once and serves it on 127.0.0.1 on a free port for every e2e file. */
export default async function setup(project: TestProject) {
  const outDir = await mkdtemp(join(tmpdir(), 'arp-demo-'));
  // What a shop deploys: the production build. Vitest sets NODE_ENV=test, and Vite (its define, the JSX transform)
  // builds for the NODE_ENV it finds: with `test` the journeys ran React's development build, StrictMode's double
  // effects included (the pop-up closed and showed again as it opened).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile, logLevel: 'warn', build: { outDir, sourcemap: false } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const server = await preview({
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('The demo preview server has no TCP address.');
  project.provide('demoUrl', `http://127.0.0.1:${address.port}`);
  return async () => {
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  };
}
