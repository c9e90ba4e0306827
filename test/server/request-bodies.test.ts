/**
 * Request bodies over a real loopback server: a slow body is answered 408 and
 * the connection closed, the size limit holds, and behind Express's body
 * parsers the handler uses req.body (or says at once what to change) instead
 * of waiting for a stream that was already read.
 */
import { connect } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { amazonPayTopicArns, createIpnVerifier } from '../../src/server/amazon';
import { createAmazonPayHandler, createMemoryOrderStore, toNodeListener, type AmazonPayHandlerConfig } from '../../src/server';
import { listenOnLoopback, type Listening } from '../support/loopback-server';
import { signedSnsBody } from './sns-test-envelope';
import { stubCheckout, stubLegacy } from './stub-clients';
import { makeSelfSignedCertificate } from './test-certificates';

const ORDER = 'S01-1234567-1234567';
const SELLER = 'A2K7NDRCTOTPW9';
const TOPIC = `arn:aws:sns:us-east-1:291180941288:A3BXB0YN3XH17H${SELLER}`;
const sns = makeSelfSignedCertificate('sns.amazonaws.com');

let server: Listening | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const cancels: unknown[] = [];
const legacy = stubLegacy({
  async cancelOrderReference(request) {
    cancels.push(request);
    return { amazonOrderReferenceId: ORDER, state: 'Canceled', orderTotal: { amount: '1.00', currencyCode: 'EUR' }, constraints: [] };
  },
});

function handler(overrides: Partial<AmazonPayHandlerConfig> = {}) {
  return createAmazonPayHandler({
    legacy,
    checkout: stubCheckout(),
    ipn: createIpnVerifier({
      allowedTopicArns: amazonPayTopicArns({ sellerId: SELLER, region: 'us' }),
      expectedSellerId: SELLER,
      fetchCertificate: async () => sns.certPem,
    }),
    storage: createMemoryOrderStore(),
    storeId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
    allowedReturnOrigins: ['https://shop.example'],
    orderAmount: () => undefined,
    canAccess: () => true,
    onError: () => undefined,
    ...overrides,
  } as AmazonPayHandlerConfig);
}

/** A signed legacy IPN of an Open authorization, as SNS posts it. */
function ipnBody(): string {
  const id = `n-${Math.random().toString(36).slice(2)}`;
  const data = `<AuthorizationNotification><AuthorizationDetails><AmazonAuthorizationId>${ORDER}-A000001</AmazonAuthorizationId><AuthorizationReferenceId>r-1</AuthorizationReferenceId><AuthorizationAmount><Amount>1.00</Amount><CurrencyCode>EUR</CurrencyCode></AuthorizationAmount><AuthorizationStatus><State>Open</State><LastUpdateTimestamp>${new Date().toISOString()}</LastUpdateTimestamp></AuthorizationStatus></AuthorizationDetails></AuthorizationNotification>`;
  return signedSnsBody(
    JSON.stringify({ NotificationReferenceId: id, NotificationType: 'PaymentAuthorize', SellerId: SELLER, NotificationData: data }),
    { topic: TOPIC, keyPem: sns.keyPem },
  );
}
const SNS_HEADERS = { 'x-amz-sns-message-type': 'Notification', 'content-type': 'text/plain; charset=UTF-8' };

/** Sends the head and the first bytes of a body, then nothing: what the server answers, and when it closes. */
function stalledPost(url: string, path: string): Promise<{ reply: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ reply, closedAfterMs: Date.now() - started }));
    socket.once('connect', () =>
      socket.write(`POST ${path} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"reason":`),
    );
  });
}

describe('slow and large bodies', () => {
  it('a body still arriving after bodyTimeoutMs is answered 408 RequestTimeout and the connection closed', async () => {
    server = await listenOnLoopback(toNodeListener(handler({ bodyTimeoutMs: 200 })));
    const { reply, closedAfterMs } = await stalledPost(server.url, `/order-references/${ORDER}/cancel`);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(reply).toContain('"code":"RequestTimeout"');
    expect(closedAfterMs).toBeLessThan(2_000);
    expect(cancels).toEqual([]);
  });

  it('the IPN route has the same timeout', async () => {
    server = await listenOnLoopback(toNodeListener(handler({ bodyTimeoutMs: 200 })));
    const { reply } = await stalledPost(server.url, '/ipn');
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
  });

  it('the size limit holds (413) within the timeout', async () => {
    server = await listenOnLoopback(toNodeListener(handler({ maxBodyBytes: 64 })));
    const response = await fetch(`${server.url}/order-references/${ORDER}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'x'.repeat(200) }),
    });
    expect(response.status).toBe(413);
  });
});

describe('behind Express body parsers', () => {
  async function mountBehind(...parsers: express.RequestHandler[]): Promise<string> {
    const app = express();
    for (const parser of parsers) app.use(parser);
    app.use('/api/amazon-pay', toNodeListener(handler()));
    server = await listenOnLoopback(app);
    return `${server.url}/api/amazon-pay`;
  }

  it.each([
    ['express.json()', [express.json()]],
    ['express.json({ type: "*/*" })', [express.json({ type: '*/*' })]],
    ['express.text({ type: "*/*" })', [express.text({ type: '*/*' })]],
    ['express.raw({ type: "*/*" })', [express.raw({ type: '*/*' })]],
    ['no parser', []],
  ] as const)('%s: a JSON call and a signed SNS notification both go through, without hanging', async (_name, parsers) => {
    const url = await mountBehind(...parsers);
    cancels.length = 0;
    const cancel = await fetch(`${url}/order-references/${ORDER}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'buyer asked' }),
      signal: AbortSignal.timeout(3_000),
    });
    expect(cancel.status).toBe(200);
    expect(cancels).toEqual([{ amazonOrderReferenceId: ORDER, reason: 'buyer asked' }]);
    const ipn = await fetch(`${url}/ipn`, { method: 'POST', headers: SNS_HEADERS, body: ipnBody(), signal: AbortSignal.timeout(3_000) });
    expect(await ipn.json()).toEqual({ received: true });
  });

  it('a middleware that read the body and left no req.body: 500 configuration BodyAlreadyRead at once, and the log names the fix', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const url = await mountBehind((req, _res, next) => {
      req.on('data', () => undefined);
      req.on('end', () => next());
    });
    const response = await fetch(`${url}/order-references/${ORDER}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(3_000),
    });
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: object }).error).toMatchObject({
      kind: 'configuration',
      code: 'BodyAlreadyRead',
      retryable: false,
    });
    expect(String(log.mock.calls[0]?.[1])).toMatch(/mount toNodeListener\(handler\) before your body parsers/);
  });
});
