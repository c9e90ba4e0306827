#!/usr/bin/env node
// A new merchant's first hour, run by CI: pack the kit, create a fresh Vite
// React-TS app and a fresh Next.js App Router app from the registry's
// templates, paste the docs' files into them unchanged (the README's
// Quickstart; docs/nextjs.md's App Router checkout; docs/server.md's server
// files) and build both with no Amazon environment variable set. Then walk
// each built checkout in Chromium, offline, as a buyer: the pop-up after the
// card decline, Amazon's page, a declined and a paid return, and a hard
// decline recovered in the wallet (walkQuickstart). A server-only install
// (Express, no React) runs docs/server.md's Express and node:http files with
// the command that page gives. Prints the newcomer's time from `create` to
// the walked page, for Vite and for Next.js.
//
// Needs the npm registry (templates, React, Vite, Next.js, express); nothing
// else leaves the machine. The browser is Debian's Chromium (CHROMIUM_PATH).
// `npm run test:ssr` stays separate: its fixture app prerenders the kit's
// components with Next's defaults of before Cache Components.
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildAndPack, npm, root, run } from './pack-kit.mjs';
import { CHROMIUM_ARGS } from '../test/support/chromium-args.mjs';

// Pinned so CI fails for our changes, not for a new template; raise them deliberately.
const CREATE_VITE = process.env.CREATE_VITE_VERSION ?? '9.3.0';
const CREATE_NEXT_APP = process.env.CREATE_NEXT_APP_VERSION ?? '16.4.3';
const SERVER_PEERS = ['fast-xml-parser', '@amazonpay/amazon-pay-api-sdk-nodejs'];
// The README's server files every framework file imports.
const SHARED_SERVER_FILES = ['amazon-pay-config.ts', 'shop.ts'];

// No Amazon key, no shop origin: both apps must build without them.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AMAZON_|SHOP_ORIGIN$)/.test(name)));
Object.assign(env, {
  NEXT_TELEMETRY_DISABLED: '1',
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_loglevel: 'error',
});
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

// --- What the README tells a merchant to paste -------------------------------------------
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const serverDoc = readFileSync(join(root, 'docs/server.md'), 'utf8');
const nextDoc = readFileSync(join(root, 'docs/nextjs.md'), 'utf8');
const testingDoc = readFileSync(join(root, 'docs/testing.md'), 'utf8');
function docBlock(marker, text = readme, name = 'README.md') {
  const match = new RegExp(`${marker.replace(/[[\]().]/g, '\\$&')}\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\n`).exec(text);
  if (!match) throw new Error(`${name} has no code block after ${marker}`);
  return match[1];
}
const quickstartPath = /<!-- quickstart: (\S+) -->/.exec(readme)?.[1];
if (!quickstartPath) throw new Error('README.md has no <!-- quickstart: path --> block.');
const quickstart = docBlock(`<!-- quickstart: ${quickstartPath} -->`);
const serverFile = (name) => docBlock(`<!-- example: examples/server/${name} -->`, serverDoc, 'docs/server.md');
// docs/nextjs.md's App Router checkout: `<!-- next: app/... -->` above each file.
const nextFiles = [...nextDoc.matchAll(/<!-- next: (\S+) -->/g)].map(([, path]) => [
  path,
  docBlock(`<!-- next: ${path} -->`, nextDoc, 'docs/nextjs.md'),
]);
if (nextFiles.length === 0) throw new Error('docs/nextjs.md has no <!-- next: path --> blocks.');

const NEXT_LAYOUT = `import type { ReactNode } from 'react';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`;

