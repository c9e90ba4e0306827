import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHttpBackend } from '../../src/browser/http-backend';
import { eventStreamUpdates } from '../../src/browser/event-stream-updates';
import { buildCheckoutSessionPayload } from '../../src/domain/checkout-payload';
import { AmazonPayError } from '../../src/domain/errors';
import { MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE } from '../../src/domain/decline-policy';
import type { AuthorizationDetails, AuthorizeRequest, OrderReferenceDetails } from '../../src/domain/types';
import type { BackendUpdate } from '../../src/domain/server-recovery';
import type { CheckoutV2Client, IpnVerifier, LegacyPaymentsClient, VerifiedNotification } from '../../src/server/amazon-clients';
import {
  createAmazonPayHandler,
  createMemoryOrderStore,
  toNodeListener,
  type AmazonPayHandlerConfig,
  type OrderAmountContext,
} from '../../src/server';
import { listenOnLoopback, type Listening } from '../support/loopback-server';

const ORDER_ID = 'S01-1234567-1234567';
const amount = { amount: '49.90', currencyCode: 'EUR' } as const;
const BASE = '/api/amazon-pay';

/** A fake Amazon: Authorize declines when the note says so, otherwise approves. */
function fakeLegacy() {
  const calls: string[] = [];
  const order = (state: OrderReferenceDetails['state']): OrderReferenceDetails => ({
    amazonOrderReferenceId: ORDER_ID,
    state,
    orderTotal: amount,
    constraints: [],
  });
  let seq = 0;
  const authorizations = new Map<string, AuthorizationDetails>();
  const client: LegacyPaymentsClient = {
    async authorize(request: AuthorizeRequest) {
      calls.push(`authorize ${request.authorizationReferenceId}`);
      const known = [...authorizations.values()].find((a) => a.authorizationReferenceId === request.authorizationReferenceId);
      if (known) return known;
      const declined = request.sellerAuthorizationNote === 'decline';
      const details: AuthorizationDetails = {
        amazonAuthorizationId: `${request.amazonOrderReferenceId}-A00000${++seq}`,
        authorizationReferenceId: request.authorizationReferenceId,
        amazonOrderReferenceId: request.amazonOrderReferenceId,
        state: request.mode === 'async' ? 'Pending' : declined ? 'Declined' : 'Open',
        ...(declined ? { reasonCode: 'InvalidPaymentMethod', softDecline: false } : {}),
        amount: request.amount,
        lastUpdateTimestamp: new Date(Date.UTC(2026, 10, 22, 10, seq)).toISOString(),
      };
      authorizations.set(details.amazonAuthorizationId, details);
      return details;
    },
    async confirmOrderReference(request) {
      calls.push(`confirm ${JSON.stringify(request)}`);
      return order('Open');
    },
    async cancelOrderReference(request) {
      calls.push(`cancel ${JSON.stringify(request)}`);
      return order('Canceled');
    },
    async closeOrderReference() {
      return order('Closed');
    },
    async getOrderReferenceDetails(id) {
      calls.push(`getOrder ${id}`);
      if (id === 'S01-0000000-0000000')
        throw new AmazonPayError('amazon', 'InvalidOrderReferenceId: unknown', { code: 'InvalidOrderReferenceId', status: 404 });
      if (id === 'S01-5000000-0000000')
        throw new AmazonPayError('amazon', 'InternalServerError', { code: 'InternalServerError', status: 500 });
      if (id === 'S01-9999999-9999999') throw new Error('ECONNREFUSED mysql://root:hunter2@db');
      return order('Suspended');
    },
    async getAuthorizationDetails(id) {
      calls.push(`getAuthorization ${id}`);
      const found = authorizations.get(id);
      if (!found) throw new AmazonPayError('amazon', 'InvalidTransactionId', { code: 'InvalidTransactionId', status: 404 });
      return found;
    },
  };
  return { client, calls, authorizations };
}

function fakeCheckout() {
  const signed: string[] = [];
  let completions = 0;
  const client: CheckoutV2Client = {
    async signButtonPayload(payloadJSON) {
      signed.push(payloadJSON);
      // An SDK wrapper that leaks more than it should must not reach the browser.
      return {
        signature: 'c2lnbmF0dXJl',
        publicKeyId: 'SANDBOX-AE1',
        algorithm: 'AMZN-PAY-RSASSA-PSS-V2',
        privateKey: '-----BEGIN PRIVATE KEY-----',
      } as never;
    },
    async completeCheckoutSession(request) {
      completions += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return {
        state: 'Completed',
        checkoutSessionId: request.checkoutSessionId,
        chargePermissionId: 'S01-1111111-1111111',
        chargeId: 'S01-1111111-1111111-C000001',
      };
    },
  };
  return { client, signed, completions: () => completions };
}

