import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpBackend } from '../../src/browser/http-backend';
import { eventStreamUpdates } from '../../src/browser/event-stream-updates';
import { AmazonPayError } from '../../src/domain/errors';
import type { AuthorizationDetails, OrderReferenceDetails } from '../../src/domain/types';
import type { BackendUpdate } from '../../src/domain/server-recovery';
import { startRecordingServer } from '../support/loopback-server';

const ORDER_ID = 'S01-1234567-1234567';
const amount = { amount: '49.90', currencyCode: 'EUR' } as const;
const order: OrderReferenceDetails = { amazonOrderReferenceId: ORDER_ID, state: 'Open', constraints: [] };
const authorization: AuthorizationDetails = {
  amazonAuthorizationId: `${ORDER_ID}-A000001`,
  authorizationReferenceId: 'order-42-0',
  amazonOrderReferenceId: ORDER_ID,
  state: 'Declined',
  reasonCode: 'InvalidPaymentMethod',
  softDecline: false,
  amount,
  lastUpdateTimestamp: '2026-11-22T10:00:00.000Z',
};

type Reply = (req: IncomingMessage, res: ServerResponse, body?: string) => void;
let reply: Reply;
const json =
  (status: number, body: unknown): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer((req, res, body) => reply(req, res, body));
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  vi.useRealTimers();
});

async function failure(promise: Promise<unknown>): Promise<AmazonPayError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  if (!(error instanceof AmazonPayError)) throw error;
  return error;
}

describe('createHttpBackend: the contract endpoints', () => {
  type Backend = ReturnType<typeof createHttpBackend>;
  const cases: [string, string, string, unknown, unknown, (b: Backend) => Promise<unknown>][] = [
    [
      'authorize',
      'POST',
      '/authorize',
      authorization,
      // decider: without serverRecovery() this tab runs its own machine (a server that recovers refuses it async authorizations).
      { amazonOrderReferenceId: ORDER_ID, authorizationReferenceId: 'order-42-0', amount, mode: 'sync', decider: 'browser' },
      (b) => b.authorize({ amazonOrderReferenceId: ORDER_ID, authorizationReferenceId: 'order-42-0', amount, mode: 'sync' }),
    ],
    [
      'confirmOrderReference',
      'POST',
      `/order-references/${ORDER_ID}/confirm`,
      order,
      { successUrl: 'https://shop.example/ok' },
      (b) => b.confirmOrderReference({ amazonOrderReferenceId: ORDER_ID, successUrl: 'https://shop.example/ok' }),
    ],
    [
      'cancelOrderReference',
      'POST',
      `/order-references/${ORDER_ID}/cancel`,
      { ...order, state: 'Canceled' },
      { reason: 'timed out' },
      (b) => b.cancelOrderReference({ amazonOrderReferenceId: ORDER_ID, reason: 'timed out' }),
    ],
    ['getOrderReferenceDetails', 'GET', `/order-references/${ORDER_ID}`, order, undefined, (b) => b.getOrderReferenceDetails(ORDER_ID)],
    [
      'getAuthorizationDetails',
      'GET',
      `/authorizations/${ORDER_ID}-A000001`,
      authorization,
      undefined,
      (b) => b.getAuthorizationDetails(`${ORDER_ID}-A000001`),
    ],
    [
      'signCheckoutSessionPayload',
      'POST',
      '/checkout-sessions/payload',
      { payloadJSON: '{"storeId":"x"}', signature: 'c2ln', algorithm: 'AMZN-PAY-RSASSA-PSS-V2' },
      { checkoutResultReturnUrl: 'https://shop.example/return', amount },
      (b) => b.signCheckoutSessionPayload({ checkoutResultReturnUrl: 'https://shop.example/return', amount }),
    ],
    [
      'completeCheckoutSession',
      'POST',
      '/checkout-sessions/cs-1/complete',
      { state: 'Canceled', checkoutSessionId: 'cs-1', reasonCode: 'Declined' },
      { amount },
      (b) => b.completeCheckoutSession({ checkoutSessionId: 'cs-1', amount }),
    ],
  ];
  it.each(cases)('%s: %s %s sends the documented body and returns the reply', async (_name, method, path, result, sent, run) => {
    reply = json(200, result);
    const backend = createHttpBackend({ baseUrl: `${server.url}/api/amazon-pay/`, headers: () => ({ 'x-csrf-token': 'token-1' }) });
    await expect(run(backend)).resolves.toEqual(result);
    const [request] = server.requests;
    expect(request).toMatchObject({ method, url: `/api/amazon-pay${path}` });
    expect(request!.headers['x-csrf-token']).toBe('token-1');
    if (sent === undefined) expect(request!.body).toBe('');
    else {
      expect(request!.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request!.body)).toEqual(sent);
    }
  });

  it('sends static headers too', async () => {
    reply = json(200, order);
    await createHttpBackend({ baseUrl: server.url, headers: { authorization: 'Bearer t' } }).getOrderReferenceDetails(ORDER_ID);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer t');
  });
});

