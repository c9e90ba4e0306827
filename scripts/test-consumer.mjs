#!/usr/bin/env node
// A new merchant's first ten minutes, run by CI: pack the kit, create a fresh
// Vite React-TS app and a fresh Next.js App Router app from the registry's
// templates, paste the README's quickstart and server files into them
// unchanged (extracted from README.md), and build both with no Amazon
// environment variable set. Then open the Vite app's built page in Chromium,
// offline, and go from the card decline to the simulated Amazon page.
// Prints the time from `npm install` to that working offline page.
//
// Needs the npm registry (templates, React, Vite, Next.js, express); nothing
// else leaves the machine. The browser is Debian's Chromium (CHROMIUM_PATH).
// `npm run test:ssr` stays separate: its fixture app prerenders the kit's
// components with Next's defaults of before Cache Components.
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildAndPack, npm, root, run } from './pack-kit.mjs';

// Pinned so CI fails for our changes, not for a new template; raise them deliberately.
const CREATE_VITE = process.env.CREATE_VITE_VERSION ?? '9.3.0';
const CREATE_NEXT_APP = process.env.CREATE_NEXT_APP_VERSION ?? '16.4.3';
const SERVER_PEERS = ['fast-xml-parser', '@amazonpay/amazon-pay-api-sdk-nodejs'];
// The README's server files every framework file imports.
const SHARED_SERVER_FILES = ['amazon-pay-config.ts', 'shop.ts'];

// No Amazon key, no shop origin: both apps must build without them.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AMAZON_|SHOP_ORIGIN$)/.test(name)));
Object.assign(env, { NEXT_TELEMETRY_DISABLED: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_loglevel: 'error' });
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

// --- What the README tells a merchant to paste -------------------------------------------
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const serverDoc = readFileSync(join(root, 'docs/server.md'), 'utf8');
function docBlock(marker, text = readme, name = 'README.md') {
  const match = new RegExp(`${marker.replace(/[[\]().]/g, '\\$&')}\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\n`).exec(text);
  if (!match) throw new Error(`${name} has no code block after ${marker}`);
  return match[1];
}
const quickstartPath = /<!-- quickstart: (\S+) -->/.exec(readme)?.[1];
if (!quickstartPath) throw new Error('README.md has no <!-- quickstart: path --> block.');
const quickstart = docBlock(`<!-- quickstart: ${quickstartPath} -->`);
const serverFile = (name) => docBlock(`<!-- example: examples/server/${name} -->`, serverDoc, 'docs/server.md');

const NEXT_LAYOUT = `import type { ReactNode } from 'react';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`;

