/**
 * Issue 29: the provider's `onEvent` reports the buyer's journey as typed funnel
 * events (no personal data), and a throwing `onEvent` changes nothing for the
 * pop-up or the payment.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecoveryFunnelEvent } from '../../src/domain/recovery-events';
import { sandboxSimulationNote } from '../../src/domain/sandbox-simulation';
import type { Money } from '../../src/domain/types';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { CartRecoveryPopup, type CartRecoveryPopupProps } from '../../src/react/CartRecoveryPopup';
import { DeclineRecovery } from '../../src/react/DeclineRecovery';
import { createSandboxBackend, type SandboxBackend } from '../../src/testing/sandbox-backend';
import { ADDRESS, PUBLIC_KEY_ID, RETURN_URL, SELLER } from '../support/checkout-fixtures';
import { advance, dialog, isOpen, setUpPopupHarness } from '../support/popup-harness';

const CART = 'cart-1042';

describe('onEvent: the pop-up', () => {
  const harness = setUpPopupHarness();

  function Page({ onEvent, ...popup }: Partial<CartRecoveryPopupProps> & { onEvent?: (event: RecoveryFunnelEvent) => void }) {
    return (
      <AmazonPayProvider backend={harness.backend} sellerId={SELLER} region="uk" sandbox publicKeyId={PUBLIC_KEY_ID} onEvent={onEvent}>
        <CartRecoveryPopup
          amount="49.90"
          currency="GBP"
          shippingAddress={ADDRESS}
          checkoutResultReturnUrl={RETURN_URL}
          merchantReferenceId={CART}
          rememberDismissal="none"
          {...popup}
        />
      </AmazonPayProvider>
    );
  }

  it('shown by fadeIn, then Amazon Pay chosen: two events with the trigger and the cart id', async () => {
    const events: RecoveryFunnelEvent[] = [];
    render(
      <StrictMode>
        <Page fadeIn={2} onEvent={(event) => events.push(event)} />
      </StrictMode>,
    );
    await advance(1999);
    expect(events).toEqual([]);
    await advance(1);
    expect(isOpen()).toBe(true);
    expect(events).toEqual([{ type: 'popupShown', trigger: 'fadeIn', merchantReferenceId: CART }]);
    await advance(0);
    fireEvent.click(screen.getByRole('button', { name: 'Amazon Pay' }));
    expect(events).toEqual([
      { type: 'popupShown', trigger: 'fadeIn', merchantReferenceId: CART },
      { type: 'amazonPayChosen', merchantReferenceId: CART },
    ]);
  });

  it('dismissed with the close button, then with Escape after it shows again', async () => {
    const events: RecoveryFunnelEvent[] = [];
    const { rerender } = render(<Page open fadeIn={0} onEvent={(event) => events.push(event)} />);
    await advance(0);
    expect(isOpen()).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(isOpen()).toBe(false);
    // Controlled: the merchant's `open` showed it (fadeIn only delays it).
    expect(events).toEqual([
      { type: 'popupShown', trigger: 'open', merchantReferenceId: CART },
      { type: 'popupDismissed', merchantReferenceId: CART },
    ]);
    rerender(<Page open={false} fadeIn={0} onEvent={(event) => events.push(event)} />);
    rerender(<Page open fadeIn={0} onEvent={(event) => events.push(event)} />);
    await advance(0);
    expect(isOpen()).toBe(true);
    fireEvent.keyDown(dialog(), { key: 'Escape' });
    expect(isOpen()).toBe(false);
    expect(events.slice(2)).toEqual([
      { type: 'popupShown', trigger: 'open', merchantReferenceId: CART },
      { type: 'popupDismissed', merchantReferenceId: CART },
    ]);
  });

  it('the latest onEvent is called: a new function on each render re-renders nothing and loses nothing', async () => {
    const first = vi.fn();
    const second = vi.fn();
    const { rerender } = render(<Page fadeIn={1} onEvent={first} />);
    rerender(<Page fadeIn={1} onEvent={second} />);
    await advance(1000);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith({ type: 'popupShown', trigger: 'fadeIn', merchantReferenceId: CART });
  });

  it('a throwing onEvent is reported and the pop-up still opens, closes and checks out', async () => {
    const reportError = vi.fn();
    vi.stubGlobal('reportError', reportError);
    try {
      const failure = new Error('analytics is down');
      render(
        <Page
          fadeIn={0}
          onEvent={() => {
            throw failure;
          }}
        />,
      );
      await advance(0);
      expect(isOpen()).toBe(true);
      expect(reportError).toHaveBeenCalledWith(failure);
      const sign = vi.spyOn(harness.backend, 'signCheckoutSessionPayload');
      fireEvent.click(screen.getByRole('button', { name: 'Amazon Pay' }));
      // The click went on, as without an onEvent: the button asked the server to sign the checkout's payload. (Not
      // aria-busy: the signature is WebCrypto's, which settles in real time, so the busy state may already be over.)
      expect(sign).toHaveBeenCalledTimes(1);
      await advance(0);
      expect(reportError).toHaveBeenCalledTimes(2);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('onEvent: a decline', () => {
  const amount: Money = { amount: '19.99', currencyCode: 'EUR' };
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const flush = () => act(() => vi.advanceTimersByTimeAsync(0));

  function renderDecline(
    backend: SandboxBackend,
    onEvent: (event: RecoveryFunnelEvent) => void,
    props: Partial<Parameters<typeof DeclineRecovery>[0]>,
  ) {
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    render(
      <AmazonPayProvider backend={backend} sellerId={SELLER} region="de" locale="en-GB" sandbox onEvent={onEvent}>
        <DeclineRecovery orderReferenceId={amazonOrderReferenceId} amount={amount} mode="sync" {...props} />
      </AmazonPayProvider>,
    );
    return amazonOrderReferenceId;
  }

  it('a hard decline seen, then the buyer pays another way: declineSeen, otherMethodChosen, lost', async () => {
    const events: RecoveryFunnelEvent[] = [];
    const backend = createSandboxBackend();
    const hard = sandboxSimulationNote({ state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false });
    const id = renderDecline(backend, (event) => events.push(event), { sellerAuthorizationNote: hard });
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await flush();
    expect(events).toEqual([
      { type: 'declineSeen', amazonOrderReferenceId: id, reasonCode: 'InvalidPaymentMethod', mode: 'sync', softDecline: false },
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Pay another way' }));
    await flush();
    expect(events.slice(1)).toEqual([
      { type: 'otherMethodChosen', amazonOrderReferenceId: id },
      { type: 'lost', amazonOrderReferenceId: id, reasonCode: 'InvalidPaymentMethod' },
    ]);
  });

  it('a soft decline the kit retries, then approved: declineSeen (soft), recovered with the amount', async () => {
    const events: RecoveryFunnelEvent[] = [];
    const backend = createSandboxBackend();
    const soft = sandboxSimulationNote({ state: 'Declined', reasonCode: 'ProcessingFailure' });
    const id = renderDecline(backend, (event) => events.push(event), { sellerAuthorizationNote: soft, random: () => 0 });
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await flush();
    expect(events).toEqual([
      { type: 'declineSeen', amazonOrderReferenceId: id, reasonCode: 'ProcessingFailure', mode: 'sync', softDecline: true },
    ]);
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(events.slice(1)).toEqual([{ type: 'recovered', amazonOrderReferenceId: id, amount }]);
  });

  it('a decline the merchant passes (initialAuthorization) is seen once the flow starts; an approval without a decline is no recovery', async () => {
    const events: RecoveryFunnelEvent[] = [];
    const backend = createSandboxBackend();
    const { amazonOrderReferenceId: id } = backend.createOrderReference({ amount });
    const declined = await backend.authorize({
      amazonOrderReferenceId: id,
      authorizationReferenceId: 'shop-1',
      amount,
      mode: 'sync',
      sellerAuthorizationNote: sandboxSimulationNote({ state: 'Declined', reasonCode: 'AmazonRejected' }),
    });
    render(
      <AmazonPayProvider backend={backend} sellerId={SELLER} region="de" locale="en-GB" sandbox onEvent={(event) => events.push(event)}>
        <DeclineRecovery orderReferenceId={id} amount={amount} mode="sync" initialAuthorization={declined} />
      </AmazonPayProvider>,
    );
    await flush();
    expect(events).toEqual([
      { type: 'declineSeen', amazonOrderReferenceId: id, reasonCode: 'AmazonRejected', mode: 'sync', softDecline: false },
      { type: 'lost', amazonOrderReferenceId: id, reasonCode: 'AmazonRejected' },
    ]);

    const approvedEvents: RecoveryFunnelEvent[] = [];
    renderDecline(backend, (event) => approvedEvents.push(event), {});
    fireEvent.click(screen.getAllByRole('button', { name: 'Place order' }).at(-1)!);
    await flush();
    expect(approvedEvents).toEqual([]);
  });

  it('a throwing onEvent is reported and the payment goes on to its approval', async () => {
    const reportError = vi.fn();
    vi.stubGlobal('reportError', reportError);
    try {
      const backend = createSandboxBackend();
      const onApproved = vi.fn();
      const soft = sandboxSimulationNote({ state: 'Declined', reasonCode: 'ProcessingFailure' });
      renderDecline(
        backend,
        () => {
          throw new Error('analytics is down');
        },
        { sellerAuthorizationNote: soft, random: () => 0, onApproved },
      );
      fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
      await flush();
      await act(() => vi.advanceTimersByTimeAsync(60_000));
      expect(onApproved).toHaveBeenCalledTimes(1);
      expect(reportError).toHaveBeenCalledTimes(2); // declineSeen, recovered
      expect(backend.calls.filter((call) => call.method === 'authorize')).toHaveLength(2);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
