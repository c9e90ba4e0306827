/**
 * A merchant's first configuration: every mistake the issue found is refused
 * when the handler or client is created, in one sentence naming the option
 * and the fix, and the sentences stay in production.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { amazonPayTopicArns, createCheckoutV2Client, createIpnVerifier, createLegacyPaymentsClient } from '../../src/server/amazon';
import { createAmazonPayHandler, toNodeListener, type AmazonPayHandlerConfig } from '../../src/server';
import { isMerchantId } from '../../src/domain/regions';
import { listenOnLoopback, type Listening } from '../support/loopback-server';
import { createMemoryRecoveryStore, createMemoryScheduler, createRecoveryRunner } from '../../src/server';
import { createFakeAmazon } from './fake-amazon';
import { stubCheckout, stubLegacy } from './stub-clients';

const STORE_ID = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';
const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const config = (extra: Partial<Record<keyof AmazonPayHandlerConfig, unknown>> = {}) =>
  ({
    legacy: stubLegacy(),
    checkout: stubCheckout(),
    storeId: STORE_ID,
    allowedReturnOrigins: ['https://shop.example'],
    orderAmount: () => undefined,
    canAccess: () => true,
    ...extra,
  }) as AmazonPayHandlerConfig;

let server: Listening | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe.each(['development', 'production'])('checked at construction (NODE_ENV=%s)', (nodeEnv) => {
  afterEach(() => vi.unstubAllEnvs());
  const create = (extra: Parameters<typeof config>[0]) => {
    vi.stubEnv('NODE_ENV', nodeEnv);
    return () => createAmazonPayHandler(config(extra));
  };

  it.each([
    ['storeId empty', { storeId: '' }, /storeId "" is not a Checkout v2 store id; copy the "Store ID" from Seller Central/],
    ["storeId not Amazon's format", { storeId: 'mystore' }, /storeId "mystore" is not a Checkout v2 store id/],
    ['orderAmount missing (a JavaScript config)', { orderAmount: undefined }, /orderAmount must be a function/],
    ['orderAmount not a function', { orderAmount: 12 }, /orderAmount must be a function/],
    ['guard not a function', { guard: 'yes' }, /guard must be a function/],
    ['a legacy client without methods', { legacy: {} }, /legacy has no authorize, .* functions; pass createLegacyPaymentsClient/],
    [
      'an origin with a trailing slash',
      { allowedReturnOrigins: ['https://shop.example/'] },
      /allowedReturnOrigins has "https:\/\/shop.example\/", which is not an origin; write scheme:\/\/host\[:port\] with no path or trailing slash/,
    ],
    ['an origin with a path', { allowedReturnOrigins: ['https://shop.example/checkout'] }, /which is not an origin/],
    ['an http origin that is not localhost', { allowedReturnOrigins: ['http://shop.example'] }, /must be https \(http only for localhost/],
    ['no origins', { allowedReturnOrigins: [] }, /allowedReturnOrigins must list your shop's origins/],
    ['a zero body timeout', { bodyTimeoutMs: 0 }, /bodyTimeoutMs must be a positive whole number/],
  ])('%s: refused with one sentence naming the option and the fix', (_what, extra, sentence) => {
    expect(create(extra)).toThrow(sentence);
  });

  it('accepts http for localhost, 127.0.0.1 and [::1] origins', () => {
    expect(
      create({ allowedReturnOrigins: ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8080', 'https://shop.example'] }),
    ).not.toThrow();
  });

  it('a Checkout v2 key: a PEM in one .env line with literal \\n is accepted and signs; a broken one, a live key in the sandbox and a sandbox key live are refused', async () => {
    vi.stubEnv('NODE_ENV', nodeEnv);
    const oneLine = pem.trim().replace(/\n/g, '\\n');
    const client = createCheckoutV2Client({ publicKeyId: 'SANDBOX-AEXAMPLEKEYID', privateKey: oneLine, region: 'eu', sandbox: true });
    expect(client.region).toBe('eu');
    expect(() =>
      createCheckoutV2Client({ publicKeyId: 'SANDBOX-AEXAMPLEKEYID', privateKey: `"${oneLine}"`, region: 'eu', sandbox: true }),
    ).not.toThrow();
    const broken = pem.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAA');
    expect(() => createCheckoutV2Client({ publicKeyId: 'SANDBOX-AEXAMPLEKEYID', privateKey: broken, region: 'eu', sandbox: true })).toThrow(
      /createCheckoutV2Client: privateKey could not be read .*; pass the whole .pem file/,
    );
    expect(() =>
      createCheckoutV2Client({ publicKeyId: 'SANDBOX-AEXAMPLEKEYID', privateKey: 'MIIEvQIBADANBg', region: 'eu', sandbox: true }),
    ).toThrow(/privateKey is not a PEM private key/);
    expect(() => createCheckoutV2Client({ publicKeyId: 'LIVE-AEXAMPLEKEYID', privateKey: pem, region: 'eu', sandbox: true })).toThrow(
      /publicKeyId LIVE-AEXAMPLEKEYID is a live key but sandbox is true; use a SANDBOX- key/,
    );
    expect(() => createCheckoutV2Client({ publicKeyId: 'SANDBOX-AEXAMPLEKEYID', privateKey: pem, region: 'eu', sandbox: false })).toThrow(
      /is a sandbox key but sandbox is false/,
    );
    expect(() => createCheckoutV2Client({ publicKeyId: 'AEXAMPLEKEYID', privateKey: pem, region: 'eu', sandbox: false })).not.toThrow();
    expect(() =>
      createCheckoutV2Client({ publicKeyId: 'SANDBOX-AEXAMPLEKEYID', privateKey: pem, region: 'mars' as never, sandbox: true }),
    ).toThrow(/region "mars" is not one of us, uk, eu, de, jp/);
  });

  it('the recovery runner names checkoutV2.checkoutAgainUrl and the fix (the domain check alone says only InvalidUrl in production)', () => {
    vi.stubEnv('NODE_ENV', nodeEnv);
    const amazon = createFakeAmazon();
    const base = {
      legacy: amazon,
      store: createMemoryRecoveryStore(),
      scheduler: createMemoryScheduler(),
      region: 'us' as const,
      hooks: { contactBuyer() {}, orderFailed() {} },
    };
    expect(() => createRecoveryRunner({ ...base, checkoutV2: { client: amazon, checkoutAgainUrl: 'http://shop.example/cart' } })).toThrow(
      /checkoutV2.checkoutAgainUrl "http:\/\/shop.example\/cart" must be an absolute URL of your shop, https/,
    );
  });

  it('one merchant-id rule for the MWS client, the IPN verifier, the topic helper (and the browser)', () => {
    vi.stubEnv('NODE_ENV', nodeEnv);
    for (const bad of ['', 'mystore', 'a2k7ndrctotpw9', 'A2K7', 'A2K7NDRCTOTPW9A2K7NDRCTOTPW9']) {
      expect(isMerchantId(bad)).toBe(false);
      expect(() => createLegacyPaymentsClient({ sellerId: bad, accessKey: 'a', secretKey: 's', region: 'us', sandbox: true })).toThrow(
        /sellerId .* is not an Amazon Pay merchant id \(8-20 capital letters and digits\)/,
      );
      expect(() => createIpnVerifier({ expectedSellerId: bad, allowedTopicArns: ['arn:aws:sns:us-east-1:291180941288:x'] })).toThrow(
        /expectedSellerId .* is not an Amazon Pay merchant id/,
      );
      expect(() => amazonPayTopicArns({ sellerId: bad, region: 'us' })).toThrow(/sellerId .* is not an Amazon Pay merchant id/);
    }
    expect(isMerchantId('A2K7NDRCTOTPW9')).toBe(true);
  });
});

describe('currency against region', () => {
  it('a GBP button payload is refused (400 InvalidCurrencyCode, naming the region) when the Checkout v2 client signs for eu; EUR is signed', async () => {
    const signed: string[] = [];
    const checkout = {
      ...stubCheckout({
        signButtonPayload: async (payloadJSON: string) => (
          signed.push(payloadJSON),
          { signature: 'c2ln', publicKeyId: 'SANDBOX-AE1', algorithm: 'AMZN-PAY-RSASSA-PSS-V2' as const }
        ),
      }),
      region: 'eu' as const,
    };
    const amounts: Record<string, { amount: string; currencyCode: string }> = {
      gbp: { amount: '10.00', currencyCode: 'GBP' },
      eur: { amount: '10.00', currencyCode: 'EUR' },
    };
    server = await listenOnLoopback(
      toNodeListener(
        createAmazonPayHandler(
          config({ checkout, orderAmount: ({ merchantReferenceId }: { merchantReferenceId?: string }) => amounts[merchantReferenceId!] }),
        ),
      ),
    );
    const sign = (id: string) =>
      fetch(`${server!.url}/checkout-sessions/payload`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: amounts[id], merchantReferenceId: id, checkoutResultReturnUrl: 'https://shop.example/return' }),
      });
    const refused = await sign('gbp');
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'InvalidCurrencyCode',
      message: expect.stringContaining('EUR, the ledger currency of region eu'),
    });
    expect((await sign('eur')).status).toBe(200);
    expect(signed).toHaveLength(1);
  });
});
