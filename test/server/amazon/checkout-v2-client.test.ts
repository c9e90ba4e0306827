import { createHash, createPublicKey, generateKeyPairSync, verify, constants } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckoutV2Client } from '../../../src/server/amazon/checkout-v2-client';
import { makeSelfSignedCertificate } from '../test-certificates';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

/** Independent check of Amazon's button signature: RSA-PSS, SHA-256, salt 32, over "ALG\n" + hex(sha256(payload)). */
function verifyButtonSignature(payloadJSON: string, signature: string, saltLength = 32, algorithm = 'AMZN-PAY-RSASSA-PSS-V2'): boolean {
  const stringToSign = `${algorithm}\n${createHash('sha256').update(payloadJSON, 'utf8').digest('hex')}`;
  return verify(
    'sha256',
    Buffer.from(stringToSign, 'utf8'),
    { key: createPublicKey(publicKey), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength },
    Buffer.from(signature, 'base64'),
  );
}

const payloadJSON =
  '{"webCheckoutDetails":{"checkoutMode":"ProcessOrder","checkoutResultReturnUrl":"https://shop.example/return"},"storeId":"amzn1.application-oa2-client.x","paymentDetails":{"paymentIntent":"Authorize","chargeAmount":{"amount":"94.50","currencyCode":"USD"}}}';

describe('createCheckoutV2Client.signButtonPayload', () => {
  const client = createCheckoutV2Client({ publicKeyId: 'SANDBOX-AEXAMPLEKEYID', privateKey, region: 'us', sandbox: true });

  it('signs the exact payload string with RSA-PSS V2 (salt 32)', async () => {
    const signed = await client.signButtonPayload(payloadJSON);
    expect(signed).toMatchObject({ publicKeyId: 'SANDBOX-AEXAMPLEKEYID', algorithm: 'AMZN-PAY-RSASSA-PSS-V2' });
    expect(verifyButtonSignature(payloadJSON, signed.signature)).toBe(true);
  });

  it('produces a signature that fails for a payload differing by one space', async () => {
    const signed = await client.signButtonPayload(payloadJSON);
    expect(
      verifyButtonSignature(payloadJSON.replace('{"storeId"', '{ "storeId"').replace(',"storeId"', ', "storeId"'), signed.signature),
    ).toBe(false);
  });

  it('uses salt 20 for the older AMZN-PAY-RSASSA-PSS algorithm when asked', async () => {
    const legacy = createCheckoutV2Client({
      publicKeyId: 'SANDBOX-AEXAMPLEKEYID',
      privateKey,
      region: 'eu',
      sandbox: true,
      algorithm: 'AMZN-PAY-RSASSA-PSS',
    });
    const signed = await legacy.signButtonPayload(payloadJSON);
    expect(signed.algorithm).toBe('AMZN-PAY-RSASSA-PSS');
    expect(verifyButtonSignature(payloadJSON, signed.signature, 20, 'AMZN-PAY-RSASSA-PSS')).toBe(true);
  });

  it('refuses objects and non-JSON, so nothing but the exact string is ever signed', async () => {
    await expect(client.signButtonPayload({} as unknown as string)).rejects.toMatchObject({ kind: 'validation', code: 'InvalidPayload' });
    await expect(client.signButtonPayload('{"truncated":')).rejects.toMatchObject({ kind: 'validation', code: 'InvalidPayload' });
  });

  it('refuses a configuration without a PEM key', () => {
    expect(() =>
      createCheckoutV2Client({ publicKeyId: 'SANDBOX-AEXAMPLEKEYID', privateKey: 'not a key', region: 'us', sandbox: true }),
    ).toThrow(/PEM private key/);
  });
});

interface RecordedCall {
  readonly method: string;
  readonly url: string;
  readonly authorization: string;
  readonly body: unknown;
}

