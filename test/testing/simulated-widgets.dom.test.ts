import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';
import type { AmazonCheckoutGlobal } from '../../src/browser/script-loader';
import type { AmazonWidgetError } from '../../src/browser/widgets-script-loader';
import { installSimulatedAmazonWidgets } from '../../src/testing/simulated-widgets';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  delete window.amazon;
  delete window.onAmazonLoginReady;
  delete window.onAmazonPaymentsReady;
  document.body.replaceChildren();
});

describe('installSimulatedAmazonWidgets', () => {
  it('calls the page’s ready callbacks like Widgets.js, and uninstalls cleanly', async () => {
    const order: string[] = [];
    window.onAmazonLoginReady = () => order.push(`login:${typeof window.amazon?.Login?.setClientId}`);
    window.onAmazonPaymentsReady = () => order.push(`payments:${typeof window.OffAmazonPayments?.Widgets.Wallet}`);
    const uninstall = installSimulatedAmazonWidgets({ backend: createSandboxBackend(), readyDelayMs: 5 });
    expect(order).toEqual([]);
    await tick(10);
    expect(order).toEqual(['login:function', 'payments:function']);
    uninstall();
    expect(window.OffAmazonPayments).toBeUndefined();
    expect(window.amazon).toBeUndefined();
  });

  it('adds amazon.Login beside an existing amazon.Pay without clobbering it', () => {
    const pay = { renderButton: vi.fn() };
    window.amazon = { Pay: pay } as AmazonCheckoutGlobal;
    const uninstall = installSimulatedAmazonWidgets({ backend: createSandboxBackend() });
    expect(window.amazon.Pay).toBe(pay);
    window.amazon.Login!.setClientId('client-1');
    expect(uninstall.clientIds).toEqual(['client-1']);
    uninstall();
    expect(window.amazon?.Pay).toBe(pay);
    expect(window.amazon?.Login).toBeUndefined();
  });

  it('renders method labels as text, in a labelled radiogroup', async () => {
    const backend = createSandboxBackend({ paymentMethods: [{ id: 'x', label: '<img src=x onerror="alert(1)">' }] });
    const id = backend.createOrderReference().amazonOrderReferenceId;
    const uninstall = installSimulatedAmazonWidgets({ backend });
    document.body.innerHTML = '<div id="wallet"></div>';
    new window.OffAmazonPayments!.Widgets.Wallet({
      sellerId: 'A1B2C3D4E5F6G7',
      amazonOrderReferenceId: id,
      design: { designMode: 'responsive' },
    }).bind('wallet');
    await tick();
    expect(document.querySelector('img')).toBeNull();
    const group = document.querySelector('[role="radiogroup"]')!;
    expect(document.getElementById(group.getAttribute('aria-labelledby')!)?.textContent).toMatch(/choose a payment method/);
    expect(group.querySelector('label')!.textContent).toContain('<img src=x');
    expect(group.querySelector('input[type="radio"]')).not.toBeNull();
    uninstall();
  });

  it('reports MissingParameter without an order reference id', async () => {
    const uninstall = installSimulatedAmazonWidgets({ backend: createSandboxBackend() });
    const onError = vi.fn<(error: AmazonWidgetError) => void>();
    new window.OffAmazonPayments!.Widgets.Wallet({ sellerId: 'A1B2C3D4E5F6G7', design: { designMode: 'responsive' }, onError }).bind(
      'nowhere',
    );
    await tick();
    expect(onError.mock.calls[0]![0].getErrorCode()).toBe('MissingParameter');
    uninstall();
  });
});
