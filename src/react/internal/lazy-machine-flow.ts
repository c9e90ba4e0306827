import { createLazyPart } from './lazy-part';

// A file of its own, not in lazy-parts.ts: esbuild makes every import() a file reaches a chunk of
// the page, so the pop-up's page (which reaches lazy-parts.ts) would carry the machine's chunk and
// the small chunks it shares with `.` up front (ARCHITECTURE.md).

/** The browser's own decline machine (machine, policy, runner): fetched when `useDeclineHandler`'s flow starts. */
export const lazyMachineFlow = /* @__PURE__ */ createLazyPart(() => import('./machine-flow').then((module) => module.machineFlow));