const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length); // vite | next | server, for debugging
const work = mkdtempSync(join(tmpdir(), 'arp-consumer-'));
const timings = [];
try {
  const tarball = buildAndPack(env);
  if (!only || only === 'vite') {
    const started = Date.now();
    viteApp(tarball);
    await withServedPage(staticServer(join(work, 'vite-app/dist')), (page, origin) => walkQuickstart(page, origin, '/'));
    timings.push(['Vite: create -> working pop-up and recovered decline (built, walked in Chromium)', seconds(Date.now() - started)]);
    testingPage();
    nodeServers();
  }
  if (!only || only === 'next') {
    const started = Date.now();
    const next = nextApp(tarball);
    await withServedPage(await nextStart(next), (page, origin) => walkQuickstart(page, origin, '/checkout'));
    timings.push([
      'Next.js: create -> working pop-up and recovered decline (next build, next start, walked in Chromium)',
      seconds(Date.now() - started),
    ]);
  }
  if (!only || only === 'server') await serverOnly(tarball);
  console.log(
    "\nConsumer check passed: the README's Quickstart and docs/nextjs.md's checkout work offline in fresh Vite and Next.js apps (pop-up, declined and paid returns, a hard decline recovered), the server files build with no Amazon keys, and a server-only install without React runs the Express and node:http files.",
  );
  for (const [what, time] of timings) console.log(`  ${what}: ${time}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** The offline quickstart in a fresh Vite React-TS app. */
function viteApp(tarball) {
  run(npm, ['exec', '--yes', '--', `create-vite@${CREATE_VITE}`, 'vite-app', '--template', 'react-ts', '--no-interactive'], work, env);
  const vite = join(work, 'vite-app');
  run(npm, ['install'], vite, env);
  run(npm, ['install', tarball], vite, env);
  writeFileSync(join(vite, quickstartPath), quickstart);
  run(npm, ['run', 'build'], vite, env);
}

/** docs/testing.md's test, with the dev dependencies that page lists, run by Vitest in the Vite app. */
function testingPage() {
  const vite = join(work, 'vite-app');
  const install = /```sh\n(npm install --save-dev [^\n]+)\n```/.exec(testingDoc)?.[1];
  if (!install) throw new Error('docs/testing.md has no `npm install --save-dev ...` block.');
  run(npm, install.split(' ').slice(1), vite, env);
  const testPath = /<!-- test: (\S+) -->/.exec(testingDoc)?.[1];
  if (!testPath) throw new Error('docs/testing.md has no <!-- test: path --> block.');
  writeFileSync(join(vite, testPath), docBlock(`<!-- test: ${testPath} -->`, testingDoc, 'docs/testing.md'));
  run(process.execPath, [join(vite, 'node_modules/vitest/vitest.mjs'), 'run'], vite, env);
  console.log(`  docs/testing.md's ${testPath} passes in the Vite app with the dev dependencies that page lists.`);
}

/** The Express and plain Node servers, type-checked in the Vite app with the template's Node settings. */
function nodeServers() {
  const vite = join(work, 'vite-app');
  mkdirSync(join(vite, 'server'));
  for (const name of [...SHARED_SERVER_FILES, 'express.ts', 'node.ts']) writeFileSync(join(vite, 'server', name), serverFile(name));
  // The template's Node settings, with bundler resolution: the examples import each other without
  // file extensions, as a server run through a bundler or tsx does (plain `node` ESM would need `.js`).
  const compilerOptions = { tsBuildInfoFile: null, module: 'esnext', moduleResolution: 'bundler' };
  writeFileSync(
    join(vite, 'server/tsconfig.json'),
    JSON.stringify({ extends: '../tsconfig.node.json', compilerOptions, include: ['.'] }, null, 2),
  );
  run(npm, ['install', 'express', '@types/express', ...SERVER_PEERS], vite, env);
  run(process.execPath, [join(vite, 'node_modules/typescript/bin/tsc'), '-p', 'server'], vite, env);
}

/** The route handler in a fresh Next.js App Router app, built with no keys. */
function nextApp(tarball) {
  run(
    npm,
    [
      'exec',
      '--yes',
      '--',
      `create-next-app@${CREATE_NEXT_APP}`,
      'next-app',
      '--ts',
      '--app',
      '--no-tailwind',
      '--no-eslint',
      '--no-src-dir',
      '--no-react-compiler',
      '--import-alias',
      '@/*',
      '--use-npm',
      '--skip-install',
      '--disable-git',
      '--no-agents-md',
      '--no-agent-feedback',
      '--yes',
    ],
    work,
    env,
  );
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
  for (const [path, code] of nextFiles) {
    mkdirSync(dirname(join(next, path)), { recursive: true });
    writeFileSync(join(next, path), code);
  }
  const output = run(process.execPath, [join(next, 'node_modules/next/dist/bin/next'), 'build'], next, env);
  console.log(
    output
      .trim()
      .split('\n')
      .map((line) => `  | ${line}`)
      .join('\n'),
  );
  timings.push(['Next.js: npm install -> next build done', seconds(Date.now() - started)]);
  for (const listed of ['/api/amazon-pay/[...path]', '/checkout', '/checkout/amazon-return']) {
    if (!output.includes(listed)) throw new Error(`next build did not list the route ${listed}.`);
  }
  return next;
}

/** `next start` on a free loopback port; resolves with its origin and a stop function. */
async function nextStart(next) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(next, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: next,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(origin, child, 'next start');
  return { origin, stop: () => child.kill() };
}

/** Serves a built single-page app on loopback (unknown paths get index.html, as Vite's preview does). */
function staticServer(dist) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  const server = createServer((request, response) => {
    const path = join(dist, decodeURIComponent(new URL(request.url, 'http://localhost').pathname));
    const file = path.startsWith(dist) && existsSync(path) && extname(path) ? path : join(dist, 'index.html');
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((listening) =>
    server.listen(0, '127.0.0.1', () => listening({ origin: `http://127.0.0.1:${server.address().port}`, stop: () => server.close() })),
  );
}

/** Opens a served app in Chromium with every request to another origin aborted; fails on a page error or a logged error. */
async function withServedPage(served, walk) {
  const { origin, stop } = await served;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext();
    const leaving = [];
    await context.route(
      (url) => url.origin !== origin,
      (request) => {
        leaving.push(request.request().url());
        return request.abort('blockedbyclient');
      },
    );
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await walk(page, origin);
    if (errors.length) throw new Error(`The page threw: ${errors.join('; ')}`);
    if (consoleErrors.length) throw new Error(`The page logged errors: ${consoleErrors.join('; ')}`);
    if (leaving.length) throw new Error(`The offline page requested other origins: ${leaving.join(', ')}`);
    console.log(
      `  ${origin}: pop-up, simulated Amazon page with the address, a declined and a paid return, and a hard decline recovered in the wallet, offline.`,
    );
  } finally {
    await browser.close();
    stop();
  }
}

/**
 * A server-only install (a shop whose browser code lives elsewhere): the kit, Express and the
 * server peers, no React. docs/server.md's Express and node:http files run with the command
 * that page gives (`npx tsx --env-file=.env server/<file>.ts`) and answer the contract.
 */
async function serverOnly(tarball) {
  const dir = join(work, 'server-only');
  mkdirSync(join(dir, 'server'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'shop-server', private: true, type: 'module' }, null, 2));
  run(npm, ['install', tarball, 'express', ...SERVER_PEERS], dir, env);
  run(npm, ['install', '--save-dev', 'tsx', '@types/express'], dir, env);
  for (const name of ['react', 'react-dom']) {
    if (existsSync(join(dir, 'node_modules', name)))
      throw new Error(`A server-only install pulled ${name} (react and react-dom must be optional peers).`);
  }
  for (const name of [...SHARED_SERVER_FILES, 'express.ts', 'node.ts']) writeFileSync(join(dir, 'server', name), serverFile(name));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).trim();
  const variables = {
    AMAZON_PAY_SELLER_ID: 'A1B2C3D4E5F6G7',
    AMAZON_PAY_STORE_ID: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
    AMAZON_PAY_PUBLIC_KEY_ID: 'SANDBOX-AEXAMPLEPUBLICKEY0123456789',
    AMAZON_PAY_PRIVATE_KEY: pem,
    AMAZON_PAY_ACCESS_KEY: 'AKIAEXAMPLEEXAMPLE',
    AMAZON_PAY_SECRET_KEY: 'example-secret-key',
    AMAZON_PAY_REGION: 'uk',
    AMAZON_PAY_SANDBOX: 'true',
    SHOP_ORIGIN: 'https://shop.example',
  };
  writeFileSync(
    join(dir, '.env'),
    Object.entries(variables)
      .map(([name, value]) => `${name}="${value}"`)
      .join('\n') + '\n',
  );
  for (const file of ['express.ts', 'node.ts']) {
    const port = await freePort();
    const command = ['tsx', '--env-file=.env', `server/${file}`];
    console.log(`$ PORT=${port} npx ${command.join(' ')}   (in ${dir})`);
    const child = spawn(join(dir, 'node_modules/.bin/tsx'), command.slice(1), {
      cwd: dir,
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const origin = `http://127.0.0.1:${port}`;
      await waitForHttp(origin, child, file);
      // No session cookie: the example's canAccess finds no order of this buyer, so 403 and nothing done.
      const reply = await fetch(`${origin}/api/amazon-pay/order-references/S01-1234567-1234567`);
      const body = await reply.json();
      if (reply.status !== 403 || body?.error?.code !== 'Forbidden')
        throw new Error(`${file}: expected 403 Forbidden from the handler, got ${reply.status} ${JSON.stringify(body)}`);
      console.log(`  ${file} runs (tsx, no React installed) and answers the contract: 403 Forbidden for another buyer's order.`);
    } finally {
      child.kill();
    }
  }
}

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Waits until `origin` answers HTTP, or fails with the child's output if it exits first. */
async function waitForHttp(origin, child, name) {
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${name} exited before listening:\n${output}`);
    try {
      await fetch(origin);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  child.kill();
  throw new Error(`${name} did not listen on ${origin} within 60 s:\n${output}`);
}

/**
 * The README's "What to try", as a buyer: the pop-up after the card decline, Amazon's page
 * with the typed address, Pay now with the declining Amex (the return page says Declined),
 * again with the Visa (paid), then the Amazon Pay order whose card declines: the wallet
 * again with the Amex marked, the Visa chosen, Place order, approved.
 */
async function walkQuickstart(page, origin, checkoutPath) {
  const checkout = new URL(checkoutPath, origin).href;
  await page.goto(checkout);
  const payOnAmazon = async (method) => {
    // A return page of its own (Next.js) has no card button: back to the checkout.
    if (new URL(page.url()).pathname !== checkoutPath) await page.goto(checkout);
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
  if (new URL(page.url()).pathname !== checkoutPath) await page.goto(checkout);

  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByRole('radio', { name: /Amex •••• 0005.*Declined/ }).waitFor();
  await page.getByRole('radio', { name: /Visa •••• 1111/ }).check();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page
    .locator('.arp-decline[data-state="approved"] .arp-decline__title', { hasText: 'Thank you! Your payment was approved.' })
    .waitFor();
}
