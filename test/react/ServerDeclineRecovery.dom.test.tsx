/**
 * Issue 23: when the server recovers the order (a backend with `recovery`),
 * the decline screen is a viewer: the buyer's clicks are intents to the
 * server, the screen shows the server's view, and the tab never authorizes.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServerDeclineViewer } from '../../src/browser/server-decline-viewer';
import type { AmazonPayBackend, BackendUpdateListener } from '../../src/domain/backend';
import type { DeclineState } from '../../src/domain/decline-machine';
import type { RecoveryFunnelEvent } from '../../src/domain/recovery-events';
import type { RecoveryIntentRequest, ServerRecoveryView } from '../../src/domain/server-recovery';
import type { AuthorizationDetails, Money } from '../../src/domain/types';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { DeclineRecovery } from '../../src/react/DeclineRecovery';
import { ServerDeclineRecovery } from '../../src/react/ServerDeclineRecovery';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';

const ORDER = 'S02-1234567-7654321';
const amount: Money = { amount: '19.99', currencyCode: 'EUR' };
const open: AuthorizationDetails = {
  amazonAuthorizationId: `${ORDER}-A000002`,
  authorizationReferenceId: 'srv-1',
  amazonOrderReferenceId: ORDER,
  state: 'Open',
  amount,
  lastUpdateTimestamp: '2026-12-05T10:00:00Z',
};

/** A server that owns the order, reduced to what the tab sees: its views, and the intents it received. */
function serverBackend() {
  const intents: RecoveryIntentRequest[] = [];
  const listeners: BackendUpdateListener[] = [];
  let revision = 0;
  const view = (state: DeclineState, canCancel = false): ServerRecoveryView => ({
    amazonOrderReferenceId: ORDER,
    state,
    canCancel,
    revision: ++revision,
  });
  let current: ServerRecoveryView | undefined;
  const replies: Record<string, () => ServerRecoveryView> = {
    start: () => view({ status: 'pending' }),
    cancel: () => view({ status: 'declined', reason: 'canceled', reasonCode: undefined }),
  };
  const base = createSandboxBackend();
  const backend: AmazonPayBackend = {
    ...base,
    authorize: vi.fn(base.authorize),
    subscribe: (_id, listener) => {
      listeners.push(listener);
      return () => undefined;
    },
    recovery: {
      async send(_id, request) {
        intents.push(request);
        return (current = replies[request.intent]!());
      },
      async get() {
        if (!current) throw Object.assign(new Error('unknown'), { code: 'UnknownOrder' });
        return current;
      },
      viewer: createServerDeclineViewer,
    },
  };
  return {
    backend,
    intents,
    /** The server decided something and its event never reached this tab (the stream was still connecting). */
    decideUnheard(state: DeclineState, canCancel = false) {
      current = view(state, canCancel);
    },
    /** The server decided something and published it on the order's stream. */
    push(state: DeclineState, canCancel = false) {
      current = view(state, canCancel);
      for (const listener of listeners) listener({ type: 'recovery', recovery: current, notificationId: `rcv-${current.revision}` });
    },
  };
}

const wrapper = (backend: AmazonPayBackend, onEvent?: (event: RecoveryFunnelEvent) => void) =>
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="de" locale="en-GB" sandbox onEvent={onEvent}>
        {children}
      </AmazonPayProvider>
    );
  };

const shown = () => document.querySelector('.arp-decline')?.getAttribute('data-state');
const flush = () => act(() => vi.advanceTimersByTimeAsync(0));

