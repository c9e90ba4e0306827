/**
 * The recovery report's routes on a real HTTP server (loopback): the admin
 * route is off unless the merchant gives its own admin check, which alone
 * decides (never canAccess); the funnel events route is off unless enabled,
 * checks canAccess per cart or order, validates every field and rate-limits.
 * The handler records the declines, recoveries, losses and completions it sees.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkRecoveryReport } from '../../src/contract/recovery-report-reply';
import type { AmazonPayResource } from '../../src/server/access';
import type { AuthorizationDetails, AuthorizeRequest } from '../../src/domain/types';
import {
  createAmazonPayHandler,
  createMemoryEventLog,
  toNodeListener,
  type AmazonPayHandlerConfig,
  type RecoveryEventLog,
} from '../../src/server';
import { listenOnLoopback, type Listening } from '../support/loopback-server';
import { stubCheckout, stubLegacy } from './stub-clients';

const ORDER_ID = 'S01-1234567-1234567';
const amount = { amount: '49.90', currencyCode: 'EUR' } as const;
const REPORT = '/admin/recovery-report?from=2020-01-01&to=2020-12-31';

let server: Listening | undefined;
afterEach(() => server?.close());

/** Amazon declines the first authorization of an order (hard) and approves the next. */
function decliningLegacy() {
  let seq = 0;
  return stubLegacy({
    async authorize(request: AuthorizeRequest): Promise<AuthorizationDetails> {
      seq += 1;
      return {
        amazonAuthorizationId: `${request.amazonOrderReferenceId}-A00000${seq}`,
        authorizationReferenceId: request.authorizationReferenceId,
        amazonOrderReferenceId: request.amazonOrderReferenceId,
        state: seq === 1 ? 'Declined' : 'Open',
        ...(seq === 1 ? { reasonCode: 'InvalidPaymentMethod', softDecline: false } : {}),
        amount: request.amount,
        lastUpdateTimestamp: new Date(Date.UTC(2026, 10, 1, 0, seq)).toISOString(),
      };
    },
    async cancelOrderReference(request) {
      return { amazonOrderReferenceId: request.amazonOrderReferenceId, state: 'Canceled', constraints: [] };
    },
  });
}

