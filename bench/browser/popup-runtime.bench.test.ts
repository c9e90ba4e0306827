// `npm run bench`: what the Cart Recovery pop-up costs a storefront at run time, in Debian's
// Chromium (playwright-core), on a production build of bench/browser/storefront.tsx (React
// included, NODE_ENV=production) served on 127.0.0.1:
// - script time per 1,000 mouse moves and per 100 keystrokes with the pop-up waiting for its
//   trigger (fadeIn, exit intent and inactivity armed) against the same page without it, as the
//   median of paired ratios over interleaved rounds in one run (goal: at most 1.1);
// - mount -> dialog painted, and in how many frames after it the Amazon button is ready;
// - event listeners on document and <body> before mount, while waiting, open, and after unmount;
// - the JS heap across 1,500 mount/open/unmount cycles (flat after warm-up), beside the same page's cycles
//   without the pop-up (the control: what React and Chromium keep by themselves).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { launchBrowser } from '../../test/e2e/harness';
import { report } from '../report';

const ROUNDS = 5;
const MOVES = 1000;
const KEYS = 100;
const CYCLES = 1500;

let server: Server;
let origin = '';
let browser: Browser;

beforeAll(async () => {
  const result = await build({
    entryPoints: { storefront: resolve(import.meta.dirname, 'storefront.tsx') },
    outdir: '/out',
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    write: false,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.css': 'empty' },
  });
  const files = new Map(result.outputFiles.map((file) => [file.path.replace(/^\/out/, ''), file.text]));
  files.set(
    '/',
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body><div id="app"></div><script type="module" src="/storefront.js"></script></body></html>',
  );
  server = createServer((request, response) => {
    const body = files.get(request.url ?? '/');
    if (body === undefined) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': request.url === '/' ? 'text/html' : 'text/javascript' }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
});

async function openPage(): Promise<{ page: Page; cdp: CDPSession }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.route(
    (url) => url.origin !== origin,
    (route) => route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  await page.goto(origin);
  await page.waitForFunction(() => window.bench !== undefined);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

async function scriptMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((metric) => metric.name === 'ScriptDuration')?.value ?? 0) * 1000;
}

/** Script time the browser spent while `act` ran, in ms. */
async function scriptTimeOf(cdp: CDPSession, act: () => Promise<void>): Promise<number> {
  const before = await scriptMs(cdp);
  await act();
  return (await scriptMs(cdp)) - before;
}

/**
 * Real input events through the DevTools protocol, one at a time (each waits until the page handled
 * it), as a hand moves and types: sent back to back, Chromium would coalesce the mouse moves.
 */
async function mouseMoves(page: Page, cdp: CDPSession): Promise<void> {
  const boxes = await page
    .locator('[data-product]')
    .evaluateAll((items) =>
      items.map((item) => item.getBoundingClientRect()).map((box) => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 })),
    );
  for (let index = 0; index < MOVES; index++) {
    const box = boxes[index % boxes.length]!;
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: box.x + (index % 3), y: box.y });
  }
  await settled(page);
}

async function keystrokes(page: Page, cdp: CDPSession): Promise<void> {
  await page.getByLabel('Full name').focus();
  for (let index = 0; index < KEYS; index++) {
    // Nine letters, then a Backspace: the field keeps changing without growing without end.
    const key =
      index % 10 === 9
        ? { key: 'Backspace', code: 'Backspace', windowsVirtualKeyCode: 8 }
        : { key: 'a', code: 'KeyA', windowsVirtualKeyCode: 65 };
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key, ...(key.key === 'a' ? { text: 'a' } : {}) });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
  }
  await settled(page);
}

/** The page's reaction is over: a frame and a task after the last event (effects and renders flushed). */
function settled(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0))));
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number): string => value.toFixed(1);