describe.each([
  ['ServerDeclineRecovery', ServerDeclineRecovery],
  ['DeclineRecovery with a server that recovers', DeclineRecovery],
])('%s', (_name, Component) => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the buyer’s intents and shows the server’s view; the tab never authorizes', async () => {
    const server = serverBackend();
    const onApproved = vi.fn();
    render(<Component orderReferenceId={ORDER} amount={amount} mode="async" onApproved={onApproved} />, {
      wrapper: wrapper(server.backend),
    });
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await flush();
    expect(server.intents).toEqual([{ intent: 'start', amount, mode: 'async' }]);
    expect(shown()).toBe('pending');
    expect(screen.queryByRole('button', { name: 'Pay another way' })).toBeNull();

    act(() =>
      server.push(
        { status: 'retryScheduled', retryAt: Date.now() + 60_000, reasonCode: 'InvalidPaymentMethod', reauthorizationsLeft: 2 },
        true,
      ),
    );
    await flush();
    expect(shown()).toBe('retryScheduled');
    act(() => server.push({ status: 'approved', authorization: open }));
    await flush();
    expect(shown()).toBe('approved');
    expect(onApproved).toHaveBeenCalledTimes(1);
    expect(server.backend.authorize).not.toHaveBeenCalled();
  });

  it('a tab opened before the server knew the order shows the recovery another tab started, though its stream missed the event', async () => {
    const server = serverBackend();
    render(<Component orderReferenceId={ORDER} amount={amount} mode="async" />, { wrapper: wrapper(server.backend) });
    await flush();
    expect(shown()).toBe('idle');
    server.decideUnheard({ status: 'pending' });
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(shown()).toBe('pending');
    expect(screen.queryByRole('button', { name: 'Place order' })).toBeNull();
    expect(server.intents).toEqual([]);
  });

  it('onEvent: the server’s views as funnel events (decline seen, recovered; Pay another way, lost)', async () => {
    const events: RecoveryFunnelEvent[] = [];
    const server = serverBackend();
    const { unmount } = render(<Component orderReferenceId={ORDER} amount={amount} mode="async" />, {
      wrapper: wrapper(server.backend, (event) => events.push(event)),
    });
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await flush();
    const retry = {
      status: 'retryScheduled',
      retryAt: Date.now() + 60_000,
      reasonCode: 'InvalidPaymentMethod',
      reauthorizationsLeft: 2,
    } as const;
    act(() => server.push(retry, true));
    await flush();
    act(() => server.push({ status: 'approved', authorization: open }));
    await flush();
    expect(events).toEqual([
      { type: 'declineSeen', amazonOrderReferenceId: ORDER, reasonCode: 'InvalidPaymentMethod', mode: 'async', softDecline: true },
      { type: 'recovered', amazonOrderReferenceId: ORDER, amount },
    ]);
    unmount();

    events.length = 0;
    const other = serverBackend();
    render(<Component orderReferenceId={ORDER} amount={amount} mode="async" />, {
      wrapper: wrapper(other.backend, (event) => events.push(event)),
    });
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await flush();
    act(() =>
      other.push(
        { status: 'contactBuyer', reasonCode: 'InvalidPaymentMethod', accountUrl: 'https://pay.amazon.de/', awaitingUpdate: true },
        true,
      ),
    );
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Pay another way' }));
    await flush();
    expect(events).toEqual([
      { type: 'declineSeen', amazonOrderReferenceId: ORDER, reasonCode: 'InvalidPaymentMethod', mode: 'async', softDecline: false },
      { type: 'otherMethodChosen', amazonOrderReferenceId: ORDER },
      { type: 'lost', amazonOrderReferenceId: ORDER, reasonCode: 'InvalidPaymentMethod' },
    ]);
  });

  it('"Pay another way" is an intent; the screen shows what the server decided', async () => {
    const server = serverBackend();
    const onPayAnotherWay = vi.fn();
    render(<Component orderReferenceId={ORDER} amount={amount} mode="async" onPayAnotherWay={onPayAnotherWay} />, {
      wrapper: wrapper(server.backend),
    });
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await flush();
    act(() =>
      server.push(
        { status: 'retryScheduled', retryAt: Date.now() + 60_000, reasonCode: 'InvalidPaymentMethod', reauthorizationsLeft: 2 },
        true,
      ),
    );
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Pay another way' }));
    await flush();
    expect(server.intents.map((i) => i.intent)).toEqual(['start', 'cancel']);
    expect(onPayAnotherWay).toHaveBeenCalledTimes(1);
    expect(shown()).toBe('declined');
    expect(document.querySelector('.arp-decline__title')?.textContent).toMatch(/payment was canceled/);
  });
});
