// JavaScript, not TypeScript: vite.config.ts and the scripts import it, and Vite's native config loader (its coming
// default) runs the config's imports as they are. Types: chromium-args.d.mts.

/**
 * The switches every launch of Debian's Chromium gets (the browser projects, the e2e journeys, the consumer check
 * and the screenshot scripts): no sandbox (CI runs as root), no GPU, and none of the browser's own network traffic
 * (QUIC, background requests, component updates, sync), since nothing but the npm registry may be reached.
 * Reduced motion: the spinner and the wallet's pulse stop (the kit's styles honour the preference), so pages that
 * wait do not paint a frame every 16 ms on a machine the other test files share; screenshots are stable too.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--force-prefers-reduced-motion',
];
