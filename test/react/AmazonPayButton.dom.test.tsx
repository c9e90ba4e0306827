import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandboxBackend, type SandboxBackend } from '../../src/testing/sandbox-backend';
import { AmazonPayError } from '../../src/domain/errors';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { AmazonPayButton, type AmazonPayButtonProps } from '../../src/react/AmazonPayButton';
import {
  installSimulatedAmazonCheckout,
  type SimulatedAmazonCheckout,
  type SimulatedAmazonCheckoutOptions,
} from '../../src/testing/simulated-checkout';
import { messages as en } from '../../src/i18n/locales/en';
import { messages as it_ } from '../../src/i18n/locales/it';
import { loadLocaleMessages } from '../../src/i18n/load-locale-messages';
import { ADDRESS, InUkSandbox, PUBLIC_KEY_ID, RETURN_URL, SELLER } from '../support/checkout-fixtures';

let backend: SandboxBackend;
let amazon: SimulatedAmazonCheckout | undefined;

function simulate(options: Omit<SimulatedAmazonCheckoutOptions, 'backend'> = {}): SimulatedAmazonCheckout {
  amazon = installSimulatedAmazonCheckout({ backend, navigate: () => undefined, ...options });
  return amazon;
}

function renderButton(props: Partial<AmazonPayButtonProps> = {}) {
  const onError = vi.fn<(error: AmazonPayError) => void>();
  const view = render(
    <InUkSandbox backend={backend}>
      <AmazonPayButton
        placement="Checkout"
        amount="49.90"
        currency="GBP"
        shippingAddress={ADDRESS}
        checkoutResultReturnUrl={RETURN_URL}
        onError={onError}
        {...props}
      />
    </InUkSandbox>,
  );
  return { ...view, onError };
}

function root(): HTMLElement {
  return document.querySelector<HTMLElement>('.arp-button')!;
}

beforeEach(() => {
  resetScriptLoaderForTests();
  backend = createSandboxBackend();
});

afterEach(() => {
  amazon?.();
  amazon = undefined;
  for (const script of document.head.querySelectorAll('script')) script.remove();
});

