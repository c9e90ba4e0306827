import { AmazonPayError, type AmazonPayBackend, type CallOptions, type CompletedCheckoutSession } from 'react-amazon-pay-recovery';
import { createSandboxBackend, type SandboxBackend } from 'react-amazon-pay-recovery/testing';
import { getSettings } from './settings';

export type SandboxMethod = keyof AmazonPayBackend;

/** One line of the test panel's server log. */
export interface ServerLogEntry {
  readonly id: number;
  readonly method: SandboxMethod;
  readonly outcome: 'ok' | 'error';
  readonly detail: string;
}

const CALLS: readonly SandboxMethod[] = [
  'authorize',
  'confirmOrderReference',
  'cancelOrderReference',
  'getOrderReferenceDetails',
  'getAuthorizationDetails',
  'signCheckoutSessionPayload',
  'completeCheckoutSession',
];

const ORDERS_KEY = 'demo.completedCheckouts';

/** The merchant server's order table, kept across reloads like a database would. */
function storedCheckouts(): Record<string, CompletedCheckoutSession> {
  try {
    return JSON.parse(sessionStorage.getItem(ORDERS_KEY) ?? '{}') as Record<string, CompletedCheckoutSession>;
  } catch {
    return {};
  }
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new AmazonPayError('aborted', 'The request was aborted.', { retryable: false }));
      },
      { once: true },
    );
  });
}

function summarize(value: unknown): string {
  if (value instanceof AmazonPayError) return `${value.status ?? ''} ${value.code ?? value.kind}`.trim();
  if (value && typeof value === 'object' && 'state' in value) {
    const record = value as { state: string; reasonCode?: string };
    return record.reasonCode ? `${record.state} (${record.reasonCode})` : record.state;
  }
  return 'ok';
}

/**
 * The demo's stand-in for the merchant's server: the kit's in-memory sandbox,
 * slowed down by the test panel's latency, logging every call, and remembering
 * completed checkouts in sessionStorage so a reload of the confirmation page
 * gets the first result back instead of charging again.
 */
export function createDemoBackend(sandbox: SandboxBackend = createSandboxBackend({ asyncResultDelayMs: getSettings().asyncDelayMs })) {
  let log: readonly ServerLogEntry[] = [];
  const listeners = new Set<() => void>();
  let seq = 0;
  const record = (method: SandboxMethod, outcome: 'ok' | 'error', detail: string): void => {
    log = [{ id: ++seq, method, outcome, detail }, ...log].slice(0, 12);
    for (const listener of listeners) listener();
  };

  const wrapped = new Proxy(sandbox, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !(CALLS as readonly string[]).includes(property) || typeof value !== 'function') return value;
      const method = property as SandboxMethod;
      return async (request: unknown, options: CallOptions = {}) => {
        try {
          await wait(getSettings().latencyMs, options.signal);
          const result = await completeOnce(method, request, () =>
            (value as (r: unknown, o: CallOptions) => Promise<unknown>).call(target, request, options),
          );
          record(method, 'ok', summarize(result));
          return result;
        } catch (error) {
          record(method, 'error', summarize(error));
          throw error;
        }
      };
    },
  });

  async function completeOnce(method: SandboxMethod, request: unknown, run: () => Promise<unknown>): Promise<unknown> {
    if (method !== 'completeCheckoutSession') return run();
    const id = (request as { checkoutSessionId: string }).checkoutSessionId;
    const known = storedCheckouts()[id];
    if (known) return known;
    const result = (await run()) as CompletedCheckoutSession;
    sessionStorage.setItem(ORDERS_KEY, JSON.stringify({ ...storedCheckouts(), [id]: result }));
    return result;
  }

  return {
    /** The sandbox itself, for the simulated Amazon scripts and the test panel's faults. */
    sandbox,
    /** What the kit's provider gets: the sandbox as seen over the wire. */
    backend: wrapped as SandboxBackend,
    log: (): readonly ServerLogEntry[] => log,
    subscribeLog(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Checkouts the server has completed (charged) in this browser session. */
    completedCheckouts: storedCheckouts,
  };
}

export type DemoBackend = ReturnType<typeof createDemoBackend>;
