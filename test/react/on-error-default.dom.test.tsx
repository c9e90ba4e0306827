import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';
import { AmazonPayError } from '../../src/domain/errors';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { AmazonPayButton } from '../../src/react/AmazonPayButton';
import { WalletWidget } from '../../src/react/WalletWidget';
import { installSimulatedAmazonCheckout } from '../../src/testing/simulated-checkout';
import { installSimulatedAmazonWidgets } from '../../src/testing/simulated-widgets';
import { ADDRESS, InUkSandbox, RETURN_URL } from '../support/checkout-fixtures';

afterEach(() => {
  resetScriptLoaderForTests();
  document.body.replaceChildren();
});

// onError is optional on both components: the buyer sees the failure either way, and without a
// handler the error still reaches the console instead of vanishing.
describe('onError is optional on AmazonPayButton and WalletWidget alike', () => {
  it('AmazonPayButton without onError shows its fallback and logs the error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const backend = createSandboxBackend();
    const uninstall = installSimulatedAmazonCheckout({ backend, blockedLoads: Infinity });
    render(
      <InUkSandbox backend={backend}>
        <AmazonPayButton
          placement="Checkout"
          amount="49.90"
          currency="GBP"
          shippingAddress={ADDRESS}
          checkoutResultReturnUrl={RETURN_URL}
        />
      </InUkSandbox>,
    );
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(logged).toHaveBeenCalledWith(expect.any(AmazonPayError));
    uninstall();
  });

  it('WalletWidget without onError shows its fallback and logs the error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const backend = createSandboxBackend();
    const uninstall = installSimulatedAmazonWidgets({ backend, blockedLoads: Infinity });
    render(
      <InUkSandbox backend={backend}>
        <WalletWidget
          orderReferenceId={backend.createOrderReference({ amount: { amount: '49.90', currencyCode: 'GBP' } }).amazonOrderReferenceId}
        />
      </InUkSandbox>,
    );
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(logged).toHaveBeenCalledWith(expect.any(AmazonPayError));
    uninstall();
  });
});
