// Builds the kit and packs it into a tarball, as npm would publish it, for the
// consumer checks (scripts/test-ssr.mjs, scripts/test-consumer.mjs).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');
export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs a command, echoing it and its duration; returns its stdout. */
export function run(command, args, cwd, env = process.env) {
  const started = Date.now();
  console.log(`$ ${command} ${args.join(' ')}   (in ${cwd.startsWith(root) ? cwd.slice(root.length + 1) || '.' : cwd})`);
  const output = execFileSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return output;
}

/** `npm run build`, then `npm pack`; returns the tarball's absolute path (in a fresh temporary directory). */
export function buildAndPack(env = process.env) {
  run(npm, ['run', 'build', '--silent'], root, env);
  const packDir = mkdtempSync(join(tmpdir(), 'arp-pack-'));
  const [packed] = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', packDir], root, env));
  return join(packDir, packed.filename);
}
