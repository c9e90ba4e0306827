import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';
import { resetWarningsForTests } from '../../src/domain/dev-warning';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { WalletWidget } from '../../src/react/WalletWidget';
import { installSimulatedAmazonWidgets } from '../../src/testing/simulated-widgets';
import { SELLER } from '../support/checkout-fixtures';

const STORE_ID = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';

afterEach(() => {
  resetScriptLoaderForTests();
  resetWarningsForTests();
  delete window.onAmazonLoginReady;
  delete window.onAmazonPaymentsReady;
  document.body.replaceChildren();
});

async function walletStoreIds(provider: { storeId?: string; clientId?: string }, wallet: { storeId?: string; clientId?: string } = {}) {
  vi.spyOn(console, 'error').mockImplementation(() => {}); // the blocked first load is logged
  const backend = createSandboxBackend();
  const order = backend.createOrderReference({ amount: { amount: '10.00', currencyCode: 'EUR' } });
  // The first load fails, so Try again loads Widgets.js for real and its ready callback sets the id.
  const sim = installSimulatedAmazonWidgets({ backend, blockedLoads: 1 });
  render(
    <AmazonPayProvider backend={backend} sellerId={SELLER} region="de" sandbox {...provider}>
      <WalletWidget orderReferenceId={order.amazonOrderReferenceId} {...wallet} />
    </AmazonPayProvider>,
  );
  fireEvent.click(within(await screen.findByRole('alert')).getByRole('button', { name: 'Try again' }));
  await screen.findByRole('radiogroup');
  sim();
  return sim.clientIds;
}

describe('storeId: one name for the Login with Amazon client id', () => {
  it("gives the provider's storeId to Widgets.js without a warning", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await walletStoreIds({ storeId: STORE_ID })).toEqual([STORE_ID]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('still accepts the deprecated clientId and warns once in development', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await walletStoreIds({ clientId: STORE_ID })).toEqual([STORE_ID]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/clientId is deprecated: pass the same value as storeId/);
  });

  it("a wallet's own storeId wins over the provider's, and a conflicting clientId is named", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(
      await walletStoreIds(
        { storeId: 'amzn1.application-oa2-client.provider' },
        { storeId: STORE_ID, clientId: 'amzn1.application-oa2-client.other' },
      ),
    ).toEqual([STORE_ID]);
    expect(String(warn.mock.calls[0]![0])).toMatch(/both storeId and the deprecated clientId with different values; storeId is used/);
  });
});
