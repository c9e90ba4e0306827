/**
 * Issue 14's attacks, each over a real loopback server: the handler with the
 * real legacy client against a fake MWS endpoint and the real IPN verifier
 * (its certificate download is the one seam: a self-signed CN=sns.amazonaws.com).
 */
import { sign } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckoutV2Client } from '../../src/server/amazon-clients';
import { amazonPayTopicArns, createIpnVerifier, createLegacyPaymentsClient } from '../../src/server/amazon';
import {
  createAmazonPayHandler,
  createMemoryOrderStore,
  toNodeListener,
  type AmazonPayHandlerConfig,
  type AmazonPayResource,
} from '../../src/server';
import { listenOnLoopback, type Listening } from '../support/loopback-server';
import {
  authorizeXml,
  emptyResultXml,
  errorXml,
  getAuthorizationDetailsXml,
  getOrderReferenceDetailsXml,
  startFakeMws,
  type FakeMws,
} from './fake-mws';
import { makeSelfSignedCertificate } from './test-certificates';

const SELLER = 'A2K7NDRCTOTPW9';
const ORDER = 'S01-1234567-1234567';
const OTHER_ORDER = 'S01-7654321-7654321';
const TOPIC = `arn:aws:sns:us-east-1:291180941288:A3BXB0YN3XH17H${SELLER}`;
const FOREIGN_TOPIC = `arn:aws:sns:us-east-1:111122223333:A3BXB0YN3XH17H${SELLER}`;
const CERT_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem';
/** Served the impostor's certificate (CN=sns.amazonaws.com.evil.example). */
const IMPOSTOR_CERT_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-00000000000000000000000000000bad.pem';
const SECRET_KEY = 'mws-SECRET-kEy/9f8e7d6c5b4a';
const ACCESS_KEY = 'AKIASECRETACCESSKEY01';
const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvSECRETPRIVATEKEYMATERIAL\n-----END PRIVATE KEY-----';
const DB_PASSWORD = 'db-pa55word-hunter2';
const SECRETS = [SECRET_KEY, ACCESS_KEY, PRIVATE_KEY, 'SECRETPRIVATEKEYMATERIAL', DB_PASSWORD];
const sns = makeSelfSignedCertificate('sns.amazonaws.com');
const impostor = makeSelfSignedCertificate('sns.amazonaws.com.evil.example');
const order = { amount: '94.50', currencyCode: 'USD' } as const;

let mws: FakeMws;
let server: Listening | undefined;
let downloads: string[];
let onError: ReturnType<typeof vi.fn<(error: unknown, request: Request) => void>>;
afterEach(async () => {
  await server?.close();
  server = undefined;
  await mws?.close();
});

/** A session cookie names the buyer; buyer-1 owns ORDER and checkout session cs-1 only. */
function ownsResource(request: Request, resource: AmazonPayResource): boolean {
  if (!/(^|;\s*)session=buyer-1(;|$)/.test(request.headers.get('cookie') ?? '')) return false;
  if (resource.type === 'orderReference') return resource.amazonOrderReferenceId === ORDER;
  if (resource.type === 'checkoutSession') return resource.checkoutSessionId === 'cs-1';
  return resource.merchantReferenceId === 'order-42';
}

const checkout: CheckoutV2Client = {
  async signButtonPayload() {
    return { signature: 'c2ln', publicKeyId: 'SANDBOX-AE1', algorithm: 'AMZN-PAY-RSASSA-PSS-V2' };
  },
  async completeCheckoutSession(request) {
    return { state: 'Completed', checkoutSessionId: request.checkoutSessionId, chargePermissionId: 'S01-1111111-1111111' };
  },
};