it('pop-up waiting vs no pop-up: script time per input', { timeout: 900_000 }, async () => {
  const plain = await openPage();
  const withPopup = await openPage();
  await plain.page.evaluate(() => window.bench.mount());
  await withPopup.page.evaluate(() => window.bench.mount({ fadeIn: 600 }));
  // Let both settle (the pop-up preloads its dialog and checkout.js while it waits).
  await Promise.all([plain.page.waitForTimeout(1000), withPopup.page.waitForTimeout(1000)]);
  const samples = { plainMoves: [] as number[], popupMoves: [] as number[], plainKeys: [] as number[], popupKeys: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    // Interleaved, and the order flipped every round, so drift in the machine's load hits both alike.
    const order = round % 2 === 0 ? [plain, withPopup] : [withPopup, plain];
    for (const side of order) {
      const moves = await scriptTimeOf(side.cdp, () => mouseMoves(side.page, side.cdp));
      const keys = await scriptTimeOf(side.cdp, () => keystrokes(side.page, side.cdp));
      (side === plain ? samples.plainMoves : samples.popupMoves).push(moves);
      (side === plain ? samples.plainKeys : samples.popupKeys).push(keys);
    }
  }
  // Paired per round (both sides measured back to back), so a busy moment of the machine cancels out.
  const ratio = (popup: readonly number[], plain: readonly number[]): string =>
    median(popup.map((value, index) => value / plain[index]!)).toFixed(3);
  const popupStillWaiting = await withPopup.page.evaluate(() => document.querySelector('dialog') === null);
  report(`Pop-up waiting vs none, script time (Chromium, production build; ${ROUNDS} interleaved rounds, medians)`, [
    [`${MOVES} mouse moves, no pop-up`, ms(median(samples.plainMoves)), 'ms'],
    [`${MOVES} mouse moves, pop-up waiting`, ms(median(samples.popupMoves)), 'ms'],
    ["  ratio (median of the rounds' ratios)", ratio(samples.popupMoves, samples.plainMoves), 'goal <= 1.1'],
    [`${KEYS} keystrokes, no pop-up`, ms(median(samples.plainKeys)), 'ms'],
    [`${KEYS} keystrokes, pop-up waiting`, ms(median(samples.popupKeys)), 'ms'],
    ["  ratio (median of the rounds' ratios)", ratio(samples.popupKeys, samples.plainKeys), 'goal <= 1.1'],
    ['pop-up still waiting at the end', String(popupStillWaiting), ''],
  ]);
  await plain.page.context().close();
  await withPopup.page.context().close();
});

it('mount -> dialog painted, and the button ready in the same frame', { timeout: 120_000 }, async () => {
  const rows: [string, string, string][] = [];
  for (const fadeIn of [0, 1]) {
    const { page } = await openPage();
    const result = await page.evaluate((seconds) => window.bench.open(seconds), fadeIn);
    rows.push([
      `fadeIn ${fadeIn}: mount -> dialog painted`,
      ms(result.dialogPaintedMs),
      fadeIn === 0 ? 'ms (dialog chunk and checkout.js load after mount)' : 'ms (fadeIn 1000 ms included)',
    ]);
    rows.push([
      `fadeIn ${fadeIn}: frames from dialog to ready button`,
      String(result.framesFromDialogToButton),
      '0 = ready the frame the dialog opens',
    ]);
    await page.context().close();
  }
  report('Pop-up opening (Chromium, production build, checkout.js takes 300 ms)', rows);
});

async function listenerCount(cdp: CDPSession, expression: 'document' | 'document.body'): Promise<number> {
  const { result } = await cdp.send('Runtime.evaluate', { expression });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
  await cdp.send('Runtime.releaseObject', { objectId: result.objectId! });
  return listeners.length;
}

it('listeners on document and <body>', { timeout: 120_000 }, async () => {
  const { page, cdp } = await openPage();
  const rows: [string, string, string][] = [];
  const count = async (label: string): Promise<void> => {
    rows.push([label, `${await listenerCount(cdp, 'document')} / ${await listenerCount(cdp, 'document.body')}`, 'document / body']);
  };
  await count('before mount');
  await page.evaluate(() => window.bench.mount({ fadeIn: 600 }));
  await page.waitForTimeout(500);
  await count('pop-up waiting');
  await page.evaluate(() => window.bench.unmount());
  await page.evaluate(() => window.bench.mount({ fadeIn: 0 }));
  await page.waitForSelector('dialog.arp-popup[open]');
  await count('pop-up open');
  await page.evaluate(() => window.bench.unmount());
  await count('after unmount');
  report('Event listeners (Chromium DevTools protocol, DOMDebugger.getEventListeners)', rows);
  await page.context().close();
});

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

it(`heap across ${CYCLES} mount/open/unmount cycles, and the same page's cycles without the pop-up`, { timeout: 600_000 }, async () => {
  const rows: [string, string, string][] = [];
  const readings = async (withPopup: boolean): Promise<string[]> => {
    const { page, cdp } = await openPage();
    const values = [(await heapMb(cdp)).toFixed(2)];
    let done = 0;
    for (const until of [100, 500, 1000, CYCLES]) {
      await page.evaluate(([count, popup]) => window.bench.cycles(count, popup), [until - done, withPopup] as const);
      done = until;
      values.push((await heapMb(cdp)).toFixed(2));
    }
    if (withPopup) rows.push(['listeners on body after the last cycle', String(await listenerCount(cdp, 'document.body')), '']);
    await page.context().close();
    return values;
  };
  const popup = await readings(true);
  const plain = await readings(false);
  const growth = (values: readonly string[]): string => (Number(values.at(-1)) - Number(values[1])).toFixed(2);
  rows.unshift(
    ['with the pop-up, after 0 / 100 (warm-up) / 500 / 1,000 / 1,500 cycles', popup.join(' / '), 'MB used'],
    ['without it (control), same cycles', plain.join(' / '), 'MB used'],
    ['growth after warm-up (100 -> 1,500): pop-up / control', `${growth(popup)} / ${growth(plain)}`, 'MB'],
  );
  report(`Heap across ${CYCLES} cycles (each: mount, with the pop-up fadeIn 0 and its dialog open, unmount; GC before each reading)`, rows);
});
