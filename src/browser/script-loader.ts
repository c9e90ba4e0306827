import { AmazonPayError } from '../domain/errors';
import { AMAZON_SCRIPT_HOSTS, getRegionConfig } from '../domain/regions';
import type { Region } from '../domain/types';

export interface ScriptLoadOptions {
  /** CSP nonce put on the script element. */
  readonly nonce?: string;
  /** Give up (and allow a later retry) after this many ms. Default 15 000. */
  readonly timeoutMs?: number;
}

const pending = new Map<string, Promise<unknown>>();
/** Stops the timers of each load in flight (see resetScriptLoaderForTests). */
const stops = new Set<() => void>();

/** Throws unless `url` is https on one of Amazon's documented static hosts. */
export function assertAmazonScriptUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AmazonPayError(
      'script',
      process.env.NODE_ENV !== 'production' ? `Refusing to load script from an invalid URL: ${url}` : 'ForbiddenScriptUrl',
      { code: 'ForbiddenScriptUrl', retryable: false },
    );
  }
  if (parsed.protocol !== 'https:' || !AMAZON_SCRIPT_HOSTS.includes(parsed.host)) {
    throw new AmazonPayError(
      'script',
      process.env.NODE_ENV !== 'production'
        ? `Refusing to load a script from ${parsed.origin}: only ${AMAZON_SCRIPT_HOSTS.join(', ')} are allowed.`
        : 'ForbiddenScriptUrl',
      {
        code: 'ForbiddenScriptUrl',
        retryable: false,
      },
    );
  }
}

interface ScriptSpec<T> {
  readonly url: string;
  /** The global the script defines, or undefined while it is not there. */
  readonly global: () => T | undefined;
  /**
   * Installs ready callbacks before the tag is inserted; calls `ready` when the
   * script says it is ready. Returns a function that takes them out again
   * (used when the load fails, so retries do not stack wrappers).
   */
  readonly installReadyCallbacks?: (ready: () => void) => () => void;
}

/**
 * How long a script that announces readiness through callbacks (Widgets.js)
 * may take after its `load` event before the missing global counts as blocked.
 */
const READY_GRACE_MS = 3_000;

/**
 * Takes over the insertion of a script element; returns true when it handled it.
 * `react-amazon-pay-recovery/testing` uses this to simulate Amazon's scripts
 * (loaded, blocked, or loaded without their global) with no network.
 */
export type AmazonScriptInterceptor = (script: HTMLScriptElement) => boolean;

const interceptors = new Set<AmazonScriptInterceptor>();

/** Registers an interceptor (see {@link AmazonScriptInterceptor}); returns its removal. */
export function interceptAmazonScripts(interceptor: AmazonScriptInterceptor): () => void {
  interceptors.add(interceptor);
  return () => {
    interceptors.delete(interceptor);
  };
}

function insertScript(script: HTMLScriptElement): void {
  for (const interceptor of interceptors) {
    if (interceptor(script)) return;
  }
  document.head.appendChild(script);
}

/**
 * Loads a script once per page and resolves with its global. Concurrent and
 * later calls share one script element; a failure removes it so the next call
 * retries with a new one. Resolves at once, without a tag, when the global is
 * already present (SPA navigation, or the simulated scripts of
 * `react-amazon-pay-recovery/testing`). Never touches `window` outside a browser.
 */