async function mount(overrides: Partial<AmazonPayHandlerConfig> = {}) {
  const events = createMemoryEventLog();
  const canAccess = vi.fn<(request: Request, resource: AmazonPayResource) => boolean>(() => true);
  const handler = createAmazonPayHandler({
    legacy: decliningLegacy(),
    checkout: stubCheckout({
      async completeCheckoutSession(request) {
        return {
          state: 'Completed',
          checkoutSessionId: request.checkoutSessionId,
          chargePermissionId: 'S01-1111111-1111111',
          chargeId: 'S01-1111111-1111111-C000001',
          merchantReferenceId: 'cart-42',
        };
      },
    }),
    storeId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
    allowedReturnOrigins: ['https://shop.example'],
    orderAmount: () => amount,
    canAccess,
    events,
    onError: () => undefined,
    ...overrides,
  } as AmazonPayHandlerConfig);
  server = await listenOnLoopback(toNodeListener(handler));
  return { events, canAccess, url: server.url };
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const thisMonth = () => {
  const now = new Date();
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  return `from=${from}&to=${new Date(Date.now() + 86_400_000).toISOString()}`;
};

describe('the admin report route', () => {
  it('is not there without recoveryReport (404), secure by default', async () => {
    const { url } = await mount();
    const response = await fetch(url + REPORT);
    expect(response.status).toBe(404);
  });

  it("answers only the merchant's admin check, never the buyer's canAccess", async () => {
    const isAdmin = vi.fn((request: Request) => request.headers.get('cookie') === 'staff=1');
    const { url, canAccess } = await mount({ recoveryReport: { isAdmin } });
    expect((await fetch(url + REPORT)).status).toBe(403);
    const response = await fetch(url + REPORT, { headers: { cookie: 'staff=1' } });
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    checkRecoveryReport(body);
    expect(body).toMatchObject({ from: '2020-01-01T00:00:00.000Z', groupBy: 'reasonCode', totals: { declines: 0 } });
    expect(isAdmin).toHaveBeenCalledTimes(2);
    expect(canAccess).not.toHaveBeenCalled();
  });

  it('refuses a configuration whose recoveryReport has no isAdmin', async () => {
    await expect(mount({ recoveryReport: {} as never })).rejects.toThrow(/recoveryReport needs isAdmin/);
  });

  it('validates its parameters, naming the one that is wrong', async () => {
    const { url } = await mount({ recoveryReport: { isAdmin: () => true } });
    const error = async (query: string) =>
      ((await (await fetch(`${url}/admin/recovery-report?${query}`)).json()) as { error: { code: string; message: string } }).error;
    expect(await error('from=2020-01-01&to=2020-13-45')).toMatchObject({
      code: 'InvalidParameterValue',
      message: expect.stringMatching(/^to:/),
    });
    expect(await error('from=2020-01-01&to=2020-02-01&groupBy=email')).toMatchObject({ message: expect.stringMatching(/^groupBy:/) });
    expect(await error('from=2020-01-01&to=2020-02-01&buyer=x')).toMatchObject({ code: 'UnknownField' });
  });
});

describe('the funnel events route', () => {
  const shown = { type: 'popupShown', trigger: 'exitIntent', merchantReferenceId: 'cart-42' };

  it('is not there unless funnelEvents is set (404)', async () => {
    const { url } = await mount();
    expect((await fetch(`${url}/events`, json({ events: [shown] }))).status).toBe(404);
  });

  it('records the pop-up journey and joins it with the completed checkout by merchantReferenceId', async () => {
    const { url, events, canAccess } = await mount({ funnelEvents: true, recoveryReport: { isAdmin: () => true } });
    const response = await fetch(`${url}/events`, json({ events: [shown, { type: 'amazonPayChosen', merchantReferenceId: 'cart-42' }] }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ recorded: 2 });
    expect(canAccess).toHaveBeenCalledWith(expect.any(Request), { type: 'checkoutPayload', merchantReferenceId: 'cart-42' });
    await fetch(`${url}/checkout-sessions/cs-1/complete`, json({ amount }));
    const report = await events.getRecoveryReport({
      from: new Date(Date.now() - 60_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(report.funnel).toEqual({ popupShown: 1, dismissed: 0, amazonPayChosen: 1, checkoutCompleted: 1, completedAmounts: [amount] });
  });

  it('refuses events about a cart or order the buyer may not access (403), recording none', async () => {
    const record = vi.fn();
    const { url } = await mount({
      funnelEvents: true,
      canAccess: (_request, resource) => resource.type !== 'orderReference',
      events: { recordEvents: record, getRecoveryReport: vi.fn() } as RecoveryEventLog,
    });
    const response = await fetch(
      `${url}/events`,
      json({ events: [shown, { type: 'otherMethodChosen', amazonOrderReferenceId: ORDER_ID }] }),
    );
    expect(response.status).toBe(403);
    expect(record).not.toHaveBeenCalled();
  });

  it('takes only the documented fields and types: no free text, no declines from the tab', async () => {
    const { url } = await mount({ funnelEvents: true });
    const status = async (events: unknown) => {
      const response = await fetch(`${url}/events`, json({ events }));
      return [response.status, ((await response.json()) as { error?: { message: string } }).error?.message];
    };
    expect(await status([{ ...shown, email: 'buyer@example.com' }])).toEqual([
      400,
      expect.stringMatching(/^events\[0\]\.email: not a field/),
    ]);
    expect(await status([{ ...shown, merchantReferenceId: 'buyer@example.com' }])).toEqual([
      400,
      expect.stringMatching(/merchantReferenceId/),
    ]);
    expect(await status([{ type: 'recovered', amazonOrderReferenceId: ORDER_ID, amount }])).toEqual([
      400,
      expect.stringMatching(/records declines and recoveries itself/),
    ]);
    expect(await status([{ ...shown, trigger: 'always' }])).toEqual([400, expect.stringMatching(/trigger/)]);
    expect(await status([])).toEqual([400, expect.stringMatching(/1 to 20 events/)]);
    expect(await status(Array.from({ length: 21 }, () => shown))).toEqual([400, expect.anything()]);
  });

  it('limits the events per cart per minute (429 with Retry-After), other carts unaffected', async () => {
    const { url } = await mount({ funnelEvents: { maxEventsPerMinute: 3 } });
    expect((await fetch(`${url}/events`, json({ events: [shown, shown, shown] }))).status).toBe(202);
    const limited = await fetch(`${url}/events`, json({ events: [shown] }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('TooManyEvents');
    expect((await fetch(`${url}/events`, json({ events: [{ ...shown, merchantReferenceId: 'cart-43' }] }))).status).toBe(202);
  });

  it('limits the events of the whole handler per minute', async () => {
    const { url } = await mount({ funnelEvents: { maxEventsPerMinuteTotal: 2 } });
    expect((await fetch(`${url}/events`, json({ events: [shown, { ...shown, merchantReferenceId: 'cart-43' }] }))).status).toBe(202);
    expect((await fetch(`${url}/events`, json({ events: [{ ...shown, merchantReferenceId: 'cart-44' }] }))).status).toBe(429);
  });
});

describe('what the handler records while the tab decides', () => {
  it('a sync decline, then the recovery on the same order reference: amounts, reason, path sync/tab', async () => {
    const { url, events } = await mount({ recoveryReport: { isAdmin: () => true } });
    const authorize = (id: string) =>
      fetch(`${url}/authorize`, json({ amazonOrderReferenceId: ORDER_ID, authorizationReferenceId: id, amount, mode: 'sync' }));
    expect(((await (await authorize('first')).json()) as { state: string }).state).toBe('Declined');
    expect(((await (await authorize('second')).json()) as { state: string }).state).toBe('Open');
    const report = (await (await fetch(`${url}/admin/recovery-report?${thisMonth()}&groupBy=path`)).json()) as ReturnType<
      typeof JSON.parse
    >;
    expect(report.totals).toMatchObject({ declines: 1, recovered: 1, lost: 0, recoveredAmounts: [amount] });
    expect(report.rows).toEqual([expect.objectContaining({ key: 'sync/tab', declines: 1, recovered: 1 })]);
    expect(await events.getRecoveryReport({ from: '2020-01-01', to: '2020-02-01' })).toMatchObject({ totals: { declines: 0 } });
  });

  it('a declined order the tab cancels (the buyer pays another way) is lost', async () => {
    const { url, events } = await mount();
    await fetch(`${url}/authorize`, json({ amazonOrderReferenceId: ORDER_ID, authorizationReferenceId: 'first', amount, mode: 'sync' }));
    expect((await fetch(`${url}/order-references/${ORDER_ID}/cancel`, json({}))).status).toBe(200);
    const report = await events.getRecoveryReport({
      from: new Date(Date.now() - 60_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(report.totals).toMatchObject({ declines: 1, recovered: 0, lost: 1, pending: 0 });
    expect(report.rows).toEqual([expect.objectContaining({ key: 'InvalidPaymentMethod', lost: 1 })]);
  });

  it('a declined order whose buyer chose another method (the tab’s otherMethodChosen) is lost, once; an order with no decline is not', async () => {
    const { url, events } = await mount({ funnelEvents: true });
    await fetch(`${url}/authorize`, json({ amazonOrderReferenceId: ORDER_ID, authorizationReferenceId: 'first', amount, mode: 'sync' }));
    const other = { type: 'otherMethodChosen', amazonOrderReferenceId: ORDER_ID };
    const untouched = { type: 'otherMethodChosen', amazonOrderReferenceId: 'S01-7654321-7654321' };
    expect((await fetch(`${url}/events`, json({ events: [other, untouched] }))).status).toBe(202);
    expect((await fetch(`${url}/events`, json({ events: [other] }))).status).toBe(202);
    const report = await events.getRecoveryReport({
      from: new Date(Date.now() - 60_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(report.totals).toMatchObject({ declines: 1, recovered: 0, lost: 1, pending: 0, otherMethodChosen: 1 });
  });

  it("a failing event log never fails the buyer's payment: the error goes to onError", async () => {
    const onError = vi.fn();
    const { url } = await mount({
      onError,
      events: { recordEvents: () => Promise.reject(new Error('log down')), getRecoveryReport: vi.fn() } as RecoveryEventLog,
    });
    const response = await fetch(
      `${url}/authorize`,
      json({ amazonOrderReferenceId: ORDER_ID, authorizationReferenceId: 'first', amount, mode: 'sync' }),
    );
    expect(response.status).toBe(200);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'log down' }), expect.any(Request));
  });
});
