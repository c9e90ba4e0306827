import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { AmazonPayButton } from '../../src/react/AmazonPayButton';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { WalletWidget } from '../../src/react/WalletWidget';
import { installOfflineAmazonPay, type OfflineAmazonPay } from '../../src/testing/offline-amazon-pay';
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
        <AmazonPayButton placement="Checkout" amount="49.90" currency="GBP" shippingAddress={ADDRESS} checkoutResultReturnUrl={RETURN_URL} />
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
});