export function loadAmazonScript<T>(spec: ScriptSpec<T>, options: ScriptLoadOptions = {}): Promise<T> {
  if (typeof window === 'undefined' || typeof document === 'undefined') {
    return Promise.reject(
      new AmazonPayError(
        'script',
        process.env.NODE_ENV !== 'production' ? 'Amazon Pay scripts can only load in a browser; call this from an effect.' : 'NoDocument',
        { code: 'NoDocument', retryable: false },
      ),
    );
  }
  const present = spec.global();
  if (present !== undefined) return Promise.resolve(present);
  try {
    assertAmazonScriptUrl(spec.url);
  } catch (error) {
    return Promise.reject(error);
  }
  const existing = pending.get(spec.url) as Promise<T> | undefined;
  if (existing) return existing;

  const promise = new Promise<T>((resolve, reject) => {
    const script = document.createElement('script');
    const timeoutMs = options.timeoutMs ?? 15_000;
    let settled = false;
    let loaded = false;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    // Once the file has loaded, running out of time means its global is missing, not a slow network.
    const timer = setTimeout(
      () =>
        finish(
          loaded
            ? undefined
            : new AmazonPayError(
                'timeout',
                process.env.NODE_ENV !== 'production' ? `${spec.url} did not become ready within ${timeoutMs} ms.` : 'ScriptTimeout',
                { code: 'ScriptTimeout' },
              ),
        ),
      timeoutMs,
    );
    // Events of an element that already failed (a late load after a timeout) must not touch a retry.
    const stop = (): void => {
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      stops.delete(stop);
    };
    stops.add(stop);
    const finish = (error?: AmazonPayError): void => {
      if (settled) return;
      stop();
      pending.delete(spec.url);
      const value = spec.global();
      if (!error && value !== undefined) return resolve(value);
      removeReadyCallbacks?.();
      script.remove();
      reject(
        error ??
          new AmazonPayError(
            'script',
            process.env.NODE_ENV !== 'production'
              ? `${spec.url} loaded but did not define the Amazon Pay global (blocked or altered by an extension?).`
              : 'GlobalMissing',
            { code: 'GlobalMissing', retryable: true },
          ),
      );
    };
    const ready = (): void => {
      if (spec.global() !== undefined) finish();
    };
    const removeReadyCallbacks = spec.installReadyCallbacks?.(ready);
    script.src = spec.url;
    script.async = true;
    if (options.nonce) script.nonce = options.nonce;
    script.addEventListener('load', () => {
      loaded = true;
      if (spec.global() !== undefined || !removeReadyCallbacks) return finish();
      // Widgets.js announces readiness through its callbacks; give it that chance before judging.
      graceTimer = setTimeout(() => finish(), Math.min(READY_GRACE_MS, timeoutMs));
    });
    script.addEventListener('error', () =>
      finish(
        new AmazonPayError(
          'script',
          process.env.NODE_ENV !== 'production'
            ? `Could not load ${spec.url} (offline, or blocked by an ad blocker or CSP).`
            : 'ScriptLoadFailed',
          { code: 'ScriptLoadFailed', retryable: true },
        ),
      ),
    );
    insertScript(script);
  });
  pending.set(spec.url, promise);
  return promise;
}

/* ----- Checkout v2: checkout.js (the pop-up's button) ----- */

export interface AmazonPayButtonHandle {
  onClick(callback: () => void): void;
  initCheckout(options: {
    createCheckoutSessionConfig: { payloadJSON: string; signature: string; publicKeyId?: string; algorithm?: string };
  }): void;
}

export interface AmazonCheckoutGlobal {
  Pay: {
    renderButton(selector: string | Element, options: Record<string, unknown>): AmazonPayButtonHandle | null;
  };
}

declare global {
  interface Window {
    amazon?: AmazonCheckoutGlobal & { Login?: { setClientId(clientId: string): void } };
  }
}

export interface CheckoutScriptOptions extends ScriptLoadOptions {
  readonly region: Region;
}

/** `window.amazon` once checkout.js has defined `amazon.Pay` (undefined before, and outside a browser). */
export function loadedAmazonCheckout(): AmazonCheckoutGlobal | undefined {
  return typeof window !== 'undefined' && typeof window.amazon?.Pay?.renderButton === 'function' ? window.amazon : undefined;
}

/** Loads Checkout v2 `checkout.js` for the region (same script for sandbox and live). */
export function loadAmazonCheckout(options: CheckoutScriptOptions): Promise<AmazonCheckoutGlobal> {
  let url: string;
  try {
    url = getRegionConfig(options.region).checkoutScriptUrl;
  } catch (error) {
    return Promise.reject(error);
  }
  return loadAmazonScript<AmazonCheckoutGlobal>({ url, global: loadedAmazonCheckout }, options);
}

/**
 * Resolves once every Amazon script load in flight has settled (loaded or failed), or after `capMs`;
 * at once when none is loading. The pop-up's dialog waits for it, so Amazon's button is ready when it opens.
 */
export function amazonScriptsSettled(capMs: number): Promise<void> {
  if (pending.size === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, capMs);
    void Promise.allSettled(pending.values()).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Test helper: forget loaded/failed scripts and stop the timers of loads in flight, so each test (or file) starts clean. */
export function resetScriptLoaderForTests(): void {
  for (const stop of stops) stop();
  pending.clear();
}

/** Tests only: drop the interceptors a test file left installed (its simulated scripts). */
export function resetScriptInterceptorsForTests(): void {
  interceptors.clear();
}