/** The fake verifier accepts `{ "notification": {...} }` and rejects `{ "forged": true }`. */
const fakeIpn: IpnVerifier = {
  async verify(body, headers) {
    const parsed = JSON.parse(body) as { forged?: boolean; notification?: VerifiedNotification };
    if (parsed.forged || headers.get('x-amz-sns-message-type') !== 'Notification') {
      throw new AmazonPayError('validation', 'The SNS signature does not verify.', { code: 'InvalidSignature', retryable: false });
    }
    return parsed.notification!;
  },
};

let server: Listening;
let legacy: ReturnType<typeof fakeLegacy>;
let checkout: ReturnType<typeof fakeCheckout>;
let onError: ReturnType<typeof vi.fn<(error: unknown, request: Request) => void>>;

async function mount(overrides: Partial<AmazonPayHandlerConfig> = {}) {
  legacy = fakeLegacy();
  checkout = fakeCheckout();
  onError = vi.fn<(error: unknown, request: Request) => void>();
  const handler = createAmazonPayHandler({
    legacy: legacy.client,
    checkout: checkout.client,
    ipn: fakeIpn,
    storeId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
    allowedReturnOrigins: ['https://shop.example'],
    basePath: BASE,
    onError,
    orderAmount: () => amount,
    sandboxSimulations: true,
    canAccess: () => true,
    ...overrides,
  } as AmazonPayHandlerConfig);
  server = await listenOnLoopback(toNodeListener(handler));
  return createHttpBackend({ baseUrl: server.url + BASE, retries: 0, updates: eventStreamUpdates() });
}
afterEach(() => server?.close());

async function failure(promise: Promise<unknown>): Promise<AmazonPayError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  if (!(error instanceof AmazonPayError)) throw error;
  return error;
}

const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(server.url + BASE + path, { method: 'POST', headers, body });
const errorOf = async (response: Response) => ((await response.json()) as { error: { kind: string; code: string; message: string } }).error;
const authorizeRequest = (id: string, extra: Partial<AuthorizeRequest> = {}): AuthorizeRequest => ({
  amazonOrderReferenceId: ORDER_ID,
  authorizationReferenceId: id,
  amount,
  mode: 'sync',
  ...extra,
});

