#!/usr/bin/env node
// `npm test`: the typecheck, the lint and the format check run beside the vitest projects instead of before them
// (the browser, e2e and PostgreSQL projects spend much of their time waiting, not computing).
// `npm run test:quick` (`--quick`): the same checks with only the projects that need no browser and
// no PostgreSQL. The full run takes at least three test files at a time, the quick one two (below).
// Arguments go to vitest: `npm test -- --reporter=dot`. The checks' output is printed after
// vitest's; the exit code is non-zero if vitest or any check failed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const { scripts } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
// As npm runs a script: from the root, with the local binaries first on the PATH.
const env = { ...process.env, PATH: `${resolve(root, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}` };

function run(command, args, { capture, env: childEnv = env }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: childEnv,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      shell: args.length === 0,
    });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const QUICK_PROJECTS = ['node', 'dom', 'react18', 'react18-node'];
const quick = process.argv.includes('--quick');
const workersArg = /^--max-?workers=/i;
const vitestArgs = process.argv.slice(2).filter((arg) => arg !== '--quick' && !workersArg.test(arg));
const projects = quick ? QUICK_PROJECTS.flatMap((name) => ['--project', name]) : ['--project', '!bench*'];
// Files (and browser pages) at a time. The full run: at least three, since its PostgreSQL and e2e files mostly wait
// (on the database, child processes, scheduled retries, Chromium over a socket) while holding a slot; on the idle
// 2-core machine three took 153-156 s against 169-184 s with two (CONTRIBUTING.md, "Test time"; the 242 s once
// measured with three came from a pool deadlock in the server, since fixed). The quick run's files compute: two on
// 2 cores. Given as VITEST_MAX_WORKERS, not --maxWorkers: vitest applies the variable to every project, while
// --maxWorkers sets only the root's count, and a browser project without a count of its own opens one page
// (cores - 1) whatever the root says.
const workers =
  process.argv.find((arg) => workersArg.test(arg))?.split('=')[1] ??
  process.env.VITEST_MAX_WORKERS ??
  String(Math.max(quick ? 2 : 3, availableParallelism() - 1));

// The package.json scripts, run through the shell as npm would.
const checks = ['typecheck', 'lint', 'format:check'].map((name) => [name, run(scripts[name], [], { capture: true })]);
const vitest = await run(process.execPath, [resolve(root, 'node_modules/vitest/vitest.mjs'), 'run', ...projects, ...vitestArgs], {
  capture: false,
  env: { ...env, VITEST_MAX_WORKERS: workers },
});

let failed = vitest.code !== 0;
for (const [name, pending] of checks) {
  const { code, output } = await pending;
  if (output.trim()) process.stdout.write(`\n${name}:\n${output}`);
  process.stdout.write(`${name}: ${code === 0 ? 'passed' : 'FAILED'}\n`);
  if (code !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
