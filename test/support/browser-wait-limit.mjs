// JavaScript, not TypeScript: vite.config.ts imports it, and Vite's native config loader (its coming default) runs
// the config's imports as they are. Types: browser-wait-limit.d.mts.

/**
 * How long a browser test or a story's play function waits for something to appear (Testing Library's
 * waitFor and findBy*, vitest's expect.poll): lazy chunks, scripts and the sandbox's simulated latency
 * arrive seconds late on a loaded 2-core machine, later than the libraries' 1 s default. A limit, not a
 * speed check: a wait returns as soon as its condition holds. Set once (test/support/browser-waits.ts for
 * the chromium project, .storybook/preview.ts for the stories, vite.config.ts for expect.poll), never per call.
 */
export const BROWSER_WAIT_MS = 15_000;
