import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AmazonPayError } from '../../src/domain/errors';
import { interceptAmazonScripts, loadAmazonCheckout, loadAmazonScript, resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { loadAmazonWidgets, type OffAmazonPaymentsGlobal } from '../../src/browser/widgets-script-loader';
import type { Region } from '../../src/domain/types';

const fakeWidgets = { Widgets: { Wallet: class {} } } as unknown as OffAmazonPaymentsGlobal;

function amazonScripts(): HTMLScriptElement[] {
  return Array.from(document.querySelectorAll<HTMLScriptElement>('script[src*="payments-amazon.com"]'));
}

function onlyScript(): HTMLScriptElement {
  const scripts = amazonScripts();
  expect(scripts).toHaveLength(1);
  return scripts[0]!;
}

/** What Widgets.js does when it runs: define the globals, then call the page's callbacks. */
function runWidgetsScript(script: HTMLScriptElement, setClientId = vi.fn()): void {
  window.amazon = { Login: { setClientId } } as unknown as typeof window.amazon;
  window.OffAmazonPayments = fakeWidgets;
  window.onAmazonLoginReady?.();
  window.onAmazonPaymentsReady?.();
  script.dispatchEvent(new Event('load'));
}

async function rejection(promise: Promise<unknown>): Promise<AmazonPayError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AmazonPayError);
  return error as AmazonPayError;
}

beforeEach(() => {
  resetScriptLoaderForTests();
});

afterEach(() => {
  vi.useRealTimers();
  for (const script of amazonScripts()) script.remove();
  delete window.amazon;
  delete window.OffAmazonPayments;
  delete window.onAmazonLoginReady;
  delete window.onAmazonPaymentsReady;
});

