/**
 * Issue 29: sendFunnelEvents against the kit's handler on a real HTTP server
 * (loopback): batching (at most 20 a request), the 429's Retry-After honoured,
 * the last events sent with keepalive when the page hides, refusals given up
 * and reported, and never a throw into the caller.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AmazonPayError } from '../../src/domain/errors';
import type { RecordedRecoveryEvent, RecoveryFunnelEvent } from '../../src/domain/recovery-events';
import { sendFunnelEvents, type FunnelEventSender, type SendFunnelEventsOptions } from '../../src/events';
import { createAmazonPayHandler, toNodeListener, type AmazonPayHandlerConfig } from '../../src/server';
import { listenOnLoopback, type Listening } from '../support/loopback-server';
import { stubCheckout, stubLegacy } from '../server/stub-clients';

const ORDER_ID = 'S01-1234567-1234567';
const shown = (cart: string): RecoveryFunnelEvent => ({ type: 'popupShown', trigger: 'fadeIn', merchantReferenceId: cart });

let server: Listening | undefined;
let sender: FunnelEventSender | undefined;
beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(async () => {
  sender?.dispose();
  vi.useRealTimers();
  await server?.close();
});

/** The kit's handler with funnelEvents on, recording into `recorded`; the sender's requests in `requests`. */
async function mount(funnelEvents: AmazonPayHandlerConfig['funnelEvents'] = true, options: Partial<SendFunnelEventsOptions> = {}) {
  const recorded: RecordedRecoveryEvent[] = [];
  const handler = createAmazonPayHandler({
    legacy: stubLegacy({}),
    checkout: stubCheckout({}),
    storeId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
    allowedReturnOrigins: ['https://shop.example'],
    orderAmount: () => ({ amount: '49.90', currencyCode: 'EUR' }),
    canAccess: () => true,
    events: { recordEvents: async (batch) => void recorded.push(...batch), getRecoveryReport: vi.fn() },
    ...(funnelEvents === undefined ? {} : { funnelEvents }),
    onError: () => undefined,
  } as AmazonPayHandlerConfig);
  server = await listenOnLoopback(toNodeListener(handler));
  const requests: { body: { events: unknown[] }; keepalive: boolean | undefined; status?: number }[] = [];
  const replies: Promise<unknown>[] = [];
  const errors: [AmazonPayError, number][] = [];
  sender = sendFunnelEvents({
    baseUrl: `${server.url}/`,
    onError: (error, dropped) => errors.push([error, dropped]),
    fetch: (input, init) => {
      const request: (typeof requests)[number] = { body: JSON.parse(String(init!.body)), keepalive: init!.keepalive };
      requests.push(request);
      const reply = fetch(input, init).then((response) => {
        request.status = response.status;
        return response;
      });
      replies.push(reply.catch(() => undefined));
      return reply;
    },
    ...options,
  });
  /** Waits for the requests in flight on the real network, then for the sender's handling of their replies. */
  const settle = async () => {
    while (replies.length) await replies.shift();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { recorded, requests, errors, settle, send: sender };
}

describe('sendFunnelEvents', () => {
  it('batches the events of a few seconds into one request; sends only what the server takes from the tab', async () => {
    const { recorded, requests, settle, send } = await mount();
    send(shown('cart-1'));
    send({ type: 'declineSeen', amazonOrderReferenceId: ORDER_ID, reasonCode: 'InvalidPaymentMethod', mode: 'sync', softDecline: false });
    send({ type: 'otherMethodChosen', amazonOrderReferenceId: ORDER_ID });
    send({ type: 'popupDismissed' }); // no cart id: it could not be joined to its checkout
    send({ type: 'amazonPayChosen', merchantReferenceId: 'jane@example.com' }); // personal data is no cart id
    send({ type: 'popupShown', trigger: 'always', merchantReferenceId: 'cart-1' } as unknown as RecoveryFunnelEvent); // the route would refuse the request
    send({ type: 'amazonPayChosen', merchantReferenceId: 'cart-1' });
    await vi.advanceTimersByTimeAsync(1999);
    expect(requests).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(requests).toEqual([
      {
        body: {
          events: [
            { type: 'popupShown', trigger: 'fadeIn', merchantReferenceId: 'cart-1' },
            { type: 'otherMethodChosen', amazonOrderReferenceId: ORDER_ID },
            { type: 'amazonPayChosen', merchantReferenceId: 'cart-1' },
          ],
        },
        keepalive: false,
        status: 202,
      },
    ]);
    expect(recorded.map((event) => event.type)).toEqual(['popupShown', 'otherMethodChosen', 'amazonPayChosen']);
  });

  it('sends at most 20 events a request, the 20th at once', async () => {
    const { recorded, requests, settle, send } = await mount();
    for (let i = 0; i < 20; i++) send(shown(`cart-${i}`));
    expect(requests.map((request) => request.body.events.length)).toEqual([20]);
    // What comes while a request is in flight goes in the next one, as soon as it is back.
    for (let i = 20; i < 25; i++) send(shown(`cart-${i}`));
    await settle();
    await settle();
    expect(requests.map((request) => [request.body.events.length, request.status])).toEqual([
      [20, 202],
      [5, 202],
    ]);
    expect(recorded).toHaveLength(25);
  });

  it('waits the Retry-After of a 429, then sends the refused events again', async () => {
    const { recorded, requests, settle, send } = await mount({ maxEventsPerMinute: 3 });
    for (let i = 0; i < 3; i++) send(shown('cart-7'));
    await send.flush();
    await settle();
    send({ type: 'popupDismissed', merchantReferenceId: 'cart-7' });
    await send.flush();
    await settle();
    expect(requests.map((request) => request.status)).toEqual([202, 429]);
    // Within the server's minute, nothing more is sent, not even when asked to flush.
    await vi.advanceTimersByTimeAsync(30_000);
    await send.flush();
    await settle();
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(30_000);
    await settle();
    expect(requests.map((request) => request.status)).toEqual([202, 429, 202]);
    expect(recorded.map((event) => event.type)).toEqual(['popupShown', 'popupShown', 'popupShown', 'popupDismissed']);
  });

  it('sends what waits at once, with keepalive, when the page is left or hidden', async () => {
    const { recorded, requests, settle, send } = await mount();
    send(shown('cart-9'));
    send({ type: 'amazonPayChosen', merchantReferenceId: 'cart-9' });
    window.dispatchEvent(new Event('pagehide'));
    expect(requests).toEqual([
      { body: { events: [shown('cart-9'), { type: 'amazonPayChosen', merchantReferenceId: 'cart-9' }] }, keepalive: true },
    ]);
    await settle();
    expect(recorded).toHaveLength(2);

    send({ type: 'popupDismissed', merchantReferenceId: 'cart-9' });
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
    expect(requests.map((request) => request.keepalive)).toEqual([true, true]);
    await settle();
    expect(recorded).toHaveLength(3);
  });

  it('a route that is off (404) gives the events up once, reported, and sends nothing more', async () => {
    const { requests, errors, settle, send } = await mount(false);
    send(shown('cart-1'));
    send(shown('cart-2'));
    await send.flush();
    await settle();
    expect(errors).toEqual([[expect.objectContaining({ kind: 'configuration', status: 404 }), 2]]);
    send(shown('cart-3'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests).toHaveLength(1);
  });

  it('never throws into the caller: bad input is ignored, a throwing onError is reported', async () => {
    const reportError = vi.fn();
    vi.stubGlobal('reportError', reportError);
    try {
      const { send, settle } = await mount(false, {
        onError: () => {
          throw new Error('logging is down');
        },
      });
      expect(() => send(undefined as unknown as RecoveryFunnelEvent)).not.toThrow();
      expect(() => send({ type: 'popupShown' } as unknown as RecoveryFunnelEvent)).not.toThrow();
      send(shown('cart-1'));
      await send.flush();
      await settle();
      expect(reportError).toHaveBeenCalledWith(new Error('logging is down'));
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('refuses a base URL that is not the shop’s own or https, at once', () => {
    expect(() => sendFunnelEvents({ baseUrl: 'http://tracker.example/api' })).toThrow(/baseUrl/);
    expect(() => sendFunnelEvents({ baseUrl: '/api/amazon-pay', batchDelayMs: -1 })).toThrow(/batchDelayMs/);
  });
});
