/**
 * The server examples of the README (examples/server/*.ts): type-checked under
 * a fresh app's strict settings, then each run over loopback against the fake
 * MWS endpoint, with the kit's source standing in for the installed package.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toNodeListener } from '../../src/server';
import { listenOnLoopback } from '../support/loopback-server';
import { recordedTypeCheck } from '../../scripts/recorded-type-check.mjs';
import { getOrderReferenceDetailsXml, startFakeMws, type FakeMws } from './fake-mws';

vi.mock('react-amazon-pay-recovery/server', () => import('../../src/server'));

const ROOT = resolve(import.meta.dirname, '../..');
const SELLER = 'A2K7NDRCTOTPW9';
const ORDER = 'S01-1234567-1234567';
const SECRET_KEY = 'examples-secret-key';
const ENV: Record<string, string> = {
  AMAZON_PAY_SELLER_ID: SELLER,
  AMAZON_PAY_ACCESS_KEY: 'AKIAEXAMPLE',
  AMAZON_PAY_SECRET_KEY: SECRET_KEY,
  AMAZON_PAY_REGION: 'us',
  AMAZON_PAY_SANDBOX: 'true',
  AMAZON_PAY_PUBLIC_KEY_ID: 'SANDBOX-AHEXAMPLEPUBLICKEYID',
  AMAZON_PAY_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString(),
  AMAZON_PAY_STORE_ID: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
  SHOP_ORIGIN: 'https://shop.example',
  PORT: '0',
};

let mws: FakeMws;
beforeAll(async () => {
  mws = await startFakeMws(SECRET_KEY);
  mws.respond = () => ({ body: getOrderReferenceDetailsXml({ id: ORDER, state: 'Open' }) });
  const { shop } = await import('../../examples/server/shop');
  shop.addOrder({ id: 'order-42', sessionId: 'session-1', total: { amount: '94.50', currencyCode: 'USD' }, amazonOrderReferenceId: ORDER });
});
afterAll(async () => {
  await mws.close();
  vi.unstubAllEnvs();
});

function stubEnv(): void {
  for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
  vi.stubEnv('AMAZON_PAY_MWS_ENDPOINT', mws.url);
}

/** What a merchant checks first: the buyer's order works, another request is refused, Amazon's IPN route exists. */
async function checkout(base: string): Promise<void> {
  // The examples' onError logs the refused notification below.
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const buyer = { cookie: 'shop_session=session-1' };
  const read = await fetch(`${base}/api/amazon-pay/order-references/${ORDER}`, { headers: buyer });
  expect(await read.json()).toMatchObject({ amazonOrderReferenceId: ORDER, state: 'Open' });
  expect((await fetch(`${base}/api/amazon-pay/order-references/${ORDER}`)).status).toBe(403);
  const signed = await fetch(`${base}/api/amazon-pay/checkout-sessions/payload`, {
    method: 'POST',
    headers: { ...buyer, 'content-type': 'application/json' },
    body: JSON.stringify({
      checkoutResultReturnUrl: 'https://shop.example/return',
      amount: { amount: '94.50', currencyCode: 'USD' },
      merchantReferenceId: 'order-42',
    }),
  });
  expect(await signed.json()).toMatchObject({ publicKeyId: ENV.AMAZON_PAY_PUBLIC_KEY_ID, signature: expect.any(String) });
  const ipn = await fetch(`${base}/api/amazon-pay/ipn`, {
    method: 'POST',
    headers: { 'x-amz-sns-message-type': 'Notification' },
    body: '{}',
  });
  expect(ipn.status).toBe(400);
}

async function urlOf(server: Server): Promise<string> {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('server examples', () => {
  it('type-check under strict settings with noUnusedParameters', () => {
    // As `tsc -p examples/server/tsconfig.json` would; a run with nothing changed reuses the last one's answer.
    const config = ts.getParsedCommandLineOfConfigFile(
      resolve(ROOT, 'examples/server/tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => expect.fail(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
      },
    );
    const cache = resolve(ROOT, 'node_modules/.cache/tsc');
    const [problems = []] = recordedTypeCheck([
      {
        rootNames: config!.fileNames,
        options: { ...config!.options, incremental: true, tsBuildInfoFile: resolve(cache, 'examples-server.tsbuildinfo') },
        record: resolve(cache, 'examples-server.inputs.json'),
      },
    ]);
    expect([
      ...config!.errors.map((error) => ({ message: ts.flattenDiagnosticMessageText(error.messageText, '\n') })),
      ...problems,
    ]).toEqual([]);
  }, 120_000);

  it('Next.js route: imports with no environment set, answers 500 until it is, then serves the checkout', async () => {
    vi.unstubAllEnvs();
    for (const name of [...Object.keys(ENV), 'AMAZON_PAY_MWS_ENDPOINT']) vi.stubEnv(name, undefined);
    const route = await import('../../examples/server/next-route');
    // Route segment config breaks `next build` with Cache Components (create-next-app 16's default).
    expect(Object.keys(route).sort()).toEqual(['GET', 'POST']);
    const server = await listenOnLoopback(
      toNodeListener((request) => (request.method === 'GET' ? route.GET(request) : route.POST(request))),
    );
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const early = await fetch(`${server.url}/api/amazon-pay/order-references/${ORDER}`);
      expect(early.status).toBe(500);
      expect(((await early.json()) as { error: object }).error).toMatchObject({
        kind: 'configuration',
        code: 'ServerNotConfigured',
        retryable: false,
      });
      await fetch(`${server.url}/api/amazon-pay/order-references/${ORDER}`);
      expect((await fetch(`${server.url}/api/amazon-pay/no-such-route`)).status).toBe(404);
      // One log line for the three requests, naming every missing variable, no stack trace.
      expect(error).toHaveBeenCalledTimes(1);
      const logged = error.mock.calls.flat().join(' ');
      for (const name of Object.keys(ENV).filter((name) => !['AMAZON_PAY_SANDBOX', 'PORT'].includes(name)))
        expect(logged.split(name)).toHaveLength(2);
      expect(logged).not.toMatch(/\n\s+at /);
      stubEnv();
      await checkout(server.url);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['Express app', () => import('../../examples/server/express')],
    ['plain node:http server', () => import('../../examples/server/node')],
  ])('%s', async (_name, load) => {
    stubEnv();
    const { server } = await load();
    try {
      await checkout(await urlOf(server));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
