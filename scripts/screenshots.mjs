#!/usr/bin/env node
/**
 * Screenshots of the stories in light, dark, a custom brand theme and forced
 * colours, at 320 px and desktop width, from the built Storybook, in the
 * system Chromium (playwright-core; nothing downloads a browser).
 *
 *   npm run screenshots                      # builds Storybook, writes screenshots/<variant>-<width>/<story-id>.png
 *   npm run screenshots -- --set docs        # the documented set: docs/images/themes/<name>-<variant>-<width>.png
 *   node scripts/screenshots.mjs --no-build --out /tmp/shots --filter decline
 *
 * Each picture waits for its story's state: the play function finished, the
 * pop-up open with its button drawn, a decline screen's message (and its
 * wallet when it has one) shown, nothing loading. The run fails (exit 1) when a
 * story did not reach its state, or when two themes give the same picture of a
 * story that follows the Theme toolbar (the toolbar would then be broken).
 *
 * Options: --no-build (use storybook-static as it is), --dir <static dir>,
 * --out <folder> (default screenshots/, git-ignored), --filter <substring of
 * the story id, or several, comma-separated>, --variants light,dark,brand,forced,
 * --widths 320,1000, --locale <BCP 47 tag>, --set docs (the stories and file
 * names of docs/images/themes). CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../test/support/chromium-args.mjs';

/* global window, document -- the functions passed to page.evaluate and waitForFunction run in the page. */

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    dir: { type: 'string', default: join(root, 'storybook-static') },
    out: { type: 'string' },
    filter: { type: 'string', default: '' },
    variants: { type: 'string', default: 'light,dark,brand,forced' },
    widths: { type: 'string', default: '320,1000' },
    locale: { type: 'string', default: 'en-US' },
    set: { type: 'string' },
  },
});

/** Each variant: the Storybook globals it sets and whether Chromium emulates forced colours. */
const VARIANTS = {
  light: { globals: { theme: 'light' }, forcedColors: 'none' },
  dark: { globals: { theme: 'dark' }, forcedColors: 'none' },
  // The preview's "brand" theme: a merchant's own colours, radius and font through `appearance.variables`.
  brand: { globals: { theme: 'brand' }, forcedColors: 'none' },
  forced: { globals: { theme: 'light' }, forcedColors: 'active' },
};

/** `--set docs`: the pictures docs/theming.md shows (story id -> file name). */
const DOCS_SET = {
  'recovery-cartrecoverypopup--united-kingdom': 'popup',
  'declines-declinerecovery--hard-decline-choosing': 'decline-hard',
  'declines-declinerecovery--retry-budget-spent': 'decline-exhausted',
  'wallet-walletwidget--declined-method': 'wallet',
};

/** Stories that fix their own theme or show no themed component: their pictures may match across themes. */
const THEME_FREE = /^(theming-|core-)/;

const MIME = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ico': 'image/x-icon',
};

