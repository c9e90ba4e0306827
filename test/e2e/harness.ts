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

/** The tabs of one test file: a journey without a clock gets an idle tab of the file's shared context, or a new one. */
interface Tabs {
  take(): Promise<Page>;
  /** A tab whose journey passed goes back; any other is closed (its state is unknown). */
  giveBack(page: Page, passed: boolean): Promise<void>;
}

function tabsOf(context: () => Promise<BrowserContext>, origin: string): Tabs {
  const idle: Page[] = [];
  return {
    async take() {
      const page = idle.pop();
      if (!page) return (await context()).newPage();
      // The last journey's document unloads first, then the tab's sessionStorage (the kit's and the demo's only
      // storage) is emptied: the next journey starts as in a new tab, in the tab's renderer process, which a
      // new tab would have to start (about 0.9 s of CPU each).
      await page.goto(`${origin}/favicon.svg`);
      await page.evaluate(() => sessionStorage.clear());
      return page;
    },
    async giveBack(page, passed) {
      if (passed && !page.isClosed()) idle.push(page);
      else await page.close();
    },
  };
}

/**
 * Opens the demo at `path` for the running test (`test` is its context, so concurrent tests stay apart). A
 * journey on the page's clock gets a browser context of its own (Playwright's clock is the context's); the
 * others get a tab of the file's shared context, new or left by a journey that passed (emptied first): the kit
 * and the demo keep their state in the tab (sessionStorage, memory), never in cookies or localStorage, so tabs
 * share nothing, and a reused tab costs Chromium far less than a new context or tab. When the test fails, a
 * full-page screenshot goes to test-results/e2e/<describe>-<test name>.png and the page's errors to stderr.
 */
async function openPage(tabs: Tabs, browser: Browser, test: TestContext, path: string, options: OpenOptions): Promise<Page> {
  const origin = inject('demoUrl');
  const own = options.clock ? await demoContext(browser, origin) : undefined;
  const page = own ? await own.newPage() : await tabs.take();
  // Limits for a loaded 2-core machine, not speed checks (a step returns as soon as it can): a full run with three
  // files at a time beside other work missed 10 s on a step after a click (load 8-17); a page load waits for the
  // demo's chunks and simulated scripts, which alone took over 10 s.
  page.setDefaultTimeout(20_000);
  page.setDefaultNavigationTimeout(30_000);
  const errors: string[] = [];
  const onError = (error: Error) => void errors.push(error.message);
  page.on('pageerror', onError);
  const testName = [test.task.suite?.name, test.task.name].filter(Boolean).join(' ');
  // One hook, so the screenshot is taken before the page closes.
  test.onTestFinished(async ({ task }) => {
    const passed = task.result?.state !== 'fail';
    if (!passed) {
      await mkdir(SCREENSHOTS, { recursive: true });
      const path = resolve(SCREENSHOTS, `${fileSafe(testName)}.png`);
      await page
        .screenshot({ path, fullPage: true })
        .catch((error: unknown) => console.error(`No screenshot for "${testName}": ${String(error)}`));
      if (errors.length) console.error(`Page errors in "${testName}":\n${errors.join('\n')}`);
    }
    page.off('pageerror', onError);
    if (own) await own.close();
    else await tabs.giveBack(page, passed);
  });
  if (own) await page.clock.install();
  await page.goto(origin + path);
  return page;
}

/**
 * One browser per test file, launched before its tests and closed after;
 * returns `open(test, path)` to open the demo in a tab of its own.
 */
export function demoInBrowser(): (test: TestContext, path: string, options?: OpenOptions) => Promise<Page> {
  let browser: Browser | undefined;
  let shared: Promise<BrowserContext> | undefined;
  let tabs: Tabs | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return (test, path, options = {}) => {
    if (!browser) throw new Error('The browser is not running (beforeAll failed?).');
    const running = browser;
    const origin = inject('demoUrl');
    tabs ??= tabsOf(() => (shared ??= demoContext(running, origin)), origin);
    return openPage(tabs, running, test, path, options);
  };
}

/**
 * The visible DeclineRecovery screen (its message, wallet and actions). Its live regions announce a state
 * only when focus did not move to the message, so journeys look at what the buyer sees instead.
 */
export function declineScreen(page: Page) {
  return page.locator('.arp-decline');
}
