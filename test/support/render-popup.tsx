import { render } from '@testing-library/react';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import type { Appearance } from '../../src/browser/appearance';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { CartRecoveryPopup, type CartRecoveryPopupProps } from '../../src/react/CartRecoveryPopup';
import { createSandboxBackend, installSimulatedAmazonCheckout, type SimulatedAmazonCheckoutOptions } from '../../src/testing';
import '../../src/styles/index.css';

export interface PopupSetup {
  readonly appearance?: Appearance;
  /** The provider's locale (default: none, en-US). */
  readonly locale?: string;
  readonly checkout?: Omit<SimulatedAmazonCheckoutOptions, 'backend' | 'navigate'>;
  readonly popup?: Partial<CartRecoveryPopupProps>;
  /** Render inside `<StrictMode>` (effects set up, cleaned up and set up again on mount, as in development). */
  readonly strictMode?: boolean;
}

/** A card form with the Cart Recovery pop-up in a themed provider, on the sandbox with the simulated checkout.js. */
export function renderPopup({ appearance, locale, checkout, popup, strictMode }: PopupSetup = {}) {
  const backend = createSandboxBackend();
  const navigations: string[] = [];
  const uninstall = installSimulatedAmazonCheckout({ backend, navigate: (url) => navigations.push(url), ...checkout });
  sessionStorage.clear();
  const view = render(
    <AmazonPayProvider
      backend={backend}
      sellerId="A1B2C3D4E5F6G7"
      region="uk"
      sandbox
      publicKeyId="SANDBOX-KIT-PUBLIC-KEY"
      appearance={appearance}
      locale={locale}
    >
      <main>
        <label>
          Card number <input className="card-field" autoComplete="off" />
        </label>
        <button type="button">Pay</button>
        <CartRecoveryPopup
          amount="49.90"
          currency="GBP"
          productType="PayOnly"
          checkoutResultReturnUrl="https://shop.example/return"
          rememberDismissal="none"
          onError={() => undefined}
          {...popup}
        />
      </main>
    </AmazonPayProvider>,
    { reactStrictMode: strictMode },
  );
  // Unmount before the simulated script goes, then forget the loaded script for the next test.
  const cleanup = () => [view.unmount, uninstall, resetScriptLoaderForTests].forEach((step) => step());
  return { ...view, backend, navigations, cleanup };
}