describe('createAmazonPayHandler: amounts come from the server, not the browser', () => {
  const cheap = { amount: '0.01', currencyCode: 'EUR' } as const;

  it("refuses an authorization for another amount than the server's, before Amazon is called", async () => {
    const seen: OrderAmountContext[] = [];
    const backend = await mount({ orderAmount: (context) => (seen.push(context), amount) });
    expect(await failure(backend.authorize(authorizeRequest('a-0', { amount: cheap })))).toMatchObject({
      kind: 'amazon',
      code: 'AmountMismatch',
      status: 409,
      retryable: false,
    });
    expect(legacy.calls).toEqual([]);
    await expect(backend.authorize(authorizeRequest('a-1'))).resolves.toMatchObject({ state: 'Open' });
    expect(seen.map((c) => [c.route, c.amazonOrderReferenceId, c.request.url.endsWith('/authorize')])).toEqual([
      ['authorize', ORDER_ID, true],
      ['authorize', ORDER_ID, true],
    ]);
  });

  it("without an amount of its own, the server checks against the order reference's OrderTotal at Amazon", async () => {
    const backend = await mount({ orderAmount: () => undefined });
    expect(await failure(backend.authorize(authorizeRequest('a-0', { amount: cheap })))).toMatchObject({ code: 'AmountMismatch' });
    expect(await failure(backend.confirmOrderReference({ amazonOrderReferenceId: ORDER_ID, amount: cheap }))).toMatchObject({
      code: 'AmountMismatch',
    });
    expect(legacy.calls).toEqual([`getOrder ${ORDER_ID}`, `getOrder ${ORDER_ID}`]);
    await expect(backend.authorize(authorizeRequest('a-1'))).resolves.toMatchObject({ state: 'Open' });
    await expect(backend.confirmOrderReference({ amazonOrderReferenceId: ORDER_ID, amount })).resolves.toMatchObject({ state: 'Open' });
  });

  it('signs a button payload only for the amount the server knows for that order', async () => {
    const seen: OrderAmountContext[] = [];
    const backend = await mount({
      orderAmount: (context) => (seen.push(context), context.merchantReferenceId === 'order-42' ? amount : undefined),
    });
    const request = { checkoutResultReturnUrl: 'https://shop.example/return', merchantReferenceId: 'order-42' };
    expect(await failure(backend.signCheckoutSessionPayload({ ...request, amount: cheap }))).toMatchObject({
      code: 'AmountMismatch',
      status: 409,
    });
    expect(await failure(backend.signCheckoutSessionPayload({ ...request, merchantReferenceId: 'unknown', amount }))).toMatchObject({
      code: 'UnknownOrderAmount',
      status: 409,
    });
    expect(checkout.signed).toHaveLength(0);
    await expect(backend.signCheckoutSessionPayload({ ...request, amount })).resolves.toMatchObject({
      algorithm: 'AMZN-PAY-RSASSA-PSS-V2',
    });
    expect(seen.map((c) => [c.route, c.merchantReferenceId])).toEqual([
      ['signCheckoutSessionPayload', 'order-42'],
      ['signCheckoutSessionPayload', 'unknown'],
      ['signCheckoutSessionPayload', 'order-42'],
    ]);
  });

  it('refuses a sellerAuthorizationNote unless the server enables sandbox simulations', async () => {
    const backend = await mount({ sandboxSimulations: false });
    const error = await failure(backend.authorize(authorizeRequest('a-0', { sellerAuthorizationNote: 'decline' })));
    expect(error).toMatchObject({ kind: 'validation', status: 400 });
    expect(error.message).toMatch(/^sellerAuthorizationNote: /);
    expect(legacy.calls).toEqual([]);
  });
});

