/**
 * How long a chromium test waits for something to appear (Testing Library's waitFor and findBy*,
 * vitest's expect.poll): lazy chunks, scripts and the sandbox's latency arrive seconds late on a
 * loaded 2-core machine, later than the libraries' 1 s default. A limit, not a speed check: a wait
 * returns as soon as its condition holds. Set once here, never per call.
 */
export const BROWSER_WAIT_MS = 15_000;