describe('createHttpBackend: failures become AmazonPayErrors', () => {
  const backend = () => createHttpBackend({ baseUrl: server.url, retries: 0 });
  const authorizeOnce = () =>
    backend().authorize({ amazonOrderReferenceId: ORDER_ID, authorizationReferenceId: 'a-1', amount, mode: 'sync' });

  it('an Amazon error keeps its code and status', async () => {
    reply = json(400, {
      error: { kind: 'amazon', code: 'InvalidOrderReferenceStatus', message: 'The order reference is Suspended.', retryable: false },
    });
    const error = await failure(authorizeOnce());
    expect(error).toMatchObject({
      kind: 'amazon',
      code: 'InvalidOrderReferenceStatus',
      status: 400,
      retryable: false,
      message: 'The order reference is Suspended.',
    });
  });

  it('a 500 with the error body is retryable', async () => {
    reply = json(500, { error: { kind: 'amazon', code: 'InternalError', message: 'The payment server failed.' } });
    expect(await failure(authorizeOnce())).toMatchObject({ kind: 'amazon', code: 'InternalError', status: 500, retryable: true });
  });

  it('a 200 that is not JSON is malformed', async () => {
    reply = (_req, res) => res.end('{"amazonOrderReferenceId": ');
    const error = await failure(backend().getOrderReferenceDetails(ORDER_ID));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/not JSON/);
  });

  it('an HTML error page (proxy) is malformed and keeps the status', async () => {
    reply = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>Bad Gateway</body></html>');
    };
    const error = await failure(authorizeOnce());
    expect(error).toMatchObject({ kind: 'malformed', status: 502, retryable: true });
    expect(error.message).toMatch(/text\/html/);
  });

  it('a reply of the wrong shape is malformed, naming the field', async () => {
    reply = json(200, { ...authorization, state: 'Approved' });
    expect((await failure(authorizeOnce())).message).toMatch(/reply\.state is "Approved", not one of Pending, Open, Declined, Closed/);
    reply = json(200, { ...authorization, amount: { amount: 49.9 } });
    expect((await failure(authorizeOnce())).message).toMatch(/reply\.amount\.amount is missing or not a string/);
    reply = json(200, { state: 'Completed', checkoutSessionId: 'cs-1' });
    expect(await failure(backend().completeCheckoutSession({ checkoutSessionId: 'cs-1', amount }))).toMatchObject({
      kind: 'malformed',
      message: expect.stringMatching(/reply\.chargePermissionId/),
    });
  });

  it('a slow server times out (the outcome is unknown: retryable)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let answer: (() => void) | undefined;
    reply = (_req, res) => {
      answer = () => json(200, authorization)(_req, res);
    };
    const pending = failure(
      createHttpBackend({ baseUrl: server.url, timeoutMs: 15_000 }).authorize({
        amazonOrderReferenceId: ORDER_ID,
        authorizationReferenceId: 'a-1',
        amount,
        mode: 'sync',
      }),
    );
    await vi.waitFor(() => expect(answer).toBeDefined());
    vi.advanceTimersByTime(14_999);
    vi.advanceTimersByTime(1);
    expect(await pending).toMatchObject({ kind: 'timeout', retryable: true });
    answer!();
    expect(server.requests).toHaveLength(1);
  });

  it("the caller's signal aborts a call in flight", async () => {
    let received = false;
    reply = () => {
      received = true;
    };
    const controller = new AbortController();
    const pending = failure(backend().getOrderReferenceDetails(ORDER_ID, { signal: controller.signal }));
    await vi.waitFor(() => expect(received).toBe(true));
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'aborted', retryable: false });
  });

  it('an already aborted signal makes no request', async () => {
    reply = json(200, order);
    expect(await failure(backend().getOrderReferenceDetails(ORDER_ID, { signal: AbortSignal.abort() }))).toMatchObject({ kind: 'aborted' });
    expect(server.requests).toHaveLength(0);
  });

  it('a dropped connection is a network error', async () => {
    reply = (req) => req.socket.destroy();
    expect(await failure(authorizeOnce())).toMatchObject({ kind: 'network', retryable: true });
  });
});

