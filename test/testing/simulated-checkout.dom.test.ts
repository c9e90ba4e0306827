import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';
import { loadAmazonCheckout, resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { installSimulatedAmazonCheckout } from '../../src/testing/simulated-checkout';
import { RETURN_URL } from '../support/checkout-fixtures';

const OPTIONS = { merchantId: 'A1B2C3D4E5F6G7', publicKeyId: 'K', ledgerCurrency: 'GBP', placement: 'Checkout' };

/** The simulated checkout.js installed over a sandbox backend, with its button drawn into #pay. */
function renderSimulatedButton() {
  const backend = createSandboxBackend();
  const uninstall = installSimulatedAmazonCheckout({ backend, navigate: () => undefined });
  const container = document.createElement('div');
  container.id = 'pay';
  document.body.append(container);
  return { backend, uninstall, handle: window.amazon!.Pay.renderButton('#pay', OPTIONS)! };
}

afterEach(() => {
  resetScriptLoaderForTests();
  document.body.replaceChildren();
  delete window.amazon;
});

describe('installSimulatedAmazonCheckout', () => {
  it('adds amazon.Pay beside an existing amazon.Login and restores it on uninstall', () => {
    const login = { setClientId: () => undefined };
    window.amazon = { Login: login } as unknown as typeof window.amazon;
    const uninstall = installSimulatedAmazonCheckout({ backend: createSandboxBackend() });
    expect(window.amazon?.Login).toBe(login);
    expect(typeof window.amazon?.Pay.renderButton).toBe('function');
    uninstall();
    expect(window.amazon?.Login).toBe(login);
    expect(window.amazon?.Pay).toBeUndefined();
  });

  it('rejects a payload that differs from the signed one by a single byte', async () => {
    const { backend, uninstall, handle } = renderSimulatedButton();
    const signed = await backend.signCheckoutSessionPayload({
      checkoutResultReturnUrl: RETURN_URL,
      amount: { amount: '10.00', currencyCode: 'GBP' },
    });
    const altered = JSON.stringify(JSON.parse(signed.payloadJSON), null, 1);
    expect(() => handle.initCheckout({ createCheckoutSessionConfig: { ...signed, payloadJSON: altered } })).toThrow(/byte-identical/);
    expect(document.querySelector('[data-simulated="amazon-checkout"]')).toBeNull();
    handle.initCheckout({ createCheckoutSessionConfig: signed });
    expect(document.querySelector('[data-simulated="amazon-checkout"]')).not.toBeNull();
    uninstall();
  });

  it('with readyDelayMs the global appears only when the page loads checkout.js', async () => {
    const uninstall = installSimulatedAmazonCheckout({ backend: createSandboxBackend(), readyDelayMs: 20 });
    expect(window.amazon).toBeUndefined();
    const started = performance.now();
    const amazon = await loadAmazonCheckout({ region: 'uk' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(typeof amazon.Pay.renderButton).toBe('function');
    expect(document.head.querySelector('script[src="https://static-eu.payments-amazon.com/checkout.js"]')).not.toBeNull();
    uninstall();
  });
});

describe('the simulated hosted page', () => {
  it('offers one way forward during MFA: Verify replaces Pay now until the buyer picks another method', async () => {
    const { backend, uninstall, handle } = renderSimulatedButton();
    handle.initCheckout({
      createCheckoutSessionConfig: await backend.signCheckoutSessionPayload({
        checkoutResultReturnUrl: RETURN_URL,
        amount: { amount: '10.00', currencyCode: 'GBP' },
      }),
    });
    const page = document.querySelector<HTMLElement>('[data-simulated="amazon-checkout"]')!;
    const radio = (value: string) => page.querySelector<HTMLInputElement>(`input[value="${value}"]`)!;
    const payNow = [...page.querySelectorAll('button')].find((button) => button.textContent === 'Pay now')!;

    radio('mastercard-4444').click();
    payNow.click();
    expect(page.querySelector('form label')?.textContent).toBe('Verification code');
    expect(payNow.hidden).toBe(true);

    radio('visa-1111').click();
    expect(page.querySelector('form')).toBeNull();
    expect(payNow.hidden).toBe(false);
    expect(page.textContent).toContain('* A sandbox test method that declines when you pay with it.');
    uninstall();
  });
});
