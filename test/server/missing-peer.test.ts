/**
 * Issue 23, item 7: without fast-xml-parser installed, the handler used to
 * send Authorize to Amazon and then answer 500, unable to read the reply: an
 * authorization made and never tracked. Now the missing peer is found at
 * start-up, and no route that needs it calls Amazon.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listenOnLoopback, type Listening } from '../support/loopback-server';
import { authorizeXml, startFakeMws, type FakeMws } from './fake-mws';

const SECRET = 'secret-key-for-tests';
const ORDER = 'S01-7654321-1234567';

describe('a missing optional peer', () => {
  let mws: FakeMws;
  let server: Listening;
  const startupErrors: unknown[] = [];
  let runnerStart: Promise<void>;

  beforeAll(async () => {
    // Files share modules in this project (isolate: false): the server's modules are imported afresh
    // with the peer missing, and again without the mock after this file.
    vi.resetModules();
    vi.doMock('fast-xml-parser', () => {
      throw new Error("Cannot find package 'fast-xml-parser' imported from the kit");
    });
    mws = await startFakeMws(SECRET);
    mws.respond = () => ({ body: authorizeXml({ id: `${ORDER}-A000001`, referenceId: `${ORDER}-a0`, state: 'Pending' }) });
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void startupErrors.push(args.join(' ')));
    const { createLegacyPaymentsClient } = await import('../../src/server/amazon/legacy-payments-client');
    const { createAmazonPayHandler } = await import('../../src/server/handler');
    const { toNodeListener } = await import('../../src/server/node-listener');
    const { createRecoveryRunner } = await import('../../src/server/recovery/recovery-runner');
    const { createMemoryScheduler } = await import('../../src/server/recovery/recovery-scheduler');
    const { createMemoryRecoveryStore } = await import('../../src/server/recovery/recovery-store');
    const legacy = createLegacyPaymentsClient({
      sellerId: 'A2K7NDRCTOTPW9',
      accessKey: 'AKIAEXAMPLE',
      secretKey: SECRET,
      region: 'us',
      sandbox: true,
      endpoint: mws.url,
    });
    const runner = createRecoveryRunner({
      legacy,
      store: createMemoryRecoveryStore(),
      scheduler: createMemoryScheduler(),
      hooks: { contactBuyer: () => undefined, orderFailed: () => undefined },
      region: 'us',
      onError: () => undefined,
    });
    runnerStart = runner.start();
    runnerStart.catch(() => undefined);
    const handler = createAmazonPayHandler({
      legacy,
      checkout: {
        signButtonPayload: async () => ({ signature: 's', algorithm: 'AMZN-PAY-RSASSA-PSS-V2' }),
        completeCheckoutSession: async () => Promise.reject(new Error('unused')),
      },
      recovery: runner,
      storeId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
      allowedReturnOrigins: ['https://shop.example'],
      orderAmount: () => ({ amount: '94.50', currencyCode: 'USD' }),
      canAccess: () => true,
      onError: () => undefined,
    });
    server = await listenOnLoopback(toNodeListener(handler));
  });
  afterAll(async () => {
    await server?.close();
    await mws?.close();
    vi.doUnmock('fast-xml-parser');
    vi.resetModules();
  });

  it('fails the runner at start-up with the npm command', async () => {
    await expect(runnerStart).rejects.toMatchObject({
      code: 'MissingPeerDependency',
      message: expect.stringContaining('npm install fast-xml-parser'),
    });
  });

  it('reports it when the handler is built, and refuses authorize before any call to Amazon', async () => {
    const response = await fetch(`${server.url}/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        amazonOrderReferenceId: ORDER,
        authorizationReferenceId: `${ORDER}-a0`,
        amount: { amount: '94.50', currencyCode: 'USD' },
        mode: 'async',
      }),
    });
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(await response.json()).toMatchObject({ error: { code: 'MissingPeerDependency' } });
    expect(mws.requests).toEqual([]);
    expect(startupErrors.some((line) => String(line).includes('npm install fast-xml-parser'))).toBe(true);
  });
});