describe('createHttpBackend: retries only the idempotent reads', () => {
  it('retries a read after 503 and a dropped connection, then succeeds', async () => {
    let calls = 0;
    reply = (req, res) => {
      calls += 1;
      if (calls === 1) return json(503, { error: { kind: 'amazon', code: 'ServiceUnavailable', message: 'busy' } })(req, res);
      if (calls === 2) return req.socket.destroy();
      json(200, authorization)(req, res);
    };
    const backend = createHttpBackend({ baseUrl: server.url, retries: 2, retryDelayMs: 1 });
    await expect(backend.getAuthorizationDetails(authorization.amazonAuthorizationId)).resolves.toEqual(authorization);
    expect(server.requests).toHaveLength(3);
  });

  it('retries 429 and gives up after `retries` extra attempts', async () => {
    reply = json(429, { error: { kind: 'amazon', code: 'RequestThrottled', message: 'slow down' } });
    const error = await failure(createHttpBackend({ baseUrl: server.url, retries: 2, retryDelayMs: 1 }).getOrderReferenceDetails(ORDER_ID));
    expect(error).toMatchObject({ code: 'RequestThrottled', status: 429 });
    expect(server.requests).toHaveLength(3);
  });

  it('never retries a read that failed for good (4xx, malformed)', async () => {
    reply = json(404, { error: { kind: 'amazon', code: 'InvalidOrderReferenceId', message: 'unknown' } });
    const backend = createHttpBackend({ baseUrl: server.url, retries: 2, retryDelayMs: 1 });
    await failure(backend.getOrderReferenceDetails(ORDER_ID));
    reply = json(200, { nope: true });
    await failure(backend.getOrderReferenceDetails(ORDER_ID));
    expect(server.requests).toHaveLength(2);
  });

  it('never retries POST /authorize, whatever the failure', async () => {
    const backend = createHttpBackend({ baseUrl: server.url, retries: 5, retryDelayMs: 1 });
    const request = { amazonOrderReferenceId: ORDER_ID, authorizationReferenceId: 'a-1', amount, mode: 'sync' } as const;
    reply = json(503, { error: { kind: 'amazon', code: 'ServiceUnavailable', message: 'busy' } });
    await failure(backend.authorize(request));
    reply = (req) => req.socket.destroy();
    await failure(backend.authorize(request));
    reply = json(500, { error: { kind: 'amazon', code: 'InternalError', message: 'x' } });
    await failure(backend.completeCheckoutSession({ checkoutSessionId: 'cs-1', amount }));
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /authorize',
      'POST /authorize',
      'POST /checkout-sessions/cs-1/complete',
    ]);
  });
});

