import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';
import { resetWarningsForTests } from '../../src/domain/dev-warning';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { CartRecoveryPopup } from '../../src/react/CartRecoveryPopup';
import { installSimulatedAmazonCheckout } from '../../src/testing/simulated-checkout';
import { InUkSandbox, RETURN_URL } from '../support/checkout-fixtures';

// The Spanish chunk fails like a chunk a CDN could not serve.
vi.mock('../../src/i18n/locales/es', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

let uninstall: () => void;
beforeEach(() => {
  resetScriptLoaderForTests();
  resetWarningsForTests();
  sessionStorage.clear();
  uninstall = installSimulatedAmazonCheckout({ backend: createSandboxBackend(), navigate: () => undefined });
});
afterEach(() => uninstall());

it('a pop-up whose language fails to load still appears, in English, with a warning for the developer', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  render(
    <InUkSandbox backend={createSandboxBackend()} locale="es-ES">
      <CartRecoveryPopup fadeIn={0} rememberDismissal="none" amount="49.90" currency="GBP" checkoutResultReturnUrl={RETURN_URL} />
    </InUkSandbox>,
  );
  expect(await screen.findByRole('dialog', { name: 'How about paying with Amazon Pay instead?' })).toBeTruthy();
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('"es" texts could not be loaded'));
});
