import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { AmazonPayButton } from '../../src/react/AmazonPayButton';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { WalletWidget } from '../../src/react/WalletWidget';
import { installOfflineAmazonPay, OFFLINE_SANDBOX_STORAGE_KEY, type OfflineAmazonPay } from '../../src/testing/offline-amazon-pay';
import { SANDBOX_METHOD_IDS } from '../../src/testing/sandbox-backend';
import { ADDRESS, PUBLIC_KEY_ID, RETURN_URL, SELLER } from '../support/checkout-fixtures';

let offline: OfflineAmazonPay | undefined;

afterEach(() => {
  offline?.uninstall();
  offline = undefined;
  resetScriptLoaderForTests();
  document.body.replaceChildren();
});

describe('installOfflineAmazonPay', () => {
  it('runs the button and the wallet against one in-memory backend with no request leaving the page', async () => {
    offline = installOfflineAmazonPay({ checkout: { navigate: () => undefined } });
    const { backend } = offline;
    const order = backend.createOrderReference({ amount: { amount: '49.90', currencyCode: 'GBP' } });
    render(
      <AmazonPayProvider backend={backend} sellerId={SELLER} publicKeyId={PUBLIC_KEY_ID} region="uk" sandbox>
        <AmazonPayButton
          placement="Checkout"
          amount="49.90"
          currency="GBP"
          shippingAddress={ADDRESS}
          checkoutResultReturnUrl={RETURN_URL}
        />
        <WalletWidget orderReferenceId={order.amazonOrderReferenceId} />
      </AmazonPayProvider>,
    );

    fireEvent.click(await screen.findByRole('button', { name: 'Amazon Pay' }));
    expect(await screen.findByRole('dialog', { name: /amazon pay checkout \(simulated\)/i }, { timeout: 5000 })).toBeTruthy();
    expect(await screen.findAllByRole('radio')).not.toHaveLength(0);
    expect(backend.calls.map((call) => call.method)).toContain('signCheckoutSessionPayload');
    expect(offline.checkout?.initCheckouts).toHaveLength(1);
    expect(offline.widgets?.binds).toHaveLength(1);
    // Every Amazon script tag the kit inserted was kept inert: nothing was fetched from Amazon.
    for (const script of document.querySelectorAll('script[src*="payments-amazon.com"]')) {
      expect((script as HTMLScriptElement).type).toMatch(/^text\/x-simulated/);
    }
  });

  it('uses the backend you pass and restores the page on uninstall, once', () => {
    const backend = createSandboxBackend();
    offline = installOfflineAmazonPay({ backend });
    expect(offline.backend).toBe(backend);
    expect(typeof window.amazon?.Pay.renderButton).toBe('function');
    expect(window.OffAmazonPayments).toBeDefined();

    offline.uninstall();
    offline.uninstall();
    expect(window.amazon).toBeUndefined();
    expect(window.OffAmazonPayments).toBeUndefined();
  });

  it('a second call returns the same instance (two modules, a hot reload), so one sandbox signs and checks every payload', () => {
    offline = installOfflineAmazonPay();
    const again = installOfflineAmazonPay();
    expect(again).toBe(offline);
    const navigate = (url: string) => window.location.assign(url);
    offline.uninstall();
    offline = installOfflineAmazonPay({ checkout: { navigate } });
    // The same options again (the same module re-run by a hot reload): the same instance.
    expect(installOfflineAmazonPay({ checkout: { navigate: (url: string) => window.location.assign(url) } })).toBe(offline);
  });

  it('a second call with other options is a clear error naming the second call, and the first install keeps working', () => {
    offline = installOfflineAmazonPay();
    expect(() => installOfflineAmazonPay({ backend: createSandboxBackend() })).toThrow(
      /installOfflineAmazonPay\(\) was called a second time on this page with other options \(this call/,
    );
    expect(() => installOfflineAmazonPay({ widgets: { blockedLoads: 1 } })).toThrow(/Call it once, in one module/);
    expect(installOfflineAmazonPay()).toBe(offline);
    offline.uninstall();
    // After uninstall a new install starts fresh.
    const next = installOfflineAmazonPay({ widgets: { blockedLoads: 1 } });
    expect(next).not.toBe(offline);
    offline = next;
  });

  it("keeps the sandbox across a navigation in the tab, so Amazon's redirect to the return page completes the checkout", async () => {
    offline = installOfflineAmazonPay();
    const amount = { amount: '49.90', currencyCode: 'GBP' } as const;
    const signed = await offline.backend.signCheckoutSessionPayload({ checkoutResultReturnUrl: RETURN_URL, amount });
    const session = offline.backend.createCheckoutSession(signed);
    offline.backend.finishCheckoutSession(session.checkoutSessionId, { paymentMethodId: SANDBOX_METHOD_IDS.approves });
    const order = offline.backend.createOrderReference({ amount, paymentMethodId: SANDBOX_METHOD_IDS.declinesHard });
    await offline.backend.authorize({
      amazonOrderReferenceId: order.amazonOrderReferenceId,
      authorizationReferenceId: 'order-1-0',
      amount,
      mode: 'sync',
    });

    // Leaving the page (Amazon's redirect) hides it first; the next page's sandbox reads what was kept.
    window.dispatchEvent(new Event('pagehide'));
    const nextPage = createSandboxBackend({ sessionStorageKey: OFFLINE_SANDBOX_STORAGE_KEY });
    expect((await nextPage.completeCheckoutSession({ checkoutSessionId: session.checkoutSessionId, amount })).state).toBe('Completed');
    expect((await nextPage.getOrderReferenceDetails(order.amazonOrderReferenceId)).state).toBe('Suspended');
    expect(nextPage.walletFor(order.amazonOrderReferenceId).find((method) => method.id === SANDBOX_METHOD_IDS.declinesHard)?.declined).toBe(
      true,
    );
    nextPage.forgetStoredState();

    // A test's uninstall forgets it: the next test starts with an empty sandbox.
    offline.uninstall();
    expect(sessionStorage.getItem(OFFLINE_SANDBOX_STORAGE_KEY)).toBeNull();
  });
});