describe('createHttpBackend: baseUrl', () => {
  it.each(['/api/amazon-pay', 'https://shop.example/api', 'http://localhost:3000/api', 'http://127.0.0.1:8080'])(
    'accepts %s',
    async (baseUrl) => {
      const fetch = vi.fn<typeof globalThis.fetch>(
        async () => new Response(JSON.stringify(order), { headers: { 'content-type': 'application/json' } }),
      );
      await expect(createHttpBackend({ baseUrl, fetch }).getOrderReferenceDetails(ORDER_ID)).resolves.toMatchObject({
        amazonOrderReferenceId: ORDER_ID,
      });
    },
  );
  it.each(['http://shop.example/api', '//evil.example/api', 'javascript:alert(1)', 'api/amazon-pay', 'https://user:pw@shop.example'])(
    'refuses %s: every call and subscription fails, nothing is sent',
    async (baseUrl) => {
      const fetch = vi.fn<typeof globalThis.fetch>();
      const backend = createHttpBackend({ baseUrl, fetch, updates: eventStreamUpdates() });
      for (let attempt = 0; attempt < 2; attempt++) {
        await expect(backend.getOrderReferenceDetails(ORDER_ID)).rejects.toMatchObject({ kind: 'validation', code: 'InvalidUrl' });
      }
      const unsubscribe = backend.subscribe!(ORDER_ID, () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
      unsubscribe();
      expect(fetch).not.toHaveBeenCalled();
    },
  );
});

describe('createHttpBackend: subscribe (server-sent events over fetch)', () => {
  const update = (n: number): BackendUpdate => ({
    type: 'orderReference',
    orderReference: { ...order, state: n % 2 ? 'Suspended' : 'Open' },
    notificationId: `n-${n}`,
  });
  const event = (u: BackendUpdate) => `id: ${u.notificationId}\ndata: ${JSON.stringify(u)}\n\n`;

  it('is opt-in: without `updates` the backend has no subscribe, so the kit polls', () => {
    expect(createHttpBackend({ baseUrl: server.url }).subscribe).toBeUndefined();
  });

  it('delivers updates, skips malformed events, reconnects with Last-Event-ID, stops on unsubscribe', async () => {
    let connections = 0;
    let closed = 0;
    reply = (_req, res) => {
      connections += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.on('close', () => (closed += 1));
      if (connections === 1) {
        // Split mid-line and across "\r\n" to exercise the parser; then drop the connection.
        res.write(': hello\r\nretry: 5\r\n\r\n' + event(update(1)).slice(0, 10));
        setTimeout(() => {
          res.write(event(update(1)).slice(10) + 'data: {not json\n\n' + `id: n-2\r`);
          setTimeout(() => res.end(`\ndata: ${JSON.stringify(update(2))}\r\n\r\n`), 5);
        }, 5);
      } else res.write(event(update(3)));
    };
    const received: BackendUpdate[] = [];
    const backend = createHttpBackend({
      baseUrl: server.url,
      headers: { 'x-csrf-token': 't' },
      updates: eventStreamUpdates({ reconnectDelayMs: 5 }),
    });
    const unsubscribe = backend.subscribe!(ORDER_ID, (u) => received.push(u));
    await vi.waitFor(() => expect(received.map((u) => u.notificationId)).toEqual(['n-1', 'n-2', 'n-3']));
    expect(received[0]).toEqual(update(1));
    expect(server.requests[0]).toMatchObject({ url: `/order-references/${ORDER_ID}/events` });
    expect(server.requests[0]!.headers['x-csrf-token']).toBe('t');
    expect(server.requests[0]!.headers['last-event-id']).toBeUndefined();
    expect(server.requests[1]!.headers['last-event-id']).toBe('n-2');

    unsubscribe();
    // The client hangs up the open stream and does not come back.
    await vi.waitFor(() => expect(closed).toBe(2));
    const count = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(count);
  });

  it('gives up when the server refuses the subscription (4xx)', async () => {
    reply = json(403, { error: { kind: 'validation', code: 'Forbidden', message: 'not yours' } });
    const abort = new AbortController();
    createHttpBackend({ baseUrl: server.url, updates: eventStreamUpdates({ reconnectDelayMs: 1 }) }).subscribe!(ORDER_ID, () => {}, {
      signal: abort.signal,
    });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.requests).toHaveLength(1);
    abort.abort();
  });

  it('reconnects with backoff after a 503 until the signal aborts', async () => {
    reply = json(503, { error: { kind: 'amazon', code: 'ServiceUnavailable', message: 'busy' } });
    const abort = new AbortController();
    createHttpBackend({ baseUrl: server.url, updates: eventStreamUpdates({ reconnectDelayMs: 2 }) }).subscribe!(ORDER_ID, () => {}, {
      signal: abort.signal,
    });
    await vi.waitFor(() => expect(server.requests.length).toBeGreaterThanOrEqual(3));
    abort.abort();
    const count = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests.length).toBeLessThanOrEqual(count + 1);
  });
});
