import { useSyncExternalStore } from 'react';
import type { DemoBackend, SandboxMethod } from './demo-backend';

/** The decline the test panel asks the sandbox to simulate on the first Amazon Pay authorization. */
export type SimulatedDecline =
  'none' | 'InvalidPaymentMethod:soft' | 'InvalidPaymentMethod:hard' | 'AmazonRejected' | 'ProcessingFailure' | 'TransactionTimedOut';

export const SIMULATED_DECLINES: readonly { value: SimulatedDecline; label: string }[] = [
  { value: 'none', label: 'No decline (approve)' },
  { value: 'InvalidPaymentMethod:hard', label: 'InvalidPaymentMethod (hard)' },
  { value: 'InvalidPaymentMethod:soft', label: 'InvalidPaymentMethod (soft)' },
  { value: 'AmazonRejected', label: 'AmazonRejected' },
  { value: 'ProcessingFailure', label: 'ProcessingFailure (kit extension)' },
  { value: 'TransactionTimedOut', label: 'TransactionTimedOut' },
];

export interface DemoSettings {
  /** The merchant's own card processor declines every card (4000 0000 0000 0002 always declines). */
  readonly cardDeclines: boolean;
  /** Seconds between the decline message and the Cart Recovery pop-up. */
  readonly fadeIn: number;
  readonly decline: SimulatedDecline;
  readonly mode: 'sync' | 'async';
  /** Extra round-trip time of every backend call, to try a slow server. */
  readonly latencyMs: number;
  /** The first load of each Amazon script fails (as with an ad blocker); a retry succeeds. */
  readonly blockAmazon: boolean;
  /** Wait before a ProcessingFailure or soft-decline retry. Amazon says 60-120 s; the demo shortens it. */
  readonly retryDelaySeconds: number;
  /** How long an async authorization stays Pending in the sandbox (read at page load). */
  readonly asyncDelayMs: number;
}

export const DEFAULT_SETTINGS: DemoSettings = {
  cardDeclines: true,
  fadeIn: 3,
  decline: 'InvalidPaymentMethod:hard',
  mode: 'sync',
  latencyMs: 300,
  blockAmazon: false,
  retryDelaySeconds: 5,
  asyncDelayMs: 2500,
};

/** Backend calls the test panel can make fail with an HTTP 500 (once). */
export const FAULT_METHODS: readonly SandboxMethod[] = [
  'authorize',
  'confirmOrderReference',
  'signCheckoutSessionPayload',
  'completeCheckoutSession',
];

const STORAGE_KEY = 'demo.settings';

function fromQuery(query: URLSearchParams, base: DemoSettings): DemoSettings {
  const number = (name: string, fallback: number): number => {
    const value = Number(query.get(name));
    return query.has(name) && Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  const decline = query.get('decline');
  const mode = query.get('mode');
  return {
    cardDeclines: query.has('card') ? query.get('card') !== 'approve' : base.cardDeclines,
    fadeIn: number('fadeIn', base.fadeIn),
    decline: SIMULATED_DECLINES.some((d) => d.value === decline) ? (decline as SimulatedDecline) : base.decline,
    mode: mode === 'sync' || mode === 'async' ? mode : base.mode,
    latencyMs: number('latency', base.latencyMs),
    blockAmazon: query.has('blockAmazon') ? query.get('blockAmazon') !== '0' : base.blockAmazon,
    retryDelaySeconds: number('retryDelay', base.retryDelaySeconds),
    asyncDelayMs: number('asyncDelay', base.asyncDelayMs),
  };
}

function load(): DemoSettings {
  let stored: Partial<DemoSettings> = {};
  try {
    stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<DemoSettings>;
  } catch {
    // A damaged entry only loses the test panel's choices.
  }
  return fromQuery(new URLSearchParams(window.location.search), { ...DEFAULT_SETTINGS, ...stored });
}

let current: DemoSettings = typeof window === 'undefined' ? DEFAULT_SETTINGS : load();
const listeners = new Set<() => void>();

export function getSettings(): DemoSettings {
  return current;
}

export function updateSettings(patch: Partial<DemoSettings>): void {
  current = { ...current, ...patch };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(current));
  for (const listener of listeners) listener();
}

export function useSettings(): DemoSettings {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSettings,
    getSettings,
  );
}

/** `?fault=<method>`: that backend call answers HTTP 500 once (the test panel's "Arm fault", from the address bar). */
export function armFaultFromQuery(demo: DemoBackend): void {
  const method = new URLSearchParams(window.location.search).get('fault');
  if (method && (FAULT_METHODS as readonly string[]).includes(method)) {
    demo.sandbox.injectFault({ method: method as SandboxMethod, kind: 'amazon', code: 'InternalServerError' });
  }
}
