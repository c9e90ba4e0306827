/**
 * Event-stream slots and hub subscriptions are released on every path a
 * stream can end, over a real loopback server; and one order reference
 * cannot take every slot.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendUpdate } from '../../src/domain/server-recovery';
import { createAmazonPayHandler, createUpdateHub, toNodeListener, type AmazonPayHandlerConfig, type UpdateHub } from '../../src/server';
import { listenOnLoopback, type Listening } from '../support/loopback-server';
import { stubCheckout, stubLegacy } from './stub-clients';

const ORDER = 'S01-1234567-1234567';
const OTHER = 'S01-7654321-7654321';
const BASE = '/api/amazon-pay';

/** The memory hub, counting live subscriptions. */
function countingHub(): UpdateHub & { subscriptions: () => number } {
  const hub = createUpdateHub({ bufferSize: 1 });
  let live = 0;
  return {
    ...hub,
    subscribe(id, listener) {
      live += 1;
      const unsubscribe = hub.subscribe(id, listener);
      let done = false;
      return () => {
        if (!done) live -= 1;
        done = true;
        unsubscribe();
      };
    },
    subscriptions: () => live,
  };
}

let server: Listening | undefined;
let hub: ReturnType<typeof countingHub>;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.close();
  server = undefined;
});

async function start(overrides: Partial<AmazonPayHandlerConfig> = {}): Promise<string> {
  hub = countingHub();
  const handler = createAmazonPayHandler({
    legacy: stubLegacy(),
    checkout: stubCheckout(),
    hub,
    storeId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
    allowedReturnOrigins: ['https://shop.example'],
    basePath: BASE,
    orderAmount: () => undefined,
    canAccess: () => true,
    onError: () => undefined,
    ...overrides,
  } as AmazonPayHandlerConfig);
  server = await listenOnLoopback(toNodeListener(handler));
  return server.url + BASE;
}

const streamUrl = (url: string, id = ORDER) => `${url}/order-references/${id}/events`;

/** A raw HTTP/1.1 client: it reads only when told, like a stalled browser or proxy. */
function rawStream(url: string, id = ORDER, read = true): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { hostname, port, pathname } = new URL(streamUrl(url, id));
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    sockets.push(socket);
    let text = '';
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', () => undefined);
    socket.once('connect', () => socket.write(`GET ${pathname} HTTP/1.1\r\nhost: ${hostname}\r\n\r\n`));
    let opened = false;
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (!opened && text.includes(': connected')) {
        opened = true;
        if (!read) socket.pause();
        resolve({ socket, received: () => text, closed });
      }
    });
    socket.once('close', () => reject(new Error(`closed before the stream opened: ${text.slice(0, 200)}`)));
  });
}

const update = (n: number, padding = 0): BackendUpdate =>
  ({
    type: 'orderReference',
    notificationId: `n-${n}`,
    orderReference: {
      amazonOrderReferenceId: ORDER,
      state: 'Open',
      orderTotal: { amount: '1.00', currencyCode: 'EUR' },
      constraints: [],
      ...(padding ? { sellerNote: 'x'.repeat(padding) } : {}),
    },
  }) as BackendUpdate;

async function expectOneMoreStreamOpens(url: string): Promise<void> {
  const controller = new AbortController();
  const response = await fetch(streamUrl(url), { signal: controller.signal });
  expect(response.status).toBe(200);
  controller.abort();
  await vi.waitFor(() => expect(hub.subscriptions()).toBe(0));
}

describe('event streams release their slot and hub subscription on every path', () => {
  it.each([
    ['before canAccess (the guard is still running)', 'guard'],
    ['during canAccess (a 60 ms lookup)', 'canAccess'],
  ] as const)('the buyer leaves %s: nothing stays held', async (_what, slow) => {
    let lookups = 0;
    const wait = () => new Promise((resolve) => setTimeout(resolve, 60));
    const url = await start({
      maxEventStreams: 1,
      ...(slow === 'guard' ? { guard: async () => (await wait(), undefined) } : {}),
      canAccess: async () => {
        lookups += 1;
        if (slow === 'canAccess') await wait();
        return true;
      },
    });
    for (let i = 0; i < 5; i += 1) {
      const controller = new AbortController();
      const pending = fetch(streamUrl(url), { signal: controller.signal }).catch(() => undefined);
      setTimeout(() => controller.abort(), 20);
      await pending;
    }
    // Some requests may be aborted before the server saw them; the others finish their lookup (60 ms) first.
    await vi.waitFor(() => expect(lookups).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hub.subscriptions()).toBe(0);
    // The one slot is free: had any of the five leaked it, this would be 503.
    await expectOneMoreStreamOpens(url);
  });

  it('the connection closes mid-stream (socket destroyed while updates are written)', async () => {
    const url = await start({ maxEventStreams: 1 });
    const client = await rawStream(url);
    expect(hub.subscriptions()).toBe(1);
    hub.publish(ORDER, update(1));
    client.socket.destroy();
    for (let n = 2; n < 50; n += 1) hub.publish(ORDER, update(n));
    await vi.waitFor(() => expect(hub.subscriptions()).toBe(0));
    await expectOneMoreStreamOpens(url);
  });

  it('a client that stops reading (back-pressure) is cut off once 64 kB queue, and its slot is free again', async () => {
    const url = await start({ maxEventStreams: 1 });
    const client = await rawStream(url, ORDER, false);
    // Far more than the kernel's socket buffers and the stream's 64 kB queue.
    for (let n = 0; n < 4000 && hub.subscriptions() > 0; n += 1) {
      hub.publish(ORDER, update(n, 6000));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await vi.waitFor(() => expect(hub.subscriptions()).toBe(0), { timeout: 5000 });
    // The server closed the connection: reading what was buffered ends in the close.
    client.socket.resume();
    await client.closed;
    await expectOneMoreStreamOpens(url);
  });

  it('keeps a stream that reads: updates and keep-alives arrive, one subscription, released on abort', async () => {
    const url = await start({ keepAliveMs: 30 });
    const client = await rawStream(url);
    hub.publish(ORDER, update(7));
    await vi.waitFor(() => expect(client.received()).toContain('id: n-7'));
    await vi.waitFor(() => expect(client.received()).toContain(': keep-alive'));
    expect(hub.subscriptions()).toBe(1);
    client.socket.destroy();
    await vi.waitFor(() => expect(hub.subscriptions()).toBe(0));
  });
});

describe('one order reference cannot take every slot', () => {
  it('past maxEventStreamsPerOrder the next stream on that order gets 503 with Retry-After; other orders still open', async () => {
    const url = await start({ maxEventStreams: 100, maxEventStreamsPerOrder: 2 });
    await rawStream(url);
    const second = await rawStream(url);
    const refused = await fetch(streamUrl(url));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(((await refused.json()) as { error: object }).error).toMatchObject({
      kind: 'network',
      code: 'TooManyEventStreams',
      retryable: true,
    });
    const other = await rawStream(url, OTHER);
    expect(other.received()).toContain('200 OK');
    second.socket.destroy();
    await vi.waitFor(() => expect(hub.subscriptions()).toBe(2));
    const again = await rawStream(url);
    expect(again.received()).toContain('200 OK');
  });
});