describe('loadAmazonWidgets / loadAmazonCheckout', () => {
  it('inserts one script element for concurrent and later calls', async () => {
    const first = loadAmazonWidgets({ region: 'us', sandbox: true });
    const second = loadAmazonWidgets({ region: 'us', sandbox: true });
    const script = onlyScript();
    expect(script.async).toBe(true);
    runWidgetsScript(script);
    await expect(first).resolves.toBe(fakeWidgets);
    await expect(second).resolves.toBe(fakeWidgets);
    await expect(loadAmazonWidgets({ region: 'us', sandbox: true })).resolves.toBe(fakeWidgets);
    expect(amazonScripts()).toHaveLength(1);
  });

  it('rejects a failed load with a typed error, removes the tag, and retries with a new one', async () => {
    const failed = loadAmazonWidgets({ region: 'eu', sandbox: false });
    const blocked = onlyScript();
    blocked.dispatchEvent(new Event('error'));
    const error = await rejection(failed);
    expect(error).toMatchObject({ kind: 'script', code: 'ScriptLoadFailed' });
    expect(amazonScripts()).toHaveLength(0);
    expect(window.onAmazonPaymentsReady).toBeUndefined();

    const retry = loadAmazonWidgets({ region: 'eu', sandbox: false });
    const fresh = onlyScript();
    expect(fresh).not.toBe(blocked);
    runWidgetsScript(fresh);
    await expect(retry).resolves.toBe(fakeWidgets);
  });

  it('puts the CSP nonce on the element', () => {
    void loadAmazonCheckout({ region: 'uk', nonce: 'r4nd0m' }).catch(() => {});
    expect(onlyScript().nonce).toBe('r4nd0m');
  });

  it.each<[Region, boolean, string]>([
    ['us', true, 'https://static-na.payments-amazon.com/OffAmazonPayments/us/sandbox/js/Widgets.js'],
    ['us', false, 'https://static-na.payments-amazon.com/OffAmazonPayments/us/js/Widgets.js'],
    ['uk', true, 'https://static-eu.payments-amazon.com/OffAmazonPayments/gbp/sandbox/lpa/js/Widgets.js'],
    ['uk', false, 'https://static-eu.payments-amazon.com/OffAmazonPayments/gbp/lpa/js/Widgets.js'],
    ['eu', true, 'https://static-eu.payments-amazon.com/OffAmazonPayments/eur/sandbox/lpa/js/Widgets.js'],
    ['de', false, 'https://static-eu.payments-amazon.com/OffAmazonPayments/eur/lpa/js/Widgets.js'],
    ['jp', true, 'https://static-fe.payments-amazon.com/OffAmazonPayments/jp/sandbox/lpa/js/Widgets.js'],
    ['jp', false, 'https://static-fe.payments-amazon.com/OffAmazonPayments/jp/lpa/js/Widgets.js'],
  ])('loads Widgets.js for %s (sandbox %s) from %s', (region, sandbox, url) => {
    void loadAmazonWidgets({ region, sandbox }).catch(() => {});
    expect(onlyScript().src).toBe(url);
  });

  it.each<[Region, string]>([
    ['us', 'https://static-na.payments-amazon.com/checkout.js'],
    ['uk', 'https://static-eu.payments-amazon.com/checkout.js'],
    ['de', 'https://static-eu.payments-amazon.com/checkout.js'],
    ['jp', 'https://static-fe.payments-amazon.com/checkout.js'],
  ])('loads checkout.js for %s from %s', (region, url) => {
    void loadAmazonCheckout({ region }).catch(() => {});
    expect(onlyScript().src).toBe(url);
  });

  it('refuses hosts other than Amazon, and unknown regions, without inserting anything', async () => {
    for (const url of ['https://evil.example/Widgets.js', 'http://static-na.payments-amazon.com/checkout.js', 'not a url']) {
      const error = await rejection(loadAmazonScript({ url, global: () => undefined }));
      expect(error).toMatchObject({ kind: 'script', code: 'ForbiddenScriptUrl', retryable: false });
    }
    const region = await rejection(loadAmazonWidgets({ region: 'mars' as Region, sandbox: true }));
    expect(region).toMatchObject({ kind: 'validation', code: 'InvalidRegion' });
    expect(document.querySelectorAll('script')).toHaveLength(0);
  });

  it('rejects with GlobalMissing when checkout.js loads without defining amazon.Pay', async () => {
    const load = loadAmazonCheckout({ region: 'us' });
    onlyScript().dispatchEvent(new Event('load'));
    expect(await rejection(load)).toMatchObject({ kind: 'script', code: 'GlobalMissing' });
    expect(amazonScripts()).toHaveLength(0);
  });

  it('gives Widgets.js a grace period for its ready callback, then rejects with GlobalMissing', async () => {
    vi.useFakeTimers();
    const load = loadAmazonWidgets({ region: 'us', sandbox: true });
    const settled = vi.fn();
    load.catch(settled);
    onlyScript().dispatchEvent(new Event('load'));
    await vi.advanceTimersByTimeAsync(2_900);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(await rejection(load)).toMatchObject({ kind: 'script', code: 'GlobalMissing' });
  });

  it('reports GlobalMissing, not a timeout, when the time runs out after the file loaded', async () => {
    vi.useFakeTimers();
    const load = loadAmazonWidgets({ region: 'us', sandbox: true, timeoutMs: 1_000 });
    load.catch(() => {});
    onlyScript().dispatchEvent(new Event('load'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await rejection(load)).toMatchObject({ kind: 'script', code: 'GlobalMissing', retryable: true });
  });

  it('defines the ready callbacks before inserting the tag and keeps a merchant callback running', async () => {
    const merchantLogin = vi.fn();
    const merchantPayments = vi.fn();
    window.onAmazonLoginReady = merchantLogin;
    window.onAmazonPaymentsReady = merchantPayments;
    let callbacksAtInsert: unknown[] = [];
    const stop = interceptAmazonScripts((script) => {
      callbacksAtInsert = [window.onAmazonLoginReady, window.onAmazonPaymentsReady];
      document.head.appendChild(script);
      return true;
    });
    try {
      const load = loadAmazonWidgets({ region: 'uk', sandbox: true, clientId: 'amzn1.application-oa2-client.test' });
      expect(callbacksAtInsert).toHaveLength(2);
      expect(callbacksAtInsert).not.toContain(merchantLogin);
      expect(callbacksAtInsert).not.toContain(undefined);
      const setClientId = vi.fn();
      runWidgetsScript(onlyScript(), setClientId);
      await expect(load).resolves.toBe(fakeWidgets);
      expect(merchantLogin).toHaveBeenCalledOnce();
      expect(merchantPayments).toHaveBeenCalledOnce();
      expect(setClientId).toHaveBeenCalledWith('amzn1.application-oa2-client.test');
    } finally {
      stop();
    }
  });

  it('resolves when onAmazonPaymentsReady fires before the load event', async () => {
    const load = loadAmazonWidgets({ region: 'jp', sandbox: false });
    window.OffAmazonPayments = fakeWidgets;
    window.onAmazonPaymentsReady?.();
    await expect(load).resolves.toBe(fakeWidgets);
  });

  it('resolves at once, without a tag, when the global is already there (SPA navigation)', async () => {
    window.OffAmazonPayments = fakeWidgets;
    await expect(loadAmazonWidgets({ region: 'us', sandbox: true })).resolves.toBe(fakeWidgets);
    expect(document.querySelectorAll('script')).toHaveLength(0);
  });

  it('times out with a typed error, and a late load of the old tag does not disturb the retry', async () => {
    vi.useFakeTimers();
    const load = loadAmazonWidgets({ region: 'us', sandbox: true, timeoutMs: 5_000 });
    load.catch(() => {});
    const slow = onlyScript();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await rejection(load)).toMatchObject({ kind: 'timeout', code: 'ScriptTimeout', retryable: true });
    expect(amazonScripts()).toHaveLength(0);

    const retry = loadAmazonWidgets({ region: 'us', sandbox: true, timeoutMs: 5_000 });
    slow.dispatchEvent(new Event('error'));
    const concurrent = loadAmazonWidgets({ region: 'us', sandbox: true, timeoutMs: 5_000 });
    const fresh = onlyScript();
    runWidgetsScript(fresh);
    await expect(retry).resolves.toBe(fakeWidgets);
    await expect(concurrent).resolves.toBe(fakeWidgets);
  });

  it('lets an interceptor take over insertion (the simulated scripts)', async () => {
    const seen: string[] = [];
    const stop = interceptAmazonScripts((script) => {
      seen.push(script.src);
      queueMicrotask(() => script.dispatchEvent(new Event('error')));
      return true;
    });
    try {
      const error = await rejection(loadAmazonCheckout({ region: 'us' }));
      expect(error.code).toBe('ScriptLoadFailed');
      expect(seen).toEqual(['https://static-na.payments-amazon.com/checkout.js']);
      expect(document.querySelectorAll('script')).toHaveLength(0);
    } finally {
      stop();
    }
  });
});
