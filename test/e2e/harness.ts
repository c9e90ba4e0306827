import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject, type TestContext } from 'vitest';
import { CHROMIUM_ARGS } from '../support/chromium-args.mjs';

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/e2e');

/**
 * Launches the system Chromium. Playwright gives every launch a fresh temporary
 * profile (its own --user-data-dir), removed on close.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

function fileSafe(name: string): string {
  return name
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 120);
}

export interface OpenOptions {
  /**
   * The page's timers and Date on Playwright's clock (`page.clock`), running at the real rate until the test
   * pauses or moves it: a journey that waits out a delay (fadeIn, a retry's countdown) jumps over it instead.
   */
  readonly clock?: boolean;
}

/**
 * A browser context on the demo: its viewport, and no request leaves 127.0.0.1 (a request for Amazon's real
 * scripts fails like an ad blocker would).
 */
async function demoContext(browser: Browser, origin: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.route(
    (url) => url.origin !== origin,
    (route) => route.abort('blockedbyclient'),
  );
  return context;
}

/**
 * Opens the demo at `path` in a fresh page for the running test (`test` is its context, so concurrent tests
 * stay apart). A journey on the page's clock gets a browser context of its own (Playwright's clock is the
 * context's); the others open their page in the file's shared context: the kit and the demo keep their state
 * in the tab (sessionStorage, memory), never in cookies or localStorage, so pages of one context share
 * nothing, and a page costs Chromium far less than a context with its page. When the test fails, a
 * full-page screenshot goes to test-results/e2e/<describe>-<test name>.png and the page's errors to stderr.
 */
async function openPage(
  shared: () => Promise<BrowserContext>,
  browser: Browser,
  test: TestContext,
  path: string,
  options: OpenOptions,
): Promise<Page> {
  const origin = inject('demoUrl');
  const own = options.clock ? await demoContext(browser, origin) : undefined;
  const page = await (own ?? (await shared())).newPage();
  // Limits for a loaded 2-core machine, not speed checks (a step returns as soon as it can): a full run with three
  // files at a time beside other work missed 10 s on a step after a click (load 8-17); a page load waits for the
  // demo's chunks and simulated scripts, which alone took over 10 s.
  page.setDefaultTimeout(20_000);
  page.setDefaultNavigationTimeout(30_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const testName = [test.task.suite?.name, test.task.name].filter(Boolean).join(' ');
  // One hook, so the screenshot is taken before the page closes.
  test.onTestFinished(async ({ task }) => {
    if (task.result?.state === 'fail') {
      await mkdir(SCREENSHOTS, { recursive: true });
      const path = resolve(SCREENSHOTS, `${fileSafe(testName)}.png`);
      await page
        .screenshot({ path, fullPage: true })
        .catch((error: unknown) => console.error(`No screenshot for "${testName}": ${String(error)}`));
      if (errors.length) console.error(`Page errors in "${testName}":\n${errors.join('\n')}`);
    }
    await (own ?? page).close();
  });
  if (own) await page.clock.install();
  await page.goto(origin + path);
  return page;
}

/**
 * One browser per test file, launched before its tests and closed after;
 * returns `open(test, path)` to open the demo in a fresh page.
 */
export function demoInBrowser(): (test: TestContext, path: string, options?: OpenOptions) => Promise<Page> {
  let browser: Browser | undefined;
  let shared: Promise<BrowserContext> | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return (test, path, options = {}) => {
    if (!browser) throw new Error('The browser is not running (beforeAll failed?).');
    const running = browser;
    return openPage(() => (shared ??= demoContext(running, inject('demoUrl'))), running, test, path, options);
  };
}

/**
 * The visible DeclineRecovery screen (its message, wallet and actions). Its live regions announce a state
 * only when focus did not move to the message, so journeys look at what the buyer sees instead.
 */
export function declineScreen(page: Page) {
  return page.locator('.arp-decline');
}
