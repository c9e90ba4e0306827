#!/usr/bin/env node
// SSR consumer check: build and pack the kit, install the tarball into the
// Next.js App Router fixture (test/fixtures/next-app), run `next build`, and
// check the prerendered page holds the kit's server-rendered markup.
// Needs the npm registry (Next.js); nothing else leaves the machine.
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildAndPack, npm, root, run } from './pack-kit.mjs';

const app = join(root, 'test/fixtures/next-app');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', npm_config_update_notifier: 'false' };

const tarball = buildAndPack(env);
copyFileSync(tarball, join(app, 'react-amazon-pay-recovery.tgz'));
rmSync(dirname(tarball), { recursive: true, force: true });

// A fresh copy of the tarball every time (npm would otherwise keep the old one).
rmSync(join(app, 'node_modules/react-amazon-pay-recovery'), { recursive: true, force: true });
rmSync(join(app, '.next'), { recursive: true, force: true });
run(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], app, env);
const nextBuild = run(process.execPath, [join(app, 'node_modules/next/dist/bin/next'), 'build'], app, env);
console.log(
  nextBuild
    .trim()
    .split('\n')
    .map((line) => `  | ${line}`)
    .join('\n'),
);

const page = join(app, '.next/server/app/index.html');
if (!existsSync(page)) throw new Error(`next build produced no prerendered page at ${page}`);
const html = readFileSync(page, 'utf8');
// The pop-up renders nothing on the server (it portals into document.body in the browser).
for (const marker of ['data-testid="wallet"', 'class="arp-wallet"', 'data-testid="decline"', 'class="arp-decline"']) {
  if (!html.includes(marker)) throw new Error(`The prerendered page lacks ${marker}: the kit did not render on the server.`);
}
console.log(
  'SSR consumer check passed: next build prerendered the provider, the wallet, the decline flow and the pop-up from the packed kit.',
);