/** The README's configuration: real clients, a real verifier, an ownership check. */
function readmeConfig(extra: Partial<AmazonPayHandlerConfig> = {}): AmazonPayHandlerConfig {
  return {
    legacy: createLegacyPaymentsClient({
      sellerId: SELLER,
      accessKey: ACCESS_KEY,
      secretKey: SECRET_KEY,
      region: 'us',
      sandbox: true,
      endpoint: mws.url,
      backoff: { baseMs: 1, maxMs: 2 },
    }),
    checkout,
    ipn: createIpnVerifier({
      allowedTopicArns: amazonPayTopicArns({ sellerId: SELLER, region: 'us' }),
      expectedSellerId: SELLER,
      fetchCertificate: async (url) => (downloads.push(url), url === IMPOSTOR_CERT_URL ? impostor.certPem : sns.certPem),
    }),
    storeId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
    allowedReturnOrigins: ['https://shop.example'],
    orderAmount: () => order,
    canAccess: ownsResource,
    onError,
    ...extra,
  } as AmazonPayHandlerConfig;
}

async function start(config: (fake: FakeMws) => AmazonPayHandlerConfig | (() => AmazonPayHandlerConfig) = () => readmeConfig()) {
  mws = await startFakeMws(SECRET_KEY);
  mws.respond = ({ action }) => {
    if (action === 'Authorize')
      return { body: authorizeXml({ id: `${ORDER}-A000001`, referenceId: 'buyer-1', state: 'Open', amount: '94.50' }) };
    if (action === 'GetOrderReferenceDetails') return { body: getOrderReferenceDetailsXml({ id: ORDER, state: 'Open' }) };
    if (action === 'GetAuthorizationDetails') return { body: getAuthorizationDetailsXml({ id: `${ORDER}-A000001`, state: 'Open' }) };
    return { body: emptyResultXml(action) };
  };
  downloads = [];
  onError = vi.fn<(error: unknown, request: Request) => void>();
  server = await listenOnLoopback(toNodeListener(createAmazonPayHandler(config(mws))));
  return server.url;
}

const BUYER = { cookie: 'session=buyer-1' };
const JSON_TYPE = { 'content-type': 'application/json' };
const authorizeBody = (amount = order, authorizationReferenceId = 'buyer-1') =>
  JSON.stringify({ amazonOrderReferenceId: ORDER, authorizationReferenceId, amount, mode: 'sync' });

interface EnvelopeOptions {
  readonly topic?: string;
  readonly version?: string;
  readonly sellerId?: string;
  readonly timestamp?: string;
  readonly key?: string;
  readonly amount?: string;
  readonly certUrl?: string;
  readonly id?: string;
}

/** A notification signed like SNS (string to sign built here, not with src/), carrying an Open authorization. */
function envelope(o: EnvelopeOptions = {}): string {
  const id = o.id ?? `n-${Math.random().toString(36).slice(2)}`;
  const data = `<AuthorizationNotification><AuthorizationDetails><AmazonAuthorizationId>${ORDER}-A999999</AmazonAuthorizationId><AuthorizationReferenceId>forged</AuthorizationReferenceId><AuthorizationAmount><Amount>${o.amount ?? '0.01'}</Amount><CurrencyCode>USD</CurrencyCode></AuthorizationAmount><AuthorizationStatus><State>Open</State><LastUpdateTimestamp>${new Date().toISOString()}</LastUpdateTimestamp></AuthorizationStatus></AuthorizationDetails></AuthorizationNotification>`;
  const fields = {
    Type: 'Notification',
    MessageId: id,
    TopicArn: o.topic ?? TOPIC,
    Message: JSON.stringify({
      NotificationReferenceId: id,
      NotificationType: 'PaymentAuthorize',
      SellerId: o.sellerId ?? SELLER,
      NotificationData: data,
    }),
    Timestamp: o.timestamp ?? new Date().toISOString(),
  };
  const toSign = `Message\n${fields.Message}\nMessageId\n${fields.MessageId}\nTimestamp\n${fields.Timestamp}\nTopicArn\n${fields.TopicArn}\nType\n${fields.Type}\n`;
  const version = o.version ?? '1';
  const signature = sign(version === '2' ? 'RSA-SHA256' : 'RSA-SHA1', Buffer.from(toSign), o.key ?? sns.keyPem).toString('base64');
  return JSON.stringify({ ...fields, SignatureVersion: version, Signature: signature, SigningCertURL: o.certUrl ?? CERT_URL });
}

