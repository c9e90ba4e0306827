/**
 * Real merchant server processes for the tests and the bench: the script is
 * bundled once with esbuild (the kit's sources included; pg, pg-boss and the
 * Amazon peers left to node_modules) and each instance runs as a child
 * process on its own loopback port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '../../..');
const OUT_DIR = resolve(ROOT, 'node_modules/.cache/arp-processes');
const built = new Map<string, Promise<string>>();

/** Bundles `entry` (a path from the repository root) into an .mjs next to node_modules, once per run. */
export function bundle(entry: string): Promise<string> {
  let out = built.get(entry);
  if (!out) {
    const outfile = resolve(OUT_DIR, `${entry.replace(/[/\\.]/g, '_')}.mjs`);
    out = build({
      entryPoints: [resolve(ROOT, entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['pg', 'pg-boss', 'fast-xml-parser', '@amazonpay/*'],
      logLevel: 'error',
    }).then(() => outfile);
    built.set(entry, out);
  }
  return out;
}

export interface ChildServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Whether the process is still running. */
  alive(): boolean;
  /** What it wrote to stderr (an uncaught error's stack, say). */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts a bundled server script; resolves when it printed its URL. `args` go to node before the script (e.g. --cpu-prof). */
export async function startChildServer(entry: string, env: Record<string, string>, args: readonly string[] = []): Promise<ChildServer> {
  const script = await bundle(entry);
  const child = spawn(process.execPath, [...args, script], {
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: ROOT,
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolveUrl((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before listening: ${errors}`)));
  });
  return {
    url,
    child,
    alive: () => child.exitCode === null && child.signalCode === null,
    stderr: () => errors,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
