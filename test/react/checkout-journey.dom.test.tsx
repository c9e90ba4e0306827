import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandboxBackend, type SandboxBackend } from '../../src/testing/sandbox-backend';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { CartRecoveryPopup } from '../../src/react/CartRecoveryPopup';
import { resetCheckoutReturnForTests, useCheckoutSessionReturn } from '../../src/react/useCheckoutSessionReturn';
import { installSimulatedAmazonCheckout, SIMULATED_MFA_CODE, type SimulatedAmazonCheckout } from '../../src/testing/simulated-checkout';
import { ADDRESS, InUkSandbox, RETURN_URL } from '../support/checkout-fixtures';

let backend: SandboxBackend;
let amazon: SimulatedAmazonCheckout;
let navigate: ReturnType<typeof vi.fn<(url: string) => void>>;

function ReturnPage({ search }: { search: string }) {
  const { status, result, reasonCode, error } = useCheckoutSessionReturn({ amount: '49.90', currency: 'GBP', search });
  return (
    <output aria-label="order status" data-status={status}>
      {status}
      {result?.state === 'Completed' ? ` ${result.chargePermissionId}` : ''}
      {reasonCode ? ` ${reasonCode}` : ''}
      {error ? ` ${error.message}` : ''}
    </output>
  );
}

function renderReturn(search: string, strict = false) {
  const page = (
    <InUkSandbox backend={backend}>
      <ReturnPage search={search} />
    </InUkSandbox>
  );
  return render(strict ? <StrictMode>{page}</StrictMode> : page);
}

function completions(): number {
  return backend.calls.filter((call) => call.method === 'completeCheckoutSession').length;
}

/** The buyer goes from the pop-up to Amazon's (simulated) page and pays with a method; returns the URL Amazon sends them to. */
async function payOnAmazon(methodLabel: RegExp, mfaCode?: string): Promise<string> {
  render(
    <InUkSandbox backend={backend}>
      <CartRecoveryPopup fadeIn={0} amount="49.90" currency="GBP" shippingAddress={ADDRESS} checkoutResultReturnUrl={RETURN_URL} />
    </InUkSandbox>,
  );
  fireEvent.click(await screen.findByRole('button', { name: 'Amazon Pay' }));
  const hosted = await screen.findByRole('dialog', { name: /amazon pay checkout \(simulated\)/i }, { timeout: 5000 });
  const address = within(hosted).getByLabelText('Shipping address');
  expect(address.textContent).toContain('Jane Doe');
  expect(address.textContent).toContain('1 Market Street');
  expect(address.textContent).toContain('EC1A 1AA London');
  fireEvent.click(within(hosted).getByRole('radio', { name: methodLabel }));
  fireEvent.click(within(hosted).getByRole('button', { name: 'Pay now' }));
  if (mfaCode !== undefined) {
    const code = within(hosted).getByLabelText('Verification code');
    fireEvent.change(code, { target: { value: '000000' } });
    fireEvent.click(within(hosted).getByRole('button', { name: 'Verify' }));
    expect(within(hosted).getByRole('alert').textContent).toMatch(/code is wrong/);
    fireEvent.change(code, { target: { value: mfaCode } });
    fireEvent.click(within(hosted).getByRole('button', { name: 'Verify' }));
  }
  await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1), { timeout: 5000 });
  return navigate.mock.calls[0]![0];
}

beforeEach(() => {
  resetScriptLoaderForTests();
  resetCheckoutReturnForTests();
  sessionStorage.clear();
  backend = createSandboxBackend();
  navigate = vi.fn<(url: string) => void>();
  amazon = installSimulatedAmazonCheckout({ backend, navigate });
});

afterEach(() => {
  amazon();
});

describe('full journey: pop-up -> Amazon page -> return', () => {
  it('pays with an MFA method and completes exactly once across StrictMode, remount and reload', async () => {
    const url = await payOnAmazon(/Mastercard/, SIMULATED_MFA_CODE);
    expect(url.startsWith(`${RETURN_URL}?amazonCheckoutSessionId=`)).toBe(true);
    const { search } = new URL(url);
    const first = renderReturn(search, true);
    const status = await screen.findByText(/^completed S01-/, {}, { timeout: 5000 });
    expect(status.dataset.status).toBe('completed');
    const text = status.textContent;
    first.unmount();
    // A reload: the page's module state is gone, sessionStorage stays.
    resetCheckoutReturnForTests();
    renderReturn(search);
    expect(screen.getByRole('status', { name: 'order status' }).textContent).toBe(text);
    expect(completions()).toBe(1);
  });

  it('a declined method ends canceled with reasonCode Declined', async () => {
    const url = await payOnAmazon(/Amex/);
    renderReturn(new URL(url).search);
    expect(await screen.findByText('canceled Declined')).toBeTruthy();
  });

  it('the buyer cancels on Amazon: canceled with BuyerCanceled', async () => {
    render(
      <InUkSandbox backend={backend}>
        <CartRecoveryPopup
          fadeIn={0}
          amount="49.90"
          currency="GBP"
          shippingAddress={ADDRESS}
          checkoutResultReturnUrl={RETURN_URL}
          checkoutCancelUrl="https://shop.example/checkout"
        />
      </InUkSandbox>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Amazon Pay' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel and return to the shop' }));
    const url = navigate.mock.calls[0]![0];
    expect(url.startsWith('https://shop.example/checkout?amazonCheckoutSessionId=')).toBe(true);
    renderReturn(new URL(url).search);
    expect(await screen.findByText('canceled BuyerCanceled')).toBeTruthy();
  });
});

describe('useCheckoutSessionReturn: bad input', () => {
  it('is idle without amazonCheckoutSessionId', () => {
    renderReturn('?foo=1');
    expect(screen.getByRole('status').textContent).toBe('idle');
    expect(completions()).toBe(0);
  });

  it.each(['?amazonCheckoutSessionId=', '?amazonCheckoutSessionId=%3Cscript%3E', '?amazonCheckoutSessionId=abc'])(
    'rejects a missing or altered id %s without calling the backend',
    (search) => {
      renderReturn(search);
      expect(screen.getByRole('status').dataset.status).toBe('error');
      expect(screen.getByRole('status').textContent).toMatch(/not a checkout session id/);
      expect(completions()).toBe(0);
    },
  );

  it('an unknown (tampered) session id is an error from the backend', async () => {
    renderReturn('?amazonCheckoutSessionId=00000000-0000-4000-8000-000000000000');
    expect(await screen.findByText(/ResourceNotFound/)).toBeTruthy();
  });

  it('an already completed session (another tab, no stored result) returns the first result, never a second charge', async () => {
    const url = await payOnAmazon(/Visa •••• 1111/);
    const { search } = new URL(url);
    const view = renderReturn(search);
    const first = (await screen.findByText(/^completed S01-/, {}, { timeout: 5000 })).textContent;
    view.unmount();
    sessionStorage.clear();
    resetCheckoutReturnForTests();
    renderReturn(search);
    await waitFor(() => expect(screen.getByRole('status', { name: 'order status' }).textContent).toBe(first));
    expect(backend.getCheckoutSession(new URLSearchParams(search).get('amazonCheckoutSessionId')!)?.status).toBe('Completed');
  });
});