const postIpn = (url: string, body: string) =>
  fetch(`${url}/ipn`, {
    method: 'POST',
    headers: { 'x-amz-sns-message-type': 'Notification', 'content-type': 'text/plain; charset=UTF-8' },
    body,
  });
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { kind: string; code?: string; message: string } }).error;

/** Opens the order's event stream and collects what it receives until aborted. */
async function watch(url: string, headers: Record<string, string> = BUYER) {
  const controller = new AbortController();
  const response = await fetch(`${url}/order-references/${ORDER}/events`, { headers, signal: controller.signal });
  let text = '';
  const reading = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      text += value;
    }
  })();
  await vi.waitFor(() => expect(text).toContain(': connected'));
  return { response, received: () => text, stop: async () => (controller.abort(), await reading) };
}

describe("IPN: the README's configuration trusts only Amazon Pay's topic for this seller", () => {
  it('refuses a genuinely signed envelope from a foreign topic (400 ForbiddenTopic), stores and relays nothing, downloads nothing', async () => {
    const url = await start();
    const stream = await watch(url);
    const forged = await postIpn(url, envelope({ topic: FOREIGN_TOPIC }));
    expect(forged.status).toBe(400);
    expect(await errorOf(forged)).toEqual({
      kind: 'validation',
      code: 'ForbiddenTopic',
      message: 'The request was refused.',
      retryable: false,
    });
    expect(downloads).toEqual([]);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'ForbiddenTopic', message: expect.stringContaining(FOREIGN_TOPIC) }),
      expect.any(Request),
    );
    // Nothing stored: the buyer's authorize goes to Amazon and gets its own authorization.
    const paid = await fetch(`${url}/authorize`, { method: 'POST', headers: { ...JSON_TYPE, ...BUYER }, body: authorizeBody() });
    expect(await paid.json()).toMatchObject({ state: 'Open', amount: order, amazonAuthorizationId: `${ORDER}-A000001` });
    expect(mws.requests.map((r) => r.action)).toEqual(['Authorize']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await stream.stop();
    expect(stream.received()).not.toContain('data:');
  });

  it('verifies SignatureVersion 2 (RSA-SHA256) from the allowed topic, stores it and relays it', async () => {
    const url = await start();
    const stream = await watch(url);
    const response = await postIpn(url, envelope({ version: '2', amount: '94.50', id: 'sv2-1' }));
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(stream.received()).toContain('id: sv2-1\ndata: {"type":"authorization"'));
    await stream.stop();
  });

  it.each([
    ['another seller', { sellerId: 'AOTHERSELLER99' }, 'ForeignSeller', 0],
    ['a stale Timestamp', { timestamp: new Date(Date.now() - 2 * 3_600_000).toISOString() }, 'StaleNotification', 0],
    ['SignatureVersion 3', { version: '3' }, 'UnsupportedSignatureVersion', 0],
    ['a certificate for another subject', { certUrl: IMPOSTOR_CERT_URL, key: impostor.keyPem }, 'UntrustedCertificate', 1],
    ['a signature by another key', { key: impostor.keyPem }, 'InvalidSignature', 1],
  ] as const)('refuses %s (400 %s), storing and relaying nothing', async (_what, options, code, certificateDownloads) => {
    const url = await start();
    const stream = await watch(url);
    const response = await postIpn(url, envelope(options));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe(code);
    expect(downloads).toHaveLength(certificateDownloads);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await stream.stop();
    expect(stream.received()).not.toContain('data:');
    const paid = await fetch(`${url}/authorize`, { method: 'POST', headers: { ...JSON_TYPE, ...BUYER }, body: authorizeBody() });
    expect(await paid.json()).toMatchObject({ amazonAuthorizationId: `${ORDER}-A000001` });
  });

  it('downloads no certificate for a cert URL with a query string or a fragment', async () => {
    const url = await start();
    for (const certUrl of [`${CERT_URL}?nonce=1`, `${CERT_URL}#x`]) {
      const response = await postIpn(url, envelope({ certUrl }));
      expect(response.status).toBe(400);
      expect((await errorOf(response)).code).toBe('ForbiddenCertHost');
    }
    expect(downloads).toEqual([]);
  });
});