const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length); // vite | next, for debugging
const work = mkdtempSync(join(tmpdir(), 'arp-consumer-'));
const timings = [];
let viteStarted = 0;
try {
  const tarball = buildAndPack(env);
  if (only !== 'next') {
    viteApp(tarball);
    await checkOfflinePage(join(work, 'vite-app/dist'));
    nodeServers();
  }
  if (only !== 'vite') nextApp(tarball);
  console.log('\nConsumer check passed: the README quickstart works offline in a fresh Vite app, and the server files build in fresh Vite (Express, node:http) and Next.js apps with no Amazon keys.');
  for (const [what, time] of timings) console.log(`  ${what}: ${time}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** The offline quickstart in a fresh Vite React-TS app. */
function viteApp(tarball) {
  run(npm, ['exec', '--yes', '--', `create-vite@${CREATE_VITE}`, 'vite-app', '--template', 'react-ts', '--no-interactive'], work, env);
  const vite = join(work, 'vite-app');
  const installStarted = Date.now();
  run(npm, ['install'], vite, env);
  run(npm, ['install', tarball], vite, env);
  writeFileSync(join(vite, quickstartPath), quickstart);
  run(npm, ['run', 'build'], vite, env);
  timings.push(['Vite: npm install -> built page', seconds(Date.now() - installStarted)]);
  viteStarted = installStarted;
}

/** The Express and plain Node servers, type-checked in the Vite app with the template's Node settings. */
function nodeServers() {
  const vite = join(work, 'vite-app');
  mkdirSync(join(vite, 'server'));
  for (const name of [...SHARED_SERVER_FILES, 'express.ts', 'node.ts']) writeFileSync(join(vite, 'server', name), serverFile(name));
  // The template's Node settings, with bundler resolution: the examples import each other without
  // file extensions, as a server run through a bundler or tsx does (plain `node` ESM would need `.js`).
  const compilerOptions = { tsBuildInfoFile: null, module: 'esnext', moduleResolution: 'bundler' };
  writeFileSync(join(vite, 'server/tsconfig.json'), JSON.stringify({ extends: '../tsconfig.node.json', compilerOptions, include: ['.'] }, null, 2));
  run(npm, ['install', 'express', '@types/express', ...SERVER_PEERS], vite, env);
  run(process.execPath, [join(vite, 'node_modules/typescript/bin/tsc'), '-p', 'server'], vite, env);
}

/** The route handler in a fresh Next.js App Router app, built with no keys. */
function nextApp(tarball) {
  run(npm, ['exec', '--yes', '--', `create-next-app@${CREATE_NEXT_APP}`, 'next-app', '--ts', '--app', '--no-tailwind', '--no-eslint', '--no-src-dir', '--no-react-compiler', '--import-alias', '@/*', '--use-npm', '--skip-install', '--disable-git', '--no-agents-md', '--no-agent-feedback', '--yes'], work, env);
  const next = join(work, 'next-app');
  const started = Date.now();
  run(npm, ['install'], next, env);
  run(npm, ['install', tarball, ...SERVER_PEERS], next, env);
  // The template's layout loads Google Fonts at build time (network beyond the registry): a plain one.
  writeFileSync(join(next, 'app/layout.tsx'), NEXT_LAYOUT);
  const route = join(next, 'app/api/amazon-pay/[...path]/route.ts');
  mkdirSync(dirname(route), { recursive: true });
  writeFileSync(route, serverFile('next-route.ts'));
  for (const name of SHARED_SERVER_FILES) writeFileSync(join(dirname(route), name), serverFile(name));
  const output = run(process.execPath, [join(next, 'node_modules/next/dist/bin/next'), 'build'], next, env);
  console.log(output.trim().split('\n').map((line) => `  | ${line}`).join('\n'));
  timings.push(['Next.js: npm install -> next build done', seconds(Date.now() - started)]);
  if (!/\/api\/amazon-pay\/\[\.\.\.path\]/.test(output)) throw new Error('next build did not list the route /api/amazon-pay/[...path].');
}

/** Serves the built app on loopback and walks the quickstart in Chromium with every other request aborted. */
async function checkOfflinePage(dist) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  const server = createServer((request, response) => {
    const path = join(dist, decodeURIComponent(new URL(request.url, 'http://localhost').pathname));
    const file = path.startsWith(dist) && existsSync(path) && extname(path) ? path : join(dist, 'index.html');
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext();
    const leaving = [];
    await context.route((url) => url.origin !== origin, (request) => {
      leaving.push(request.request().url());
      return request.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await walkQuickstart(page, origin);
    if (errors.length) throw new Error(`The quickstart page threw: ${errors.join('; ')}`);
    if (consoleErrors.length) throw new Error(`The quickstart page logged errors: ${consoleErrors.join('; ')}`);
    if (leaving.length) throw new Error(`The offline quickstart requested other origins: ${leaving.join(', ')}`);
    timings.push(['Vite: npm install -> working pop-up and recovered decline (walked in Chromium)', seconds(Date.now() - viteStarted)]);
    console.log('  The quickstart page works offline: card declined, pop-up, simulated Amazon page with the address, a declined and a paid return, and a hard decline recovered in the wallet.');
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * The README's "What to try", as a buyer: the pop-up after the card decline, Amazon's page
 * with the typed address, Pay now with the declining Amex (the return page says Declined),
 * again with the Visa (paid), then the Amazon Pay order whose card declines: the wallet
 * again with the Amex marked, the Visa chosen, Place order, approved.
 */
async function walkQuickstart(page, origin, path = '/') {
  await page.goto(new URL(path, origin).href);
  const payOnAmazon = async (method) => {
    await page.getByRole('button', { name: /by card/ }).click();
    const popup = page.getByRole('dialog', { name: /Amazon Pay instead/ });
    await popup.getByRole('button', { name: 'Amazon Pay' }).click();
    const amazon = page.getByRole('dialog', { name: /Amazon Pay checkout \(simulated\)/ });
    await amazon.getByText('1 Market Street').waitFor();
    await amazon.getByRole('radio', { name: method }).check();
    await amazon.getByRole('button', { name: 'Pay now' }).click();
    // Amazon's redirect: a new page load, which finds the sandbox in sessionStorage.
    await page.waitForURL(/amazonCheckoutSessionId=/);
  };
  await payOnAmazon(/Amex •••• 0005/);
  await page.getByText(/Amazon Pay did not go through \(Declined\)/).waitFor();
  await payOnAmazon(/Visa •••• 1111/);
  await page.getByText(/Paid with Amazon Pay: S01-/).waitFor();

  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByRole('radio', { name: /Amex •••• 0005.*Declined/ }).waitFor();
  await page.getByRole('radio', { name: /Visa •••• 1111/ }).check();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.locator('.arp-decline[data-state="approved"] .arp-decline__title', { hasText: 'Thank you! Your payment was approved.' }).waitFor();
}