describe('AmazonPayButton', () => {
  it('sends merchantReferenceId as merchantMetadata (the server looks the amount up by it); a bad one is a validation error', async () => {
    const sim = simulate();
    const view = renderButton({ merchantReferenceId: 'cart-8812' });
    fireEvent.click(await screen.findByRole('button', { name: 'Amazon Pay' }));
    await waitFor(() => expect(sim.initCheckouts).toHaveLength(1), { timeout: 5000 });
    expect(JSON.parse(sim.initCheckouts[0]!.payloadJSON)).toMatchObject({ merchantMetadata: { merchantReferenceId: 'cart-8812' } });
    view.unmount();
    const { onError } = renderButton({ merchantReferenceId: 'x'.repeat(257) });
    await waitFor(() =>
      expect(onError).toHaveBeenCalledWith(
        expect.objectContaining({ kind: 'validation', message: expect.stringMatching(/^merchantReferenceId/) }),
      ),
    );
  });

  it('a button re-rendered while a click waits for its signature is not left busy', async () => {
    backend = createSandboxBackend({ latencyMs: 3000 });
    simulate();
    const { rerender } = renderButton();
    fireEvent.click(await screen.findByRole('button', { name: 'Amazon Pay' }));
    await waitFor(() => expect(root().getAttribute('aria-busy')).toBe('true'));
    rerender(
      <InUkSandbox backend={backend}>
        <AmazonPayButton
          placement="Checkout"
          amount="59.90"
          currency="GBP"
          shippingAddress={ADDRESS}
          checkoutResultReturnUrl={RETURN_URL}
          onError={() => {}}
        />
      </InUkSandbox>,
    );
    await waitFor(() => expect(root().dataset.state).toBe('ready'));
    expect(root().getAttribute('aria-busy')).toBeNull();
  });

  it('a new amount clears the message of a failed click', async () => {
    simulate();
    const { rerender } = renderButton();
    backend.injectFault({ method: 'signCheckoutSessionPayload', kind: 'amazon', code: 'AmountMismatch', status: 409, when: 'before' });
    fireEvent.click(await screen.findByRole('button', { name: 'Amazon Pay' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be started/);
    rerender(
      <InUkSandbox backend={backend}>
        <AmazonPayButton
          placement="Checkout"
          amount="59.90"
          currency="GBP"
          shippingAddress={ADDRESS}
          checkoutResultReturnUrl={RETURN_URL}
          onError={() => {}}
        />
      </InUkSandbox>,
    );
    await screen.findByRole('button', { name: 'Amazon Pay' });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a click whose signing fails says so to the buyer and the next click starts checkout', async () => {
    const sim = simulate();
    const { onError } = renderButton();
    const button = await screen.findByRole('button', { name: 'Amazon Pay' });
    backend.injectFault({ method: 'signCheckoutSessionPayload', kind: 'network', when: 'before' });
    fireEvent.click(button);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Amazon Pay could not be started. Please try again or choose another payment method.');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'network' }));
    await vi.waitFor(() => expect(root().dataset.state).toBe('ready'));
    fireEvent.click(button);
    await waitFor(() => expect(sim.initCheckouts).toHaveLength(1), { timeout: 5000 });
    expect(screen.queryByText(/could not be started/)).toBeNull();
  });

  it('renders the Checkout v2 button with the documented options', async () => {
    const sim = simulate();
    renderButton();
    await screen.findByRole('button', { name: 'Amazon Pay' });
    await vi.waitFor(() => expect(root().dataset.state).toBe('ready'));
    expect(sim.renders).toHaveLength(1);
    expect(sim.renders[0]!.options).toEqual({
      merchantId: SELLER,
      publicKeyId: PUBLIC_KEY_ID,
      ledgerCurrency: 'GBP',
      checkoutLanguage: 'en_GB',
      productType: 'PayAndShip',
      placement: 'Checkout',
      buttonColor: 'Gold',
      estimatedOrderAmount: { amount: '49.90', currencyCode: 'GBP' },
      sandbox: true,
    });
  });

  it('on click signs on the backend and hands initCheckout the byte-identical payload: address, ProcessOrder, return URL', async () => {
    const sim = simulate();
    renderButton({ checkoutCancelUrl: 'https://shop.example/checkout' });
    const button = await screen.findByRole('button', { name: 'Amazon Pay' });
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(sim.initCheckouts).toHaveLength(1), { timeout: 5000 });
    expect(backend.calls.filter((call) => call.method === 'signCheckoutSessionPayload')).toHaveLength(1);
    const config = sim.initCheckouts[0]!;
    expect(config.algorithm).toBe('AMZN-PAY-RSASSA-PSS-V2');
    expect(config.publicKeyId).toBe(PUBLIC_KEY_ID);
    const payload = JSON.parse(config.payloadJSON) as {
      webCheckoutDetails: unknown;
      addressDetails: unknown;
      paymentDetails: { chargeAmount: unknown };
    };
    expect(payload.webCheckoutDetails).toEqual({
      checkoutMode: 'ProcessOrder',
      checkoutResultReturnUrl: RETURN_URL,
      checkoutCancelUrl: 'https://shop.example/checkout',
    });
    expect(payload.addressDetails).toEqual(ADDRESS);
    expect(payload.paymentDetails.chargeAmount).toEqual({ amount: '49.90', currencyCode: 'GBP' });
    // The session exists: the backend accepted the exact string it signed.
    expect(await screen.findByRole('dialog', { name: /amazon pay checkout \(simulated\)/i }, { timeout: 5000 })).toBeTruthy();
  });

  it('does not re-render the Amazon button when the parent re-renders', async () => {
    const sim = simulate();
    let bump: () => void = () => undefined;
    function Parent() {
      const [count, setCount] = useState(0);
      bump = () => setCount((c) => c + 1);
      return (
        <InUkSandbox backend={backend}>
          <p>{count}</p>
          <AmazonPayButton
            amount="49.90"
            currency="GBP"
            shippingAddress={{ ...ADDRESS }}
            checkoutResultReturnUrl={RETURN_URL}
            onError={() => count}
          />
        </InUkSandbox>
      );
    }
    render(<Parent />);
    await screen.findByRole('button', { name: 'Amazon Pay' });
    for (let i = 0; i < 20; i++) act(() => bump());
    expect(sim.renders).toHaveLength(1);
  });

  it('shows a fallback when checkout.js is blocked and renders after Try again', async () => {
    simulate({ blockedLoads: 1 });
    const { onError } = renderButton();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/could not be loaded/);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'script', code: 'ScriptLoadFailed' }));
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Amazon Pay' })).toBeTruthy();
    await vi.waitFor(() => expect(root().dataset.state).toBe('ready'));
  });

  it('announces the failure once: the alert holds the message only, Try again sits outside it', async () => {
    simulate({ blockedLoads: 1 });
    renderButton();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(en['button.scriptFailed']);
    expect(alert.contains(screen.getByRole('button', { name: 'Try again' }))).toBe(false);
  });

  it("speaks the provider's locale, whatever the region", async () => {
    await loadLocaleMessages('it-IT');
    simulate({ blockedLoads: 1 });
    render(
      <InUkSandbox backend={backend} locale="it-IT">
        <AmazonPayButton
          placement="Checkout"
          amount="49.90"
          currency="GBP"
          shippingAddress={ADDRESS}
          checkoutResultReturnUrl={RETURN_URL}
          onError={() => undefined}
        />
      </InUkSandbox>,
    );
    expect((await screen.findByRole('alert')).textContent).toBe(it_['button.scriptFailed']);
    expect(screen.getByRole('button', { name: it_['button.retry'] })).toBeTruthy();
  });

  it('reports renderButton returning null with a visible fallback', async () => {
    simulate({ renderReturnsNull: true });
    const { onError } = renderButton();
    await screen.findByRole('alert');
    expect(root().dataset.state).toBe('error');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'ButtonNotRendered' }));
  });

  it.each([
    [{ shippingAddress: { ...ADDRESS, city: '' } }, /shippingAddress\.city is required/],
    [{ shippingAddress: { ...ADDRESS, postalCode: 'x'.repeat(21) } }, /shippingAddress\.postalCode is 21 characters; the limit is 20/],
    [{ checkoutResultReturnUrl: 'http://shop.example/return' }, /checkoutResultReturnUrl must use https/],
    [
      { checkoutResultReturnUrl: 'https://evil.example/return', allowedReturnOrigins: ['https://shop.example'] },
      /not one of the allowed origins/,
    ],
    [{ shippingAddress: undefined }, /shippingAddress is required with productType PayAndShip/],
    [{ productType: 'PayOnly' as const }, /only sent with productType PayAndShip/],
    [{ amount: '0' }, /greater than zero/],
    [{ amount: '-5' }, /positive decimal/],
    [{ amount: '49.999' }, /GBP allows 2/],
    [{ currency: 'EUR' as const }, /ledger currency GBP/],
  ])('rejects bad input %# with a clear error and renders nothing', async (props, message) => {
    const sim = simulate();
    const { onError } = renderButton(props as Partial<AmazonPayButtonProps>);
    await waitFor(() => expect(onError).toHaveBeenCalled());
    expect(onError.mock.calls[0]![0]).toMatchObject({ kind: 'validation' });
    expect(onError.mock.calls[0]![0].message).toMatch(message);
    expect(root().dataset.state).toBe('error');
    expect(sim.renders).toHaveLength(0);
  });

  it('accepts an http://localhost return URL in sandbox', async () => {
    simulate();
    renderButton({ checkoutResultReturnUrl: 'http://localhost:6006/return' });
    expect(await screen.findByRole('button', { name: 'Amazon Pay' })).toBeTruthy();
  });
});