describe('live authorization: never returned for another amount', () => {
  it("a stored Open authorization of 0.01 is not the answer to the buyer's 94.50 (409 LiveAuthorizationMismatch), and Amazon is not called", async () => {
    const url = await start();
    // Stored as if it had come through the allowed topic (the worst case: Amazon's own, of another amount).
    expect((await postIpn(url, envelope({ amount: '0.01' }))).status).toBe(200);
    const response = await fetch(`${url}/authorize`, { method: 'POST', headers: { ...JSON_TYPE, ...BUYER }, body: authorizeBody() });
    expect(response.status).toBe(409);
    expect(await errorOf(response)).toMatchObject({ kind: 'amazon', code: 'LiveAuthorizationMismatch', retryable: false });
    expect(mws.requests).toEqual([]);
  });

  it('an Open authorization of the same amount is still the answer to a reload (never a second authorization)', async () => {
    const url = await start();
    expect((await postIpn(url, envelope({ amount: '94.50' }))).status).toBe(200);
    const response = await fetch(`${url}/authorize`, { method: 'POST', headers: { ...JSON_TYPE, ...BUYER }, body: authorizeBody() });
    expect(await response.json()).toMatchObject({ state: 'Open', amazonAuthorizationId: `${ORDER}-A999999` });
    expect(mws.requests).toEqual([]);
  });
});

