import { render } from '@testing-library/react';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import type { Appearance } from '../../src/browser/appearance';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { WalletWidget } from '../../src/react/WalletWidget';
import { createSandboxBackend, installSimulatedAmazonWidgets, type SimulatedAmazonWidgetsOptions } from '../../src/testing';
import '../../src/styles/index.css';

export interface WalletSetup {
  readonly appearance?: Appearance;
  readonly widgets?: Omit<SimulatedAmazonWidgetsOptions, 'backend'>;
  readonly onPaymentSelect?: () => void;
}

/** A WalletWidget in a themed provider, bound to a fresh sandbox order, with the simulated Widgets.js. */
export function renderWallet({ appearance, widgets, onPaymentSelect }: WalletSetup = {}) {
  const backend = createSandboxBackend();
  const order = backend.createOrderReference({ amount: { amount: '49.90', currencyCode: 'EUR' } });
  const uninstall = installSimulatedAmazonWidgets({ backend, ...widgets });
  const view = render(
    <AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="de" sandbox appearance={appearance}>
      <main style={{ background: 'var(--arp-color-background)', color: 'var(--arp-color-text)', padding: 16 }}>
        <button type="button">Before the wallet</button>
        <WalletWidget orderReferenceId={order.amazonOrderReferenceId} onPaymentSelect={onPaymentSelect} />
      </main>
    </AmazonPayProvider>,
  );
  const cleanup = () => {
    view.unmount();
    uninstall();
    resetScriptLoaderForTests();
  };
  return { ...view, backend, orderReferenceId: order.amazonOrderReferenceId, cleanup };
}