describe('createAmazonPayHandler end to end through createHttpBackend', () => {
  let backend: ReturnType<typeof createHttpBackend>;
  beforeEach(async () => {
    backend = await mount();
  });

  it('authorizes, and a decline lets the next attempt through', async () => {
    const declined = await backend.authorize(authorizeRequest('order-42-0', { sellerAuthorizationNote: 'decline' }));
    expect(declined).toMatchObject({ state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false, amount });
    const approved = await backend.authorize(authorizeRequest('order-42-1'));
    expect(approved.state).toBe('Open');
    expect(legacy.calls).toEqual(['authorize order-42-0', 'authorize order-42-1']);
  });

  it('never authorizes an order twice: a new attempt while one is Open gets that one back (a reload after paying); a repeat of the same attempt goes through', async () => {
    const first = await backend.authorize(authorizeRequest('order-42-0'));
    await expect(backend.authorize(authorizeRequest('order-42-1'))).resolves.toEqual(first);
    await expect(backend.authorize(authorizeRequest('order-42-0'))).resolves.toEqual(first);
    expect(legacy.calls).toEqual(['authorize order-42-0', 'authorize order-42-0']);
  });

  it("counts attempts across page reloads: after Amazon's per-order limit (10, from the decline policy) a new one is refused", async () => {
    expect(MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE).toBe(10);
    for (let n = 0; n < MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE; n++)
      await backend.authorize(authorizeRequest(`r-${n}`, { sellerAuthorizationNote: 'decline' }));
    expect(await failure(backend.authorize(authorizeRequest('r-10')))).toMatchObject({
      kind: 'amazon',
      code: 'RetryBudgetExhausted',
      status: 409,
    });
    await expect(backend.authorize(authorizeRequest('r-9', { sellerAuthorizationNote: 'decline' }))).resolves.toMatchObject({
      state: 'Declined',
    });
    expect(legacy.calls.filter((c) => c.startsWith('authorize'))).toHaveLength(11);
  });

  it('a paid order stays paid after the budget is spent: a reload gets the Open authorization, not RetryBudgetExhausted', async () => {
    for (let n = 0; n < 3; n++) await backend.authorize(authorizeRequest(`p-${n}`, { sellerAuthorizationNote: 'decline' }));
    const paid = await backend.authorize(authorizeRequest('p-3'));
    expect(paid.state).toBe('Open');
    await expect(backend.authorize(authorizeRequest('after-reload'))).resolves.toEqual(paid);
  });

  it('two tabs authorizing at once: only one reaches Amazon, both see its authorization', async () => {
    const [a, b] = await Promise.all([backend.authorize(authorizeRequest('tab-a')), backend.authorize(authorizeRequest('tab-b'))]);
    expect(b).toEqual(a);
    expect(legacy.calls).toHaveLength(1);
  });

  it('confirm, cancel and the reads pass the validated request to Amazon', async () => {
    await expect(
      backend.confirmOrderReference({ amazonOrderReferenceId: ORDER_ID, successUrl: 'https://shop.example/mfa-ok' }),
    ).resolves.toMatchObject({ state: 'Open' });
    await expect(backend.cancelOrderReference({ amazonOrderReferenceId: ORDER_ID, reason: 'Timed out' })).resolves.toMatchObject({
      state: 'Canceled',
    });
    await expect(backend.getOrderReferenceDetails(ORDER_ID)).resolves.toMatchObject({ state: 'Suspended' });
    const auth = await backend.authorize(authorizeRequest('a-1'));
    await expect(backend.getAuthorizationDetails(auth.amazonAuthorizationId)).resolves.toEqual(auth);
    expect(legacy.calls.slice(0, 2)).toEqual([
      `confirm {"amazonOrderReferenceId":"${ORDER_ID}","successUrl":"https://shop.example/mfa-ok"}`,
      `cancel {"amazonOrderReferenceId":"${ORDER_ID}","reason":"Timed out"}`,
    ]);
  });

  it("relays Amazon's errors with code and status (generic message); Amazon's 5xx becomes 502; other failures hide their message", async () => {
    expect(await failure(backend.getOrderReferenceDetails('S01-0000000-0000000'))).toMatchObject({
      kind: 'amazon',
      code: 'InvalidOrderReferenceId',
      status: 404,
    });
    expect(await failure(backend.getOrderReferenceDetails('S01-5000000-0000000'))).toMatchObject({
      kind: 'amazon',
      code: 'InternalServerError',
      status: 502,
      retryable: true,
    });
    const hidden = await failure(backend.getOrderReferenceDetails('S01-9999999-9999999'));
    expect(hidden).toMatchObject({ code: 'InternalError', status: 500 });
    expect(hidden.message).not.toMatch(/hunter2/);
    // Every failure that is not the caller's own mistake reaches onError with its details.
    expect(onError).toHaveBeenCalledTimes(3);
    expect(onError.mock.calls.map(([error]) => (error as Error).message)).toEqual([
      'InvalidOrderReferenceId: unknown',
      'InternalServerError',
      'ECONNREFUSED mysql://root:hunter2@db',
    ]);
  });

  it('signs the exact payload string it returns, built by buildCheckoutSessionPayload, and returns no other field', async () => {
    const request = { checkoutResultReturnUrl: 'https://shop.example/return', amount, merchantReferenceId: 'order-42' };
    const signed = await backend.signCheckoutSessionPayload(request);
    expect(signed.payloadJSON).toBe(checkout.signed[0]);
    expect(JSON.parse(signed.payloadJSON)).toEqual(
      buildCheckoutSessionPayload(request, { storeId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef' }),
    );
    expect(Object.keys(signed).sort()).toEqual(['algorithm', 'payloadJSON', 'publicKeyId', 'signature']);
  });

  it('refuses return URLs outside allowedReturnOrigins, naming the field', async () => {
    const error = await failure(backend.signCheckoutSessionPayload({ checkoutResultReturnUrl: 'https://evil.example/return', amount }));
    expect(error).toMatchObject({ kind: 'validation', status: 400 });
    expect(error.message).toMatch(/checkoutResultReturnUrl/);
    expect(checkout.signed).toHaveLength(0);
  });

  it('completes a checkout session once; repeats (even concurrent) get the stored result; another amount is refused', async () => {
    const request = { checkoutSessionId: 'b8b9a0c1-0d4e-4a0f-9c55-000000000001', amount };
    const [a, b] = await Promise.all([backend.completeCheckoutSession(request), backend.completeCheckoutSession(request)]);
    const c = await backend.completeCheckoutSession({ ...request, amount: { amount: '49.9', currencyCode: 'EUR' } });
    expect(a).toMatchObject({ state: 'Completed', chargePermissionId: 'S01-1111111-1111111' });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(checkout.completions()).toBe(1);
    expect(await failure(backend.completeCheckoutSession({ ...request, amount: { amount: '1.00', currencyCode: 'EUR' } }))).toMatchObject({
      code: 'AmountMismatch',
      status: 409,
    });
  });
});

describe('createAmazonPayHandler refuses bad requests before calling Amazon', () => {
  beforeEach(async () => {
    await mount({ maxBodyBytes: 1024 });
  });
  afterEach(() => expect(legacy.calls).toEqual([]));

  it.each([
    ['invalid JSON', '/authorize', '{"amazonOrderReferenceId": ', 400, 'InvalidJson', /not valid JSON/],
    ['a JSON array', '/authorize', '[]', 400, 'InvalidBody', /JSON object/],
    ['an unknown field', '/authorize', JSON.stringify({ ...authorizeRequest('a-1'), amout: 1 }), 400, 'UnknownField', /^amout: /],
    [
      'a bad order reference id',
      '/authorize',
      JSON.stringify(authorizeRequest('a-1', { amazonOrderReferenceId: 'P01-1' })),
      400,
      'InvalidOrderReferenceId',
      /^amazonOrderReferenceId: /,
    ],
    [
      'a too long reference id',
      '/authorize',
      JSON.stringify(authorizeRequest('x'.repeat(33))),
      400,
      'InvalidParameterValue',
      /^authorizationReferenceId: /,
    ],
    [
      'a bad amount',
      '/authorize',
      JSON.stringify(authorizeRequest('a-1', { amount: { amount: '49.999', currencyCode: 'EUR' } })),
      400,
      'InvalidAmount',
      /^amount: .*decimal places/,
    ],
    ['a missing amount', '/checkout-sessions/cs-1/complete', '{}', 400, 'InvalidAmount', /^amount: /],
    ['a bad mode', '/authorize', JSON.stringify({ ...authorizeRequest('a-1'), mode: 'later' }), 400, 'InvalidParameterValue', /^mode: /],
    [
      'a bad decider',
      '/authorize',
      JSON.stringify({ ...authorizeRequest('a-1'), decider: 'server' }),
      400,
      'InvalidParameterValue',
      /^decider: /,
    ],
    [
      'an http MFA URL',
      `/order-references/${ORDER_ID}/confirm`,
      JSON.stringify({ successUrl: 'http://shop.example/ok' }),
      400,
      'InvalidUrl',
      /^successUrl: .*https/,
    ],
    ['a bad id in the path', '/order-references/not-an-id/cancel', '{}', 400, 'InvalidOrderReferenceId', /^amazonOrderReferenceId: /],
    [
      'an oversized body',
      '/authorize',
      JSON.stringify({ ...authorizeRequest('a-1'), sellerAuthorizationNote: 'x'.repeat(2000) }),
      413,
      'PayloadTooLarge',
      /exceeds 1024 bytes/,
    ],
  ])('%s', async (_what, path, body, status, code, message) => {
    const response = await post(path, body);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const error = await errorOf(response);
    expect(error).toMatchObject({ kind: 'validation', code });
    expect(error.message).toMatch(message);
  });

  it('an oversized chunked body (no content-length) is cut off at the limit', async () => {
    const big = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
        controller.close();
      },
    });
    const response = await fetch(server.url + BASE + '/authorize', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('a body that is not declared JSON gets 415 (no form posts from other sites)', async () => {
    const response = await post('/authorize', JSON.stringify(authorizeRequest('a-1')), { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
  });

  it('unknown routes get 404, wrong methods 405 with Allow', async () => {
    const missing = await fetch(`${server.url}${BASE}/refunds`);
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('NotFound');
    expect((await fetch(`${server.url}/elsewhere/authorize`, { method: 'POST' })).status).toBe(404);
    const wrong = await fetch(`${server.url}${BASE}/authorize`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await errorOf(wrong)).code).toBe('MethodNotAllowed');
  });
});

describe('createAmazonPayHandler: notifications (IPN) to the event stream', () => {
  const authorizationNotification = (notificationId: string, state: AuthorizationDetails['state']): VerifiedNotification => ({
    kind: 'authorization',
    notificationId,
    authorization: {
      amazonAuthorizationId: `${ORDER_ID}-A000009`,
      authorizationReferenceId: 'async-0',
      amazonOrderReferenceId: ORDER_ID,
      state,
      ...(state === 'Declined' ? { reasonCode: 'AmazonRejected' } : {}),
      amount,
      lastUpdateTimestamp: '2026-11-22T11:00:00.000Z',
    },
  });
  const sns = (body: unknown) =>
    post('/ipn', JSON.stringify(body), { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' });

  it('delivers a verified notification once to subscribers; a replay is refused (409) with nothing stored or relayed; a forgery is refused', async () => {
    const backend = await mount();
    const updates: BackendUpdate[] = [];
    const stop = backend.subscribe!(ORDER_ID, (u) => updates.push(u));
    // Wait until the stream is connected before notifying: a probe about this order comes through it (the stream's
    // reader loads lazily, so under load it connects later than any fixed pause).
    await vi.waitFor(
      async () => {
        const res = await sns({
          notification: {
            kind: 'orderReference',
            notificationId: `probe-${Math.random()}`,
            orderReference: { amazonOrderReferenceId: ORDER_ID, state: 'Open', constraints: [] },
          },
        });
        expect(res.status).toBe(200);
        expect(updates.length).toBeGreaterThan(0);
      },
      { timeout: 10_000, interval: 200 },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    updates.length = 0;

    const forged = await sns({ forged: true, notification: authorizationNotification('n-1', 'Declined') });
    expect(forged.status).toBe(400);
    expect((await errorOf(forged)).code).toBe('InvalidSignature');

    const first = await sns({ notification: authorizationNotification('n-1', 'Declined') });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true });
    const replay = await sns({ notification: authorizationNotification('n-1', 'Open') });
    expect(replay.status).toBe(409);
    expect((await errorOf(replay)).code).toBe('ReplayedNotification');
    // Nothing of the replay was stored: a stored Open authorization would come back instead of a new one.
    await expect(backend.authorize(authorizeRequest('after-replay'))).resolves.toMatchObject({
      state: 'Open',
      authorizationReferenceId: 'after-replay',
    });
    await sns({
      notification: {
        kind: 'orderReference',
        notificationId: 'n-2',
        orderReference: { amazonOrderReferenceId: ORDER_ID, state: 'Open', constraints: [] },
      },
    });

    // A probe still in flight when the list was cleared may arrive late: only the test's own notifications count.
    const notified = () => updates.filter((u) => !u.notificationId?.startsWith('probe-'));
    await vi.waitFor(() => expect(notified().map((u) => u.notificationId)).toEqual(['n-1', 'n-2']));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(notified()).toHaveLength(2);
    expect(notified()[0]).toMatchObject({ type: 'authorization', authorization: { state: 'Declined', reasonCode: 'AmazonRejected' } });
    stop();
  });

  it('an unreachable signing certificate is answered 502, so SNS delivers again (not a 4xx, which it would not retry)', async () => {
    await mount({
      ipn: {
        async verify() {
          throw new AmazonPayError('network', 'Could not load the SNS signing certificate.', {
            code: 'CertificateUnavailable',
            retryable: true,
          });
        },
      },
    });
    const response = await sns({ notification: authorizationNotification('n-5', 'Declined') });
    expect(response.status).toBe(502);
    expect((await errorOf(response)).code).toBe('CertificateUnavailable');
  });

  it('a notification whose storage failed is answered 5xx and delivered once when SNS redelivers it', async () => {
    const store = createMemoryOrderStore();
    let storeDown = true;
    const backend = await mount({
      storage: {
        ...store,
        async saveAttempt(attempt) {
          if (storeDown) throw new Error('connection to the database lost');
          return store.saveAttempt(attempt);
        },
      },
    });
    const updates: BackendUpdate[] = [];
    const stop = backend.subscribe!(ORDER_ID, (u) => updates.push(u));
    await vi.waitFor(async () => {
      expect(
        (await sns({ notification: { kind: 'other', notificationId: `probe-${Math.random()}`, notificationType: 'PaymentCapture' } }))
          .status,
      ).toBe(200);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const failed = await sns({ notification: authorizationNotification('n-7', 'Declined') });
    expect(failed.status).toBe(500);
    storeDown = false;
    const redelivered = await sns({ notification: authorizationNotification('n-7', 'Declined') });
    expect(await redelivered.json()).toEqual({ received: true });
    expect(await store.listAttempts(ORDER_ID)).toMatchObject([{ authorizationReferenceId: 'async-0', state: 'Declined' }]);
    const again = await sns({ notification: authorizationNotification('n-7', 'Declined') });
    expect(again.status).toBe(409);
    await vi.waitFor(() => expect(updates.map((u) => u.notificationId)).toEqual(['n-7']));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(updates).toHaveLength(1);
    stop();
  });

  it("with a recovery runner recording attempts in the same store, the notification's copy is written only when the runner fails (answered 5xx)", async () => {
    const store = createMemoryOrderStore();
    const saves = vi.spyOn(store, 'saveAttempt');
    let amazonDown = false;
    const recovery = {
      orders: store,
      onNotification: vi.fn(async () => {
        if (amazonDown) throw new AmazonPayError('network', 'GetAuthorizationDetails: 503', { status: 503, retryable: true });
      }),
      track: async () => undefined,
      trackCharge: async () => undefined,
      intent: async () => Promise.reject(new Error('not used')),
      view: async () => undefined,
      get: async () => undefined,
      getCharge: async () => undefined,
      start: async () => undefined,
      stop: async () => undefined,
    };
    await mount({ storage: store, recovery });
    expect((await sns({ notification: authorizationNotification('n-11', 'Declined') })).status).toBe(200);
    expect(recovery.onNotification).toHaveBeenCalledTimes(1);
    expect(saves).not.toHaveBeenCalled(); // the runner writes the attempt it re-reads
    amazonDown = true;
    expect((await sns({ notification: authorizationNotification('n-12', 'Declined') })).status).toBeGreaterThanOrEqual(500);
    expect(await store.listAttempts(ORDER_ID)).toMatchObject([{ authorizationReferenceId: 'async-0', state: 'Declined' }]);
  });

  it('a notification updates the stored attempt: a Pending authorization that was declined no longer blocks a new one', async () => {
    const backend = await mount();
    await backend.authorize(authorizeRequest('async-0', { mode: 'async' }));
    await expect(backend.authorize(authorizeRequest('async-1'))).resolves.toMatchObject({
      authorizationReferenceId: 'async-0',
      state: 'Pending',
    });
    await sns({ notification: authorizationNotification('n-9', 'Declined') });
    await expect(backend.authorize(authorizeRequest('async-1'))).resolves.toMatchObject({
      authorizationReferenceId: 'async-1',
      state: 'Open',
    });
  });

  it('resumes a stream after Last-Event-ID with the updates missed meanwhile, and sends keep-alive comments', async () => {
    await mount({ keepAliveMs: 20 });
    await sns({ notification: authorizationNotification('n-1', 'Pending') });
    await sns({ notification: authorizationNotification('n-2', 'Declined') });
    const controller = new AbortController();
    const response = await fetch(`${server.url}${BASE}/order-references/${ORDER_ID}/events`, {
      headers: { 'last-event-id': 'n-1' },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes(': keep-alive')) text += (await reader.read()).value;
    controller.abort();
    expect(text).toContain('id: n-2\ndata: {"type":"authorization"');
    expect(text).not.toContain('id: n-1\n');
  });

  it('without an IpnVerifier the IPN route does not exist', async () => {
    await mount({ ipn: undefined });
    expect((await sns({ notification: authorizationNotification('n-1', 'Declined') })).status).toBe(404);
  });
});

describe('createAmazonPayHandler: guard', () => {
  it("refuses a buyer's request when the guard answers, but never the IPN", async () => {
    const guard = vi.fn((request: Request) =>
      request.headers.get('x-csrf-token') === 'ok' ? undefined : new Response('forbidden', { status: 403 }),
    );
    const backend = await mount({ guard });
    expect(await failure(backend.getOrderReferenceDetails(ORDER_ID))).toMatchObject({ kind: 'malformed', status: 403 });
    const allowed = createHttpBackend({ baseUrl: server.url + BASE, headers: { 'x-csrf-token': 'ok' } });
    await expect(allowed.getOrderReferenceDetails(ORDER_ID)).resolves.toMatchObject({ state: 'Suspended' });
    expect(guard).toHaveBeenLastCalledWith(expect.any(Request), { route: 'getOrderReferenceDetails', id: ORDER_ID });
    const ipn = await post(
      '/ipn',
      JSON.stringify({ notification: { kind: 'other', notificationId: 'n-1', notificationType: 'PaymentCapture' } }),
      {
        'content-type': 'text/plain',
        'x-amz-sns-message-type': 'Notification',
      },
    );
    expect(ipn.status).toBe(200);
    expect(guard).toHaveBeenCalledTimes(2);
  });
});
