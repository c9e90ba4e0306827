import { act, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandboxBackend, type SandboxBackend } from '../../src/testing/sandbox-backend';
import { sandboxSimulationNote } from '../../src/domain/sandbox-simulation';
import type { Money } from '../../src/domain/types';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { DeclineRecovery } from '../../src/react/DeclineRecovery';
import { useDeclineHandler } from '../../src/react/useDeclineHandler';
import { installSimulatedAmazonWidgets } from '../../src/testing/simulated-widgets';
import { de } from '../../src/i18n/locales/de';
import { loadLocaleMessages } from '../../src/i18n/load-locale-messages';

const amount: Money = { amount: '19.99', currencyCode: 'EUR' };
const hard = sandboxSimulationNote({ state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false });

function wrapper(backend: SandboxBackend, extra: { strict?: boolean; messages?: Record<string, string>; locale?: string } = {}) {
  return ({ children }: { children: ReactNode }) => {
    const tree = (
      <AmazonPayProvider
        backend={backend}
        sellerId="A1B2C3D4E5F6G7"
        region="de"
        locale={extra.locale ?? 'en-GB'}
        sandbox
        {...(extra.messages ? { messages: extra.messages } : {})}
      >
        {children}
      </AmazonPayProvider>
    );
    return extra.strict ? <StrictMode>{tree}</StrictMode> : tree;
  };
}

const flush = () => act(() => vi.advanceTimersByTimeAsync(0));

describe('useDeclineHandler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('in StrictMode makes exactly one Authorize call per click, and a double click places one order', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    const { result } = renderHook(() => useDeclineHandler({ orderReferenceId: amazonOrderReferenceId, amount, mode: 'sync' }), {
      wrapper: wrapper(backend, { strict: true }),
    });
    expect(result.current.state.status).toBe('idle');
    act(() => {
      result.current.authorize();
      result.current.authorize();
    });
    await flush();
    expect(result.current.state.status).toBe('approved');
    expect(backend.calls.filter((c) => c.method === 'authorize')).toHaveLength(1);
  });

  it('shows a ticking countdown while a retry is scheduled', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    const note = sandboxSimulationNote({ state: 'Declined', reasonCode: 'ProcessingFailure' });
    const { result } = renderHook(
      () =>
        useDeclineHandler({
          orderReferenceId: amazonOrderReferenceId,
          amount,
          mode: 'sync',
          sellerAuthorizationNote: note,
          random: () => 0,
        }),
      { wrapper: wrapper(backend) },
    );
    act(() => result.current.authorize());
    await flush();
    expect(result.current.state).toMatchObject({ status: 'retryScheduled', remainingMs: 60_000 });
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(result.current.state).toMatchObject({ status: 'retryScheduled', remainingMs: 50_000 });
    await act(() => vi.advanceTimersByTimeAsync(50_000));
    expect(result.current.state.status).toBe('approved');
  });

  it('calls onApproved / onDeclined / onStateChange with the latest callbacks', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    const onDeclined = vi.fn();
    const onStateChange = vi.fn();
    const note = sandboxSimulationNote({ state: 'Declined', reasonCode: 'AmazonRejected' });
    const { result } = renderHook(
      () =>
        useDeclineHandler({
          orderReferenceId: amazonOrderReferenceId,
          amount,
          mode: 'sync',
          sellerAuthorizationNote: note,
          onDeclined,
          onStateChange,
        }),
      { wrapper: wrapper(backend) },
    );
    act(() => result.current.authorize());
    await flush();
    expect(onDeclined).toHaveBeenCalledWith(expect.objectContaining({ status: 'declined', reasonCode: 'AmazonRejected' }));
    expect(onStateChange.mock.calls.map(([s]) => s.status)).toEqual(['authorizing', 'declined']);
  });

  it('aborts the call in flight on unmount and never updates afterwards', async () => {
    const backend = createSandboxBackend({ latencyMs: 1000 });
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    const onStateChange = vi.fn();
    const { result, unmount } = renderHook(
      () => useDeclineHandler({ orderReferenceId: amazonOrderReferenceId, amount, mode: 'sync', onStateChange }),
      { wrapper: wrapper(backend) },
    );
    act(() => result.current.authorize());
    unmount();
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(onStateChange.mock.calls.map(([s]) => s.status)).toEqual(['authorizing']);
    expect(backend.calls.filter((c) => c.outcome === 'ok')).toHaveLength(0);
  });

  it('an invalid order reference id is an error state, not a crash', () => {
    const backend = createSandboxBackend();
    const { result } = renderHook(() => useDeclineHandler({ orderReferenceId: 'bogus', amount, mode: 'sync' }), {
      wrapper: wrapper(backend),
    });
    expect(result.current.state).toMatchObject({ status: 'error', error: { code: 'InvalidOrderReferenceId' } });
  });

  for (const method of ['authorize', 'getOrderReferenceDetails', 'confirmOrderReference'] as const) {
    it(`a backend failure in ${method} shows a retry that recovers without a second authorization`, async () => {
      const backend = createSandboxBackend();
      const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
      const { result } = renderHook(
        () => useDeclineHandler({ orderReferenceId: amazonOrderReferenceId, amount, mode: 'sync', sellerAuthorizationNote: hard }),
        { wrapper: wrapper(backend) },
      );
      if (method !== 'authorize') {
        act(() => result.current.authorize());
        await flush();
        backend.selectPaymentMethod(amazonOrderReferenceId, 'visa-1111');
        act(() => result.current.paymentSelected());
      }
      backend.injectFault({ method, kind: 'amazon', code: 'InternalServerError', when: 'before' });
      act(() => (method === 'authorize' ? result.current.authorize() : result.current.placeOrder()));
      await flush();
      expect(result.current.state.status).toBe('error');
      act(() => result.current.retry());
      await flush();
      if (method === 'authorize') {
        expect(result.current.state.status).toBe('needsNewPaymentMethod');
      } else {
        expect(['approved', 'needsNewPaymentMethod']).toContain(result.current.state.status);
      }
      const opens = (
        await Promise.all(
          [1, 2, 3].map((n) => backend.getAuthorizationDetails(`${amazonOrderReferenceId}-A00000${n}`).catch(() => undefined)),
        )
      ).filter((a) => a?.state === 'Open');
      expect(opens.length).toBeLessThanOrEqual(1);
    });
  }
});

