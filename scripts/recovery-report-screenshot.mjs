#!/usr/bin/env node
// The recovery report's picture (docs/images/recovery-report.png) from the demo's own orders, in
// Debian's Chromium (playwright-core, no downloaded browser): a few journeys through the demo shop in
// one page session (the sandbox is the shop's server, in the page), then its admin page.
//   node scripts/recovery-report-screenshot.mjs
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
/** An in-page navigation (the demo's router listens to popstate): the sandbox's memory stays. */
const go = (page, path) => page.evaluate((to) => { history.pushState(null, '', to); dispatchEvent(new PopStateEvent('popstate')); }, path);
const decline = (page, value) => page.getByLabel('Decline to simulate').selectOption(value);
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  await context.route((url) => url.origin !== origin, (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));

  // 1. Pay with Amazon Pay, declined (InvalidPaymentMethod, hard); the buyer picks another method: recovered.
  await page.goto(`${origin}/amazon-pay?decline=InvalidPaymentMethod:hard&mode=sync&latency=0&retryDelay=1&asyncDelay=400&fadeIn=0`);
  await page.getByRole('radio', { name: /Visa •••• 1111/ }).waitFor();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByRole('radio', { name: /Visa •••• 1111 Declined/ }).waitFor();
  await page.getByRole('radio', { name: /Mastercard •••• 4444/ }).check();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByRole('heading', { name: 'Thank you, your order is confirmed' }).waitFor();

  // 2. The same decline on a new order; the buyer pays another way: lost.
  await go(page, '/amazon-pay');
  await page.getByRole('radio', { name: /Visa •••• 1111/ }).waitFor();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByRole('button', { name: 'Pay another way' }).click();
  await page.waitForTimeout(500);

  // 3. AmazonRejected: final, lost.
  const options = await page.getByLabel('Decline to simulate').locator('option').allTextContents();
  const rejected = options.find((label) => /AmazonRejected/.test(label));
  if (rejected) {
    await decline(page, { label: rejected });
    await go(page, '/amazon-pay');
    await page.getByRole('radio', { name: /Visa •••• 1111/ }).waitFor();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForTimeout(800);
  }

  // 4. A card decline in the shop's own checkout: the pop-up, dismissed once; the second time Amazon Pay, paid.
  for (const pay of [false, true]) {
    await go(page, '/checkout?card=decline');
    await page.getByRole('button', { name: /^Pay / }).click();
    const popup = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Amazon Pay' }) });
    await popup.waitFor();
    if (!pay) {
      await popup.getByRole('button', { name: 'Close' }).click();
      await popup.waitFor({ state: 'detached' });
      continue;
    }
    await popup.getByRole('button', { name: 'Amazon Pay' }).click();
    const hosted = page.getByRole('dialog', { name: 'Amazon Pay checkout (simulated)' });
    await hosted.getByRole('radio', { name: /Visa •••• 1111/ }).check();
    await hosted.getByRole('button', { name: 'Pay now' }).click();
    await page.getByRole('heading', { name: 'Thank you, your order is confirmed' }).waitFor({ timeout: 15_000 });
  }

  await page.getByRole('link', { name: 'Admin: recovery report' }).click();
  const report = page.locator('.arp-report');
  await report.waitFor();
  await page.locator('.test-panel').evaluate((panel) => panel.remove()).catch(() => undefined);
  await report.screenshot({ path: resolve(images, 'recovery-report.png') });
  console.log(`Wrote ${resolve(images, 'recovery-report.png')}`);
} finally {
  await browser.close();
  await server.close();
}