describe('ownership: every route that acts on an order asks canAccess', () => {
  const routes: [string, string, string, string | undefined][] = [
    ['read', 'GET', `/order-references/${ORDER}`, undefined],
    ['confirm', 'POST', `/order-references/${ORDER}/confirm`, '{}'],
    ['cancel', 'POST', `/order-references/${ORDER}/cancel`, '{}'],
    ['authorize', 'POST', '/authorize', authorizeBody()],
    ['events', 'GET', `/order-references/${ORDER}/events`, undefined],
    ['authorization details', 'GET', `/authorizations/${ORDER}-A000001`, undefined],
    ['complete', 'POST', '/checkout-sessions/cs-1/complete', JSON.stringify({ amount: order })],
    [
      'sign',
      'POST',
      '/checkout-sessions/payload',
      JSON.stringify({ checkoutResultReturnUrl: 'https://shop.example/return', amount: order, merchantReferenceId: 'order-42' }),
    ],
  ];

  it.each(routes)('an anonymous %s is refused (403 Forbidden) and Amazon is not called', async (_what, method, path, body) => {
    const url = await start();
    const headers = { ...JSON_TYPE, 'last-event-id': 'anything' };
    const response = await fetch(url + path, { method, headers, ...(body === undefined ? {} : { body }) });
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ kind: 'validation', code: 'Forbidden' });
    expect(mws.requests).toEqual([]);
  });

  it.each(routes)("the owner's %s goes through", async (_what, method, path, body) => {
    const url = await start();
    const controller = new AbortController();
    const response = await fetch(url + path, {
      method,
      headers: { ...JSON_TYPE, ...BUYER },
      signal: controller.signal,
      ...(body === undefined ? {} : { body }),
    });
    expect(response.status).toBe(200);
    controller.abort();
  });

  it("another buyer's order reference is refused even with a session (cancel of OTHER_ORDER)", async () => {
    const url = await start();
    const response = await fetch(`${url}/order-references/${OTHER_ORDER}/cancel`, {
      method: 'POST',
      headers: { ...JSON_TYPE, ...BUYER },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(mws.requests).toEqual([]);
  });

  it('cannot be configured without canAccess; dangerouslyAllowAnyBuyer works and warns once, at configuration', async () => {
    mws = await startFakeMws(SECRET_KEY);
    onError = vi.fn();
    downloads = [];
    const { canAccess: _omitted, ...withoutAccess } = readmeConfig();
    expect(() => createAmazonPayHandler(withoutAccess as AmazonPayHandlerConfig)).toThrow(/needs canAccess/);
    expect(() =>
      createAmazonPayHandler({ ...readmeConfig(), dangerouslyAllowAnyBuyer: true } as unknown as AmazonPayHandlerConfig),
    ).toThrow(/not both/);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const handler = createAmazonPayHandler({ ...withoutAccess, dangerouslyAllowAnyBuyer: true } as AmazonPayHandlerConfig);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/dangerouslyAllowAnyBuyer is set: anyone .* ANY order reference/);
    mws.respond = () => ({ body: getOrderReferenceDetailsXml({ id: ORDER, state: 'Open' }) });
    expect((await handler(new Request(`http://localhost/order-references/${ORDER}`))).status).toBe(200);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('error replies carry a code and a generic message; the details go to onError only', () => {
  it("no reply of any failure carries a configured secret, a transport message or Amazon's text", async () => {
    const replies: string[] = [];
    const record = async (response: Response) => {
      const text = await response.text();
      replies.push(text);
      const { error } = JSON.parse(text) as { error: { code?: string; message: string } };
      expect(error.code, text).toMatch(/^[A-Za-z]+$/);
      expect(error.message.length, text).toBeLessThan(200);
    };
    const leakyFetch: typeof fetch = async () => {
      throw new Error(`proxy refused https://${ACCESS_KEY}:${SECRET_KEY}@proxy.example`);
    };
    let failStore = false;
    const store = createMemoryOrderStore();
    const url = await start((fake) =>
      readmeConfig({
        legacy: createLegacyPaymentsClient({
          sellerId: SELLER,
          accessKey: ACCESS_KEY,
          secretKey: SECRET_KEY,
          region: 'us',
          sandbox: true,
          endpoint: fake.url,
          backoff: { baseMs: 1, maxMs: 2 },
        }),
        checkout: {
          async signButtonPayload() {
            throw new Error(`could not read ${PRIVATE_KEY}`);
          },
          async completeCheckoutSession() {
            throw Object.assign(new Error(`axios: 401 with key ${PRIVATE_KEY}`), {
              response: { status: 401, data: { reasonCode: 'UnauthorizedAccess', message: `bad signature for ${ACCESS_KEY}` } },
            });
          },
        },
        storage: {
          ...store,
          async listAttempts(id) {
            if (failStore) throw new Error(`postgres://shop:${DB_PASSWORD}@db/shop: connection refused`);
            return store.listAttempts(id);
          },
        },
      }),
    );
    const asBuyer = (path: string, init: RequestInit = {}) =>
      fetch(url + path, { ...init, headers: { ...JSON_TYPE, ...BUYER, ...(init.headers as Record<string, string>) } });
    // Amazon refuses with a message quoting the request, then fails with 500s (retried, then 502).
    mws.respond = () => ({
      status: 400,
      body: errorXml('Sender', 'InvalidOrderReferenceStatus', `The OrderReference ${ORDER} of ${SELLER} (key ${ACCESS_KEY}) is not Open`),
    });
    await record(await asBuyer(`/order-references/${ORDER}`));
    await record(await asBuyer(`/order-references/${ORDER}/cancel`, { method: 'POST', body: '{}' }));
    mws.respond = () => ({ status: 500, body: errorXml('Receiver', 'InternalServerError', `stack at ${SECRET_KEY}`) });
    await record(await asBuyer(`/order-references/${ORDER}`));
    await record(await asBuyer('/authorize', { method: 'POST', body: authorizeBody(order, 'leak-2') }));
    await record(
      await asBuyer('/checkout-sessions/payload', {
        method: 'POST',
        body: JSON.stringify({ checkoutResultReturnUrl: 'https://shop.example/return', amount: order, merchantReferenceId: 'order-42' }),
      }),
    );
    await record(await asBuyer('/checkout-sessions/cs-1/complete', { method: 'POST', body: JSON.stringify({ amount: order }) }));
    failStore = true;
    await record(await asBuyer('/authorize', { method: 'POST', body: authorizeBody(order, 'leak-3') }));
    // A forged notification and one of the wrong seller.
    await record(await postIpn(url, envelope({ topic: FOREIGN_TOPIC })));
    await record(await postIpn(url, JSON.stringify({ ...JSON.parse(envelope()), Signature: 'Zm9yZ2Vk' })));
    // A transport whose error message quotes credentials.
    await server!.close();
    server = await listenOnLoopback(
      toNodeListener(
        createAmazonPayHandler(
          readmeConfig({
            legacy: createLegacyPaymentsClient({
              sellerId: SELLER,
              accessKey: ACCESS_KEY,
              secretKey: SECRET_KEY,
              region: 'us',
              sandbox: true,
              endpoint: mws.url,
              fetch: leakyFetch,
              backoff: { baseMs: 1, maxMs: 2 },
            }),
          }),
        ),
      ),
    );
    await record(await fetch(`${server.url}/order-references/${ORDER}`, { headers: BUYER }));
    // A configuration that fails on the first request (a missing environment variable).
    await server.close();
    server = await listenOnLoopback(
      toNodeListener(
        createAmazonPayHandler(() => {
          throw new Error(`AMAZON_PAY_SECRET_KEY is not set (had ${SECRET_KEY})`);
        }),
      ),
    );
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await record(await fetch(`${server.url}/order-references/${ORDER}`, { headers: BUYER }));

    expect(replies).toHaveLength(11);
    for (const reply of replies) {
      for (const secret of [...SECRETS, 'proxy.example', 'postgres://', 'is not Open', 'stack at', 'axios'])
        expect(reply, reply).not.toContain(secret);
    }
    expect(replies[0]).toContain('"code":"InvalidOrderReferenceStatus"');
    // Every detail reached onError on the server.
    const details = onError.mock.calls.map(
      ([error]) => String((error as Error).message) + String(((error as Error).cause as Error | undefined)?.message ?? ''),
    );
    expect(details.join('\n')).toContain(DB_PASSWORD);
  });
});

describe('event streams per instance are capped', () => {
  it('answers 503 with Retry-After past maxEventStreams, and accepts again once one closes', async () => {
    const url = await start(() => readmeConfig({ maxEventStreams: 2 }));
    const first = await watch(url);
    const second = await watch(url);
    const refused = await fetch(`${url}/order-references/${ORDER}/events`, { headers: BUYER });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(await errorOf(refused)).toMatchObject({ code: 'TooManyEventStreams', retryable: true });
    await first.stop();
    await vi.waitFor(async () => {
      const again = await watch(url);
      expect(again.response.status).toBe(200);
      await again.stop();
    });
    await second.stop();
  });
});

describe('a configuration factory is built on the first request', () => {
  it('is not called at creation; a throwing one is answered 500 and tried again', async () => {
    let attempts = 0;
    const url = await start(() => () => {
      attempts += 1;
      if (attempts === 1) throw new Error('AMAZON_PAY_SELLER_ID is not set');
      return readmeConfig();
    });
    expect(attempts).toBe(0);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const failed = await fetch(`${url}/order-references/${ORDER}`, { headers: BUYER });
    expect(failed.status).toBe(500);
    expect(await errorOf(failed)).toMatchObject({ kind: 'configuration', code: 'ServerNotConfigured', retryable: false });
    const ok = await fetch(`${url}/order-references/${ORDER}`, { headers: BUYER });
    expect(ok.status).toBe(200);
    await fetch(`${url}/order-references/${ORDER}`, { headers: BUYER });
    expect(attempts).toBe(2);
  });
});
