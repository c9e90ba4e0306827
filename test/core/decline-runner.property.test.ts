import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandboxBackend, type SandboxFault } from '../../src/testing/sandbox-backend';
import { createDeclineEngine } from '../../src/domain/decline-engine';
import { sandboxSimulationNote } from '../../src/domain/sandbox-simulation';
import type { AuthorizationDetails, AuthorizeRequest, Money } from '../../src/domain/types';

const amount: Money = { amount: '30.00', currencyCode: 'EUR' };
const declined = (reasonCode: string, softDecline?: boolean) =>
  sandboxSimulationNote({ state: 'Declined', reasonCode, ...(softDecline === undefined ? {} : { softDecline }) });

const noteArb = fc.constantFrom(
  undefined,
  declined('InvalidPaymentMethod', true),
  declined('InvalidPaymentMethod', false),
  declined('AmazonRejected'),
  declined('ProcessingFailure'),
  declined('TransactionTimedOut'),
);

const faultArb: fc.Arbitrary<SandboxFault> = fc.record({
  method: fc.constantFrom('authorize', 'confirmOrderReference', 'getOrderReferenceDetails', 'getAuthorizationDetails', 'cancelOrderReference'),
  kind: fc.constantFrom('network', 'timeout', 'malformed', 'amazon'),
  when: fc.constantFrom('before', 'after'),
}) as fc.Arbitrary<SandboxFault>;

type Event =
  | { type: 'authorize' | 'placeOrder' | 'retry' | 'cancel' | 'buyerUpdate' }
  | { type: 'select'; method: string }
  | { type: 'advance'; ms: number }
  | { type: 'fault'; fault: SandboxFault };

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ type: 'authorize' } as const) },
  { weight: 3, arbitrary: fc.constant({ type: 'placeOrder' } as const) },
  { weight: 3, arbitrary: fc.constant({ type: 'retry' } as const) },
  { weight: 1, arbitrary: fc.constant({ type: 'cancel' } as const) },
  { weight: 1, arbitrary: fc.constant({ type: 'buyerUpdate' } as const) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('select' as const), method: fc.constantFrom('visa-1111', 'mastercard-4444', 'amex-0005', 'visa-0002', 'discover-0009') }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant('advance' as const), ms: fc.constantFrom(0, 500, 3000, 30_000, 130_000) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('fault' as const), fault: faultArb }) },
);

async function runScenario(mode: 'sync' | 'async', notes: (string | undefined)[], events: Event[]) {
  const backend = createSandboxBackend({ asyncResultDelayMs: 2000 });
  const order = backend.createOrderReference({ amount });
  const id = order.amazonOrderReferenceId;
  const engine = createDeclineEngine({
    backend,
    amazonOrderReferenceId: id,
    amount,
    mode,
    accountUrl: 'https://payments.amazon.de/jr/your-account/orders?language=de_DE',
    sellerAuthorizationNote: (i) => notes[i],
    polling: { initialDelayMs: 1000, maxDelayMs: 8000 },
    random: () => 0.5,
  });
  engine.start();
  let canceledAtCall: number | undefined;
  for (const event of events) {
    switch (event.type) {
      case 'authorize':
      case 'placeOrder':
      case 'retry':
        engine[event.type]();
        break;
      case 'cancel': {
        const before = engine.getState();
        engine.cancel();
        const after = engine.getState();
        if (canceledAtCall === undefined && after !== before && after.status === 'declined' && after.canceled) canceledAtCall = backend.calls.length;
        break;
      }
      case 'buyerUpdate':
        backend.simulateBuyerUpdatedPaymentMethod(id, 'visa-1111');
        break;
      case 'select':
        backend.selectPaymentMethod(id, event.method);
        engine.paymentSelected();
        break;
      case 'advance':
        await vi.advanceTimersByTimeAsync(event.ms);
        break;
      case 'fault':
        backend.injectFault(event.fault);
        break;
    }
  }
  await vi.advanceTimersByTimeAsync(5 * 60_000);
  engine.dispose();

  const authorizations: AuthorizationDetails[] = [];
  for (let n = 1; ; n++) {
    try {
      authorizations.push(await backend.getAuthorizationDetails(`${id}-A${String(n).padStart(6, '0')}`));
    } catch {
      break;
    }
  }
  return { backend, authorizations, canceledAtCall };
}

describe('decline engine properties over random event sequences (sandbox, fake timers)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('never breaks Amazon rules nor authorizes an order twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('sync' as const, 'async' as const),
        fc.array(noteArb, { minLength: 6, maxLength: 6 }),
        fc.array(eventArb, { minLength: 1, maxLength: 30 }),
        async (mode, notes, events) => {
          const { backend, authorizations, canceledAtCall } = await runScenario(mode, notes, [{ type: 'authorize' }, ...events]);
          const authorizeCalls = backend.calls.filter((c) => c.method === 'authorize');
          const requests = authorizeCalls.map((c) => c.args as AuthorizeRequest);

          // Authorize only while the order reference is Open: the sandbox refuses otherwise.
          expect(authorizeCalls.filter((c) => c.errorCode === 'InvalidOrderReferenceStatus')).toEqual([]);
          // Never SetOrderReferenceDetails after checkout.
          expect(backend.calls.some((c) => c.method === 'setOrderReferenceDetails')).toBe(false);
          // An id is reused only for an identical re-send after a failed call.
          expect(authorizeCalls.filter((c) => c.errorCode === 'DuplicateReferenceId')).toEqual([]);
          for (let i = 1; i < authorizeCalls.length; i++) {
            if (requests[i]!.authorizationReferenceId === requests[i - 1]!.authorizationReferenceId) {
              expect(authorizeCalls[i - 1]!.outcome).toBe('error');
              expect(requests[i]).toEqual(requests[i - 1]);
            }
          }
          const distinctIds = new Set(requests.map((r) => r.authorizationReferenceId));
          // First authorization plus at most three re-authorizations.
          expect(distinctIds.size).toBeLessThanOrEqual(4);
          expect(authorizations.length).toBe(new Set(authorizations.map((a) => a.authorizationReferenceId)).size);
          // AmazonRejected is never retried: it is the last authorization.
          const rejected = authorizations.findIndex((a) => a.reasonCode === 'AmazonRejected');
          if (rejected !== -1) expect(rejected).toBe(authorizations.length - 1);
          // Once the buyer chose another way to pay, Amazon Pay is never asked to authorize again.
          if (canceledAtCall !== undefined) expect(backend.calls.slice(canceledAtCall).filter((c) => c.method === 'authorize')).toEqual([]);
          // Never two approved authorizations on one order reference.
          expect(authorizations.filter((a) => a.state === 'Open').length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 1500) },
    );
  }, 120_000);
});