describe('createCheckoutV2Client.completeCheckoutSession against a loopback fake Amazon Pay API', () => {
  let server: Server;
  let host: string;
  const calls: RecordedCall[] = [];
  const savedTls = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  const sessions: Record<string, { complete: { status: number; body: unknown }; get?: unknown }> = {
    'completed-session': {
      complete: {
        status: 200,
        body: {
          checkoutSessionId: 'completed-session',
          statusDetails: { state: 'Completed' },
          chargePermissionId: 'S01-1234567-1234567',
          chargeId: 'S01-1234567-1234567-C000001',
          merchantMetadata: { merchantReferenceId: 'cart-42', merchantStoreName: 'Shop' },
        },
      },
    },
    'declined-session': {
      complete: { status: 422, body: { reasonCode: 'CheckoutSessionCanceled', message: 'Checkout session is canceled' } },
      get: {
        checkoutSessionId: 'declined-session',
        statusDetails: { state: 'Canceled', reasonCode: 'Declined', reasonDescription: 'The payment was declined.' },
      },
    },
    'buyer-canceled-session': {
      complete: { status: 422, body: { reasonCode: 'CheckoutSessionCanceled', message: 'Checkout session is canceled' } },
      get: { checkoutSessionId: 'buyer-canceled-session', statusDetails: { state: 'Canceled', reasonCode: 'BuyerCanceled' } },
    },
    'amount-mismatch': { complete: { status: 400, body: { reasonCode: 'InvalidParameterValue', message: 'chargeAmount does not match' } } },
  };

  // Charge and charge-permission replies as Amazon's API v2 reference shows them (statusDetails, chargeAmount).
  const CHARGE = 'S01-1234567-1234567-C000001';
  const charges: Record<string, unknown> = {
    [`/sandbox/v2/charges/${CHARGE}`]: {
      chargeId: CHARGE,
      chargePermissionId: 'S01-1234567-1234567',
      chargeAmount: { amount: '94.50', currencyCode: 'USD' },
      statusDetails: {
        state: 'Declined',
        reasonCode: 'HardDeclined',
        reasonDescription: 'The payment was declined.',
        lastUpdatedTimestamp: '20261202T101500Z',
      },
      releaseEnvironment: 'Sandbox',
    },
    '/sandbox/v2/charges/S01-1234567-1234567-C000002': {
      chargeId: 'S01-7654321-7654321-C000009',
      chargePermissionId: 'S01-7654321-7654321',
      statusDetails: { state: 'Authorized' },
    },
    '/sandbox/v2/charges/S01-1234567-1234567-C000003': {
      chargeId: 'S01-1234567-1234567-C000003',
      chargePermissionId: 'S01-1234567-1234567',
      chargeAmount: { amount: '94.50', currencyCode: 'USD' },
      statusDetails: { state: 'Refunded' },
    },
    // Get Charge Permission as Amazon's reference shows it, with the buyer's data the kit must not keep.
    '/sandbox/v2/chargePermissions/S01-1234567-1234567': {
      chargePermissionId: 'S01-1234567-1234567',
      chargePermissionReferenceId: null,
      buyer: { buyerId: 'buyer-1', name: 'Jane Buyer', email: 'jane@example.com' },
      shippingAddress: { name: 'Jane Buyer', addressLine1: '440 Terry Ave', city: 'Seattle', countryCode: 'US' },
      merchantMetadata: { merchantReferenceId: 'cart-42', merchantStoreName: 'Shop', noteToBuyer: null, customInformation: null },
      statusDetails: { state: 'Chargeable', reasons: null, lastUpdatedTimestamp: '20261202T101500Z' },
      limits: { amountLimit: { amount: '94.50', currencyCode: 'USD' } },
      releaseEnvironment: 'Sandbox',
    },
    '/sandbox/v2/chargePermissions/S01-7654321-7654321': {
      chargePermissionId: 'S01-1111111-1111111',
      statusDetails: { state: 'Chargeable' },
    },
    '/sandbox/v2/chargePermissions/S01-1234567-1234567/close': {
      chargePermissionId: 'S01-1234567-1234567',
      statusDetails: { state: 'Closed', reasons: [{ reasonCode: 'MerchantClosed', reasonDescription: 'closed' }] },
    },
  };

  beforeAll(async () => {
    const { certPem, keyPem } = makeSelfSignedCertificate('127.0.0.1', 'IP:127.0.0.1');
    server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        calls.push({
          method: req.method ?? '',
          url: req.url ?? '',
          authorization: String(req.headers.authorization),
          body: raw ? JSON.parse(raw) : undefined,
        });
        const chargeReply = charges[req.url ?? ''];
        if (chargeReply) {
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify(chargeReply));
        }
        const match = /^\/sandbox\/v2\/checkoutSessions\/([^/]+)(\/complete)?$/.exec(req.url ?? '');
        const session = match ? sessions[match[1]!] : undefined;
        const reply = !session
          ? { status: 404, body: { reasonCode: 'ResourceNotFound' } }
          : match?.[2]
            ? session.complete
            : { status: 200, body: session.get };
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    // The SDK switches TLS verification off process-wide when given a service override; put it back.
    if (savedTls === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = savedTls;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const client = () =>
    createCheckoutV2Client({ publicKeyId: 'AEXAMPLEKEYID', privateKey, region: 'us', sandbox: true, unsafeTestServiceHost: host });
  const amount = { amount: '94.50', currencyCode: 'USD' as const };

  it('completes a session and returns the charge permission, the charge and your merchantReferenceId', async () => {
    await expect(client().completeCheckoutSession({ checkoutSessionId: 'completed-session', amount })).resolves.toEqual({
      state: 'Completed',
      checkoutSessionId: 'completed-session',
      chargePermissionId: 'S01-1234567-1234567',
      chargeId: 'S01-1234567-1234567-C000001',
      merchantReferenceId: 'cart-42',
    });
    const call = calls.at(-1)!;
    expect(call).toMatchObject({
      method: 'POST',
      url: '/sandbox/v2/checkoutSessions/completed-session/complete',
      body: { chargeAmount: amount },
    });
    expect(call.authorization).toMatch(/^AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=AEXAMPLEKEYID, SignedHeaders=[a-z;-]+, Signature=\S+$/);
  });

  it.each([
    ['declined-session', 'Declined'],
    ['buyer-canceled-session', 'BuyerCanceled'],
  ])('turns CheckoutSessionCanceled for %s into Canceled with reason %s', async (checkoutSessionId, reasonCode) => {
    const result = await client().completeCheckoutSession({ checkoutSessionId, amount });
    expect(result).toMatchObject({ state: 'Canceled', checkoutSessionId, reasonCode });
    expect(calls.slice(-2).map((c) => `${c.method} ${c.url}`)).toEqual([
      `POST /sandbox/v2/checkoutSessions/${checkoutSessionId}/complete`,
      `GET /sandbox/v2/checkoutSessions/${checkoutSessionId}`,
    ]);
  });

  it('reports other refusals as amazon errors with Amazon reason code and status, without retrying', async () => {
    const before = calls.length;
    await expect(client().completeCheckoutSession({ checkoutSessionId: 'amount-mismatch', amount })).rejects.toMatchObject({
      kind: 'amazon',
      code: 'InvalidParameterValue',
      status: 400,
    });
    expect(calls.length - before).toBe(1);
  });

  it('reads a charge with Get Charge (signed GET v2/charges/{id}) into ChargeDetails', async () => {
    await expect(client().getCharge(CHARGE)).resolves.toEqual({
      chargeId: CHARGE,
      chargePermissionId: 'S01-1234567-1234567',
      state: 'Declined',
      reasonCode: 'HardDeclined',
      reasonDescription: 'The payment was declined.',
      chargeAmount: { amount: '94.50', currencyCode: 'USD' },
      lastUpdatedTimestamp: '20261202T101500Z',
    });
    expect(calls.at(-1)).toMatchObject({
      method: 'GET',
      url: `/sandbox/v2/charges/${CHARGE}`,
      authorization: expect.stringMatching(/^AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=AEXAMPLEKEYID/),
    });
  });

  it('refuses a Get Charge reply about another charge, or in a state Amazon does not document, as malformed', async () => {
    await expect(client().getCharge('S01-1234567-1234567-C000002')).rejects.toMatchObject({ kind: 'malformed', code: 'MalformedReply' });
    await expect(client().getCharge('S01-1234567-1234567-C000003')).rejects.toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('Refunded'),
    });
  });

  it('closes a charge permission (signed DELETE, closureReason and cancelPendingCharges)', async () => {
    await expect(
      client().closeChargePermission({
        chargePermissionId: 'S01-1234567-1234567',
        closureReason: 'Declined; checking out again.',
        cancelPendingCharges: true,
      }),
    ).resolves.toEqual({
      chargePermissionId: 'S01-1234567-1234567',
      state: 'Closed',
      reasonCode: 'MerchantClosed',
    });
    expect(calls.at(-1)).toMatchObject({
      method: 'DELETE',
      url: '/sandbox/v2/chargePermissions/S01-1234567-1234567/close',
      body: { closureReason: 'Declined; checking out again.', cancelPendingCharges: true },
    });
  });

  it('reads Get Charge Permission (signed GET v2/chargePermissions/{id}) keeping the state and cart id, never the buyer', async () => {
    const permission = await client().getChargePermission('S01-1234567-1234567');
    expect(permission).toEqual({ chargePermissionId: 'S01-1234567-1234567', state: 'Chargeable', merchantReferenceId: 'cart-42' });
    expect(JSON.stringify(permission)).not.toMatch(/Jane|jane@|Terry/);
    expect(calls.at(-1)).toMatchObject({
      method: 'GET',
      url: '/sandbox/v2/chargePermissions/S01-1234567-1234567',
      authorization: expect.stringMatching(/^AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=AEXAMPLEKEYID/),
    });
    await expect(client().getChargePermission('S01-7654321-7654321')).rejects.toMatchObject({ kind: 'malformed', code: 'MalformedReply' });
  });

  it('rejects unsafe charge ids before calling Amazon', async () => {
    const before = calls.length;
    await expect(client().getCharge('../checkoutSessions/x')).rejects.toMatchObject({ kind: 'validation' });
    await expect(client().getChargePermission('S01/../x')).rejects.toMatchObject({ kind: 'validation' });
    await expect(
      client().closeChargePermission({ chargePermissionId: 'S01/../x', closureReason: 'x', cancelPendingCharges: true }),
    ).rejects.toMatchObject({ kind: 'validation' });
    expect(calls.length).toBe(before);
  });

  it('rejects unsafe session ids and bad amounts before calling Amazon', async () => {
    const before = calls.length;
    await expect(client().completeCheckoutSession({ checkoutSessionId: '../charges/x', amount })).rejects.toMatchObject({
      kind: 'validation',
    });
    await expect(
      client().completeCheckoutSession({ checkoutSessionId: 'completed-session', amount: { amount: '1.999', currencyCode: 'USD' } }),
    ).rejects.toMatchObject({ kind: 'validation' });
    expect(calls.length).toBe(before);
  });
});