function serve(dir) {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://localhost').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

function globalsParam(globals) {
  return Object.entries(globals)
    .map(([key, value]) => `${key}:${value}`)
    .join(';');
}

/**
 * In the page: true once the story shows the state it is about. A pop-up is open with its
 * Amazon Pay button drawn (or its fallback); a decline screen shows its message, and its wallet
 * when it needs one; nothing is loading (aria-busy) but a decline step that is busy by nature.
 */
function storyStateReached() {
  const root = document.getElementById('storybook-root');
  if (!root || root.textContent.includes('Preparing the sandbox')) return false;
  const popup = document.querySelector('dialog.arp-popup');
  if (popup)
    return (
      popup.open &&
      popup.querySelector('.arp-button[data-state="ready"], .arp-button[data-state="error"]') !== null &&
      popup.getAnimations({ subtree: true }).every((animation) => animation.playState !== 'running')
    );
  const decline = root.querySelector('.arp-decline');
  if (decline) {
    const state = decline.getAttribute('data-state');
    if (state !== 'idle' && !decline.querySelector('.arp-decline__message')) return false;
    if (state === 'needsNewPaymentMethod' && !decline.querySelector('.arp-sim-wallet, .arp-wallet[data-state="error"]')) return false;
  }
  return Array.from(root.querySelectorAll('.arp-wallet, .arp-button')).every((widget) => widget.getAttribute('data-state') !== 'loading');
}

if (!args['no-build']) {
  execFileSync('npx', ['storybook', 'build', '--quiet', '--output-dir', args.dir], { cwd: root, stdio: 'inherit' });
}
if (!existsSync(join(args.dir, 'index.json'))) {
  console.error(`No built Storybook in ${args.dir} (run without --no-build).`);
  process.exit(2);
}

const docsSet = args.set === 'docs';
if (args.set !== undefined && !docsSet) throw new Error(`Unknown --set ${args.set}; known: docs`);
const out = args.out ?? (docsSet ? join(root, 'docs/images/themes') : join(root, 'screenshots'));
const filters = args.filter.split(',');
const index = JSON.parse(await readFile(join(args.dir, 'index.json'), 'utf8'));
const stories = Object.values(index.entries).filter(
  (entry) => entry.type === 'story' && (docsSet ? entry.id in DOCS_SET : filters.some((filter) => entry.id.includes(filter))),
);
const variants = args.variants.split(',').map((name) => {
  if (!VARIANTS[name]) throw new Error(`Unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}`);
  return [name, VARIANTS[name]];
});
const widths = args.widths.split(',').map(Number);

const server = await serve(args.dir);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
const failures = [];
/** story id + width -> variant -> picture, to find themes that change nothing. */
const pictures = new Map();
let count = 0;
try {
  for (const width of widths) {
    for (const [name, variant] of variants) {
      const folder = docsSet ? out : join(out, `${name}-${width}`);
      await mkdir(folder, { recursive: true });
      const context = await browser.newContext({ viewport: { width, height: 720 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.emulateMedia({ forcedColors: variant.forcedColors });
      const globals = globalsParam({ locale: args.locale, ...variant.globals });
      for (const story of stories) {
        // A fresh load per story: the simulated Amazon scripts and the pop-up's dialog are page-global.
        await page.goto(`${base}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story&globals=${encodeURIComponent(globals)}`);
        // The preview's render of the story: wait until its play function has run (or failed).
        const phase = await page
          .waitForFunction(
            (storyId) => {
              const render = window.__STORYBOOK_PREVIEW__?.currentRender;
              return render?.id === storyId && ['completed', 'finished', 'errored', 'aborted'].includes(render.phase) && render.phase;
            },
            story.id,
            { timeout: 20_000 },
          )
          .then((handle) => handle.jsonValue())
          .catch(() => 'timeout');
        if (phase !== 'completed' && phase !== 'finished') failures.push(`${name} ${width}px ${story.id}: the play function ${phase}`);
        const reached = await page
          .waitForFunction(storyStateReached, undefined, { timeout: 10_000 })
          .then(() => true)
          .catch(() => false);
        if (!reached) failures.push(`${name} ${width}px ${story.id}: its state (pop-up open, decline message, wallet) never showed`);
        const file = join(folder, docsSet ? `${DOCS_SET[story.id]}-${name}-${width}.png` : `${story.id}.png`);
        // The pop-up is in the top layer: the viewport. Anything else: the story's own box, whole.
        const popupOpen = await page.evaluate(() => document.querySelector('dialog.arp-popup')?.open === true);
        const picture = popupOpen
          ? await page.screenshot({ animations: 'disabled' })
          : await page.locator('#storybook-root').screenshot({ animations: 'disabled' });
        await writeFile(file, picture);
        const key = `${story.id} ${width}`;
        if (!pictures.has(key)) pictures.set(key, new Map());
        pictures.get(key).set(name, picture);
        count += 1;
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}

for (const [key, byVariant] of pictures) {
  if (THEME_FREE.test(key)) continue;
  const seen = [...byVariant];
  for (let i = 0; i < seen.length; i += 1) {
    for (let j = i + 1; j < seen.length; j += 1) {
      if (seen[i][1].equals(seen[j][1]))
        failures.push(`${key}px: ${seen[i][0]} and ${seen[j][0]} give the same picture (the theme changed nothing)`);
    }
  }
}
console.log(`${count} screenshots (${stories.length} stories x ${variants.length} variants x ${widths.length} widths) in ${out}`);
if (failures.length > 0) {
  console.error(`Failed:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
}
