#!/usr/bin/env node
// Takes the README's pictures from the demo storefront in Debian's Chromium
// (playwright-core, no downloaded browser) and writes them to docs/images/:
//   cart-recovery-popup.png  the pop-up after a card decline
//   decline-recovery.png     an Amazon Pay hard decline: the re-bound wallet
//   recovery-report.png      the admin page's recovery report of the demo's own orders (a few journeys in one
//                            page session: the sandbox is the shop's server, in the page)
// Run it after a visible change: `node scripts/readme-screenshots.mjs`.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM_ARGS } from '../test/support/chromium-args.mjs';

const root = resolve(import.meta.dirname, '..');
const images = resolve(root, 'docs/images');
mkdirSync(images, { recursive: true });

const server = await createServer({
  configFile: resolve(root, 'demo/vite.config.ts'),
  logLevel: 'warn',
  server: { host: '127.0.0.1', port: 0, strictPort: false },
});
await server.listen();
const address = server.httpServer?.address();
if (!address || typeof address === 'string') throw new Error('The demo server has no TCP address.');
const origin = `http://127.0.0.1:${address.port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_ARGS,
});
/** An in-page navigation (the demo's router listens to popstate): the sandbox's memory stays. */
const go = (page, path) =>
  page.evaluate((to) => {
    const window = globalThis;
    window.history.pushState(null, '', to);
    window.dispatchEvent(new window.PopStateEvent('popstate'));
  }, path);
const decline = (page, value) => page.getByLabel('Decline to simulate').selectOption(value);
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 720 }, deviceScaleFactor: 1 });
  await context.route(
    (url) => url.origin !== origin,
    (route) => route.abort('blockedbyclient'),
  );
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
  await page
    .getByRole('link', { name: 'Pay with Amazon Pay' })
    .or(page.getByRole('button', { name: 'Pay with Amazon Pay' }))
    .first()
    .click();
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

  // The recovery report: journeys in one page session, then the admin page.
  {
    const page = await context.newPage();
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
    await page
      .locator('.test-panel')
      .evaluate((panel) => panel.remove())
      .catch(() => undefined);
    await report.screenshot({ path: resolve(images, 'recovery-report.png') });
    console.log(`Wrote ${resolve(images, 'recovery-report.png')}`);
  }
} finally {
  await browser.close();
  await server.close();
}
