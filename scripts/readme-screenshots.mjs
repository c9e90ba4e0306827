#!/usr/bin/env node
// Takes the README's pictures from the demo storefront in Debian's Chromium
// (playwright-core, no downloaded browser) and writes them to docs/images/:
//   cart-recovery-popup.png  the pop-up after a card decline
//   decline-recovery.png     an Amazon Pay hard decline: the re-bound wallet
// Run it after a visible change: `node scripts/readme-screenshots.mjs`.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const root = resolve(import.meta.dirname, '..');
const images = resolve(root, 'docs/images');
mkdirSync(images, { recursive: true });

const server = await createServer({ configFile: resolve(root, 'demo/vite.config.ts'), logLevel: 'warn', server: { host: '127.0.0.1', port: 0, strictPort: false } });
await server.listen();
const address = server.httpServer?.address();
if (!address || typeof address === 'string') throw new Error('The demo server has no TCP address.');
const origin = `http://127.0.0.1:${address.port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 720 }, deviceScaleFactor: 1 });
  await context.route((url) => url.origin !== origin, (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();

  // A card decline in the shop's own checkout, then the pop-up offers Amazon Pay.
  await page.goto(`${origin}/checkout?fadeIn=0&card=decline&latency=0`);
  await page.getByRole('button', { name: /^Pay / }).click();
  const popup = page.getByRole('dialog');
  await popup.waitFor();
  await popup.getByRole('button', { name: 'Amazon Pay' }).waitFor();
  await page.waitForTimeout(1200); // the 1 s fade-in
  await page.screenshot({ path: resolve(images, 'cart-recovery-popup.png') });

  // Pay with Amazon Pay, declined (InvalidPaymentMethod, hard): the wallet comes back bound to the same order.
  await page.goto(`${origin}/?decline=InvalidPaymentMethod:hard&mode=sync&latency=0`);
  await page.getByRole('link', { name: 'Pay with Amazon Pay' }).or(page.getByRole('button', { name: 'Pay with Amazon Pay' })).first().click();
  await page.getByRole('radio', { name: /Visa •••• 1111/ }).waitFor();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByRole('radio', { name: /Declined/ }).waitFor();
  // The shop's page box down to its last button (the test panel beside it makes <main> taller).
  const main = await page.locator('main').boundingBox();
  const last = await page.getByRole('button', { name: 'Pay another way' }).boundingBox();
  if (!main || !last) throw new Error('The decline page did not render.');
  const clip = { x: main.x - 8, y: main.y - 8, width: main.width + 16, height: last.y + last.height + 32 - main.y };
  await page.screenshot({ path: resolve(images, 'decline-recovery.png'), clip, fullPage: true });
  console.log(`Wrote ${resolve(images, 'cart-recovery-popup.png')} and decline-recovery.png`);
} finally {
  await browser.close();
  await server.close();
}