describe('<DeclineRecovery>', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('re-binds the Wallet on the declined order reference and completes the order on the final click', async () => {
    const backend = createSandboxBackend();
    const simulated = installSimulatedAmazonWidgets({ backend });
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    const onApproved = vi.fn();
    render(
      <DeclineRecovery
        orderReferenceId={amazonOrderReferenceId}
        amount={amount}
        mode="sync"
        sellerAuthorizationNote={hard}
        onApproved={onApproved}
      />,
      { wrapper: wrapper(backend) },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('Your payment method was declined.');
    // Unavailable until a method is chosen, still reachable by Tab, its hint read as its description.
    const unavailable = screen.getByRole('button', { name: 'Place order' });
    expect(unavailable.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(unavailable.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Select a payment method to continue.',
    );
    fireEvent.click(unavailable);
    await flush();
    expect(backend.calls.filter((c) => c.method === 'confirmOrderReference')).toHaveLength(0);
    expect(simulated.binds.map((b) => b.options.amazonOrderReferenceId)).toEqual([amazonOrderReferenceId]);
    await flush();
    expect(screen.getByText(/Declined/)).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: /Visa •••• 1111/ }));
    fireEvent.click(screen.getByRole('radio', { name: /Mastercard/ }));
    expect(backend.calls.filter((c) => c.method === 'confirmOrderReference')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await flush();
    expect(screen.getByRole('status').textContent).toBe('Thank you! Your payment was approved.');
    expect(onApproved).toHaveBeenCalledTimes(1);
    simulated();
  });

  it('speaks the provider locale and takes per-string overrides', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    render(
      <DeclineRecovery
        orderReferenceId={amazonOrderReferenceId}
        amount={amount}
        mode="async"
        messages={{ 'decline.pending': 'Bitte warten.' }}
      />,
      { wrapper: wrapper(backend, { messages: de, locale: 'de-DE' }) },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Bestellung abschließen' }));
    await flush();
    expect(screen.getByRole('status').textContent).toBe('Bitte warten.');
  });

  it("speaks the provider's locale with no messages passed: German loads on demand", async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    render(<DeclineRecovery orderReferenceId={amazonOrderReferenceId} amount={amount} mode="sync" />, {
      wrapper: wrapper(backend, { locale: 'de-DE' }),
    });
    await act(() => loadLocaleMessages('de-DE'));
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Bestellung abschließen' }));
    await flush();
    expect(screen.getByRole('status').textContent).toBe('Vielen Dank! Ihre Zahlung wurde autorisiert.');
  });

  it('offers the per-order account link after an async hard decline', async () => {
    const backend = createSandboxBackend({ asyncResultDelayMs: 100 });
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    render(
      <DeclineRecovery
        orderReferenceId={amazonOrderReferenceId}
        amount={amount}
        mode="async"
        sellerAuthorizationNote={hard}
        messages={{ 'decline.placeOrder': 'Place order', 'decline.accountLink': 'Open your Amazon Pay account' }}
      />,
      { wrapper: wrapper(backend, { locale: 'de-DE' }) },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await act(() => vi.advanceTimersByTimeAsync(100));
    const link = screen.getByRole('link', { name: 'Open your Amazon Pay account' }) as HTMLAnchorElement;
    // The guide's per-order page for this order reference (EU region).
    expect(link.href).toBe(`https://pay.amazon.de/mn/your-account/apa?action=renderOrderDetails&contractId=${amazonOrderReferenceId}`);
  });

  it('offers "Pay another way" only once the outcome is known, and never authorizes after it', async () => {
    const backend = createSandboxBackend({ asyncResultDelayMs: 100 });
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    const onPayAnotherWay = vi.fn();
    render(
      <DeclineRecovery
        orderReferenceId={amazonOrderReferenceId}
        amount={amount}
        mode="async"
        sellerAuthorizationNote={hard}
        onPayAnotherWay={onPayAnotherWay}
      />,
      { wrapper: wrapper(backend) },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await flush();
    expect(screen.getByRole('status').textContent).toContain('submitted');
    expect(screen.queryByRole('button', { name: 'Pay another way' })).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(100));
    fireEvent.click(screen.getByRole('button', { name: 'Pay another way' }));
    expect(onPayAnotherWay).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status').textContent).toBe('The Amazon Pay payment was canceled. Please choose another payment method.');
    backend.simulateBuyerUpdatedPaymentMethod(amazonOrderReferenceId, 'visa-1111');
    await act(() => vi.advanceTimersByTimeAsync(10 * 60_000));
    expect(backend.calls.filter((c) => c.method === 'authorize')).toHaveLength(1);
  });

  it('after the last allowed attempt, a non-payment-method decline offers another payment, not the account page', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    const failure = sandboxSimulationNote({ state: 'Declined', reasonCode: 'ProcessingFailure' });
    render(
      <DeclineRecovery
        orderReferenceId={amazonOrderReferenceId}
        amount={amount}
        mode="sync"
        sellerAuthorizationNote={failure}
        policy={{ maxReauthorizations: 0 }}
      />,
      { wrapper: wrapper(backend) },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await flush();
    expect(screen.getByRole('alert').textContent).toBe(
      'Amazon Pay could not process your payment after several attempts. Please choose another payment method or try again later.',
    );
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByRole('button', { name: 'Pay another way' })).toBeTruthy();
  });

  it('tells "refused" from "unreachable" in the error state', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    render(<DeclineRecovery orderReferenceId={amazonOrderReferenceId} amount={amount} mode="sync" />, { wrapper: wrapper(backend) });
    backend.injectFault({ method: 'authorize', kind: 'amazon', code: 'AmountMismatch', status: 409, when: 'before' });
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('Amazon Pay could not process this request. Your order is safe');
    backend.injectFault({ method: 'authorize', kind: 'network', when: 'before' });
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('We could not reach the payment service.');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await flush();
    expect(screen.getByRole('status').textContent).toBe('Thank you! Your payment was approved.');
  });

  it('counts down from the delay itself and announces the scheduled retry once, not every second', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    const failure = sandboxSimulationNote({ state: 'Declined', reasonCode: 'ProcessingFailure' });
    render(
      <DeclineRecovery
        orderReferenceId={amazonOrderReferenceId}
        amount={amount}
        mode="sync"
        sellerAuthorizationNote={failure}
        policy={{ retryDelayMs: [4000, 4000] }}
      />,
      { wrapper: wrapper(backend) },
    );
    // The buyer reads the page for a while before placing the order.
    await act(() => vi.advanceTimersByTimeAsync(3000));
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await flush();
    const visible = () => document.querySelector('.arp-decline__title')?.textContent;
    expect(visible()).toContain('in 4 s');
    await act(() => vi.advanceTimersByTimeAsync(200));
    const announced = screen.getByRole('status').textContent;
    expect(announced).toContain('in 4 s');
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(visible()).toContain('in 3 s');
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(visible()).toContain('in 2 s');
    expect(screen.getByRole('status').textContent).toBe(announced);
  });

  it('keeps its live regions from the first render and never changes their roles', async () => {
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    render(<DeclineRecovery orderReferenceId={amazonOrderReferenceId} amount={amount} mode="sync" />, { wrapper: wrapper(backend) });
    const polite = screen.getByRole('status');
    const assertive = screen.getByRole('alert');
    expect(polite.textContent).toBe('');
    backend.injectFault({ method: 'authorize', kind: 'network', when: 'before' });
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await flush();
    expect(assertive.textContent).toContain('We could not reach the payment service.');
    expect(polite.textContent).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await flush();
    expect(polite.textContent).toBe('Thank you! Your payment was approved.');
    expect(assertive.textContent).toBe('');
    expect([screen.getByRole('status'), screen.getByRole('alert')]).toEqual([polite, assertive]);
  });
});
