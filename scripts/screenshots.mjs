#!/usr/bin/env node
/**
 * Screenshots of every story in light, dark, a custom brand theme and forced
 * colours, from the built Storybook, in the system Chromium (playwright-core;
 * nothing downloads a browser).
 *
 *   npm run screenshots                      # builds Storybook, writes screenshots/<variant>/<story-id>.png
 *   node scripts/screenshots.mjs --no-build --out /tmp/shots --filter decline
 *
 * Options: --no-build (use storybook-static as it is), --dir <static dir>,
 * --out <folder> (default screenshots/, git-ignored), --filter <substring of
 * the story id>, --variants light,dark,brand,forced, --locale <BCP 47 tag>.
 * CHROMIUM_PATH overrides /usr/bin/chromium. A story whose play function fails
 * is still photographed and listed at the end (exit code 1).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

/* global window -- the functions passed to page.evaluate and waitForFunction run in the page. */

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    dir: { type: 'string', default: join(root, 'storybook-static') },
    out: { type: 'string', default: join(root, 'screenshots') },
    filter: { type: 'string', default: '' },
    variants: { type: 'string', default: 'light,dark,brand,forced' },
    locale: { type: 'string', default: 'en-US' },
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

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ico': 'image/x-icon' };

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

if (!args['no-build']) {
  execFileSync('npx', ['storybook', 'build', '--quiet', '--output-dir', args.dir], { cwd: root, stdio: 'inherit' });
}
if (!existsSync(join(args.dir, 'index.json'))) {
  console.error(`No built Storybook in ${args.dir} (run without --no-build).`);
  process.exit(2);
}

const index = JSON.parse(await readFile(join(args.dir, 'index.json'), 'utf8'));
const stories = Object.values(index.entries).filter((entry) => entry.type === 'story' && entry.id.includes(args.filter));
const variants = args.variants.split(',').map((name) => {
  if (!VARIANTS[name]) throw new Error(`Unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}`);
  return [name, VARIANTS[name]];
});

const server = await serve(args.dir);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
let count = 0;
try {
  for (const [name, variant] of variants) {
    await mkdir(join(args.out, name), { recursive: true });
    const context = await browser.newContext({ viewport: { width: 900, height: 700 }, deviceScaleFactor: 1, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.emulateMedia({ forcedColors: variant.forcedColors });
    const globals = globalsParam({ locale: args.locale, ...variant.globals });
    // One page load per variant; stories are switched through the preview's channel (a full reload costs seconds).
    await page.goto(`${base}/iframe.html?id=${encodeURIComponent(stories[0].id)}&viewMode=story&globals=${encodeURIComponent(globals)}`);
    for (const [position, story] of stories.entries()) {
      if (position > 0) {
        await page.evaluate((storyId) => window.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId, viewMode: 'story' }), story.id);
      }
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
      // Let transitions and the simulated widgets' timers settle.
      await page.waitForTimeout(300);
      if (phase !== 'completed' && phase !== 'finished') failures.push(`${name} ${story.id}: ${phase}`);
      // The whole page: pop-ups render in portals outside #storybook-root.
      await page.screenshot({ path: join(args.out, name, `${story.id}.png`), fullPage: true, animations: 'disabled' });
      count += 1;
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`${count} screenshots (${stories.length} stories x ${variants.length} variants) in ${args.out}`);
if (failures.length > 0) {
  console.error(`Stories that did not finish cleanly:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
}
