import { createLazyPart } from './lazy-part';

// A file of its own, not in lazy-parts.ts, for the reason lazy-machine-flow.ts gives.

/** The decline screen past its first paint (messages, icons, each state's controls, their English): fetched after `<DeclineRecovery>` mounts. */
export const lazyDeclineScreen = /* @__PURE__ */ createLazyPart(() => import('./decline-screen'));
