/**
 * The chaos run's Amazon (chaos.ts): the kit's Amazon ledger
 * (src/testing/amazon-ledger.ts, Amazon's books and rules, the same ones every
 * other fake Amazon of the kit keeps) with a seeded injector on top. The
 * injector decides only what Amazon leaves to chance: how each authorization
 * ends and when, whether a call fails (a 5xx or throttling before Amazon applies
 * it, or a reply lost after), and, per seed, the points Amazon's docs leave open.
 * Everything else (what a call may do in which state, idempotency, what a cancel
 * closes, what a decline does to the order reference) is the ledger's.
 */
import type { BackendCall } from '../../../src/domain/decline-machine';
import { AmazonPayError } from '../../../src/domain/errors';
import type { BackendUpdate } from '../../../src/domain/server-recovery';
import type { Money } from '../../../src/domain/types';
import { amazonError, createAmazonLedger, type AmazonLedger, type AuthorizationOutcome } from '../../../src/testing/amazon-ledger';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** How an authorization ends (undefined: Open); a hard decline sometimes re-opens the order by itself later, as Amazon's simulation does. */
const OUTCOMES: ReadonlyArray<AuthorizationOutcome | 'hardDeclineReopened'> = [
  undefined,
  { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true },
  { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false },
  'hardDeclineReopened',
  { state: 'Declined', reasonCode: 'ProcessingFailure' },
  { state: 'Declined', reasonCode: 'AmazonRejected' },
  { state: 'Declined', reasonCode: 'TransactionTimedOut' },
];

export interface ChaosAmazon {
  readonly ledger: AmazonLedger;
  readonly orderId: string;
  /** One MWS call as the server makes it; throws an AmazonPayError (retryable for 5xx and throttling). */
  call(call: BackendCall): unknown;
  /** The buyer picks a method in the Wallet widget: a new one, or the declined one again. */
  buyerSelectsMethod(newMethod: boolean): void;
  /** The buyer updates the method in their Amazon account (a Suspended order reference is Open again). */
  buyerUpdatesMethod(): void;
  /** Amazon's own work (results, re-opens) at their due times: the next one, and applying what is due now. */
  nextDueAt(): number | undefined;
  runDue(): void;
  /** Calls made, and the ones Amazon refused although a careful server would never make them. */
  readonly calls: number;
  /** Grows whenever Amazon's books may have changed (a call, Amazon's own work, the buyer at Amazon). */
  readonly changes: number;
  readonly misuses: readonly string[];
  /** The seed's reading of the points Amazon's docs leave open. */
  readonly readings: string;
}

export function createChaosAmazon(input: {
  readonly orderId: string;
  readonly amount: Money;
  readonly now: () => number;
  readonly random: () => number;
  /** Every IPN Amazon sends, as it sends it (the caller loses, delays and duplicates them). */
  readonly notify: (update: BackendUpdate) => void;
}): ChaosAmazon {
  const { random, orderId } = input;
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const orderReasonAfterAmazonRejected = chance(0.5) ? 'AmazonClosed' : 'AmazonRejected';
  const ledger = createAmazonLedger({
    now: input.now,
    digits: (count) => Array.from({ length: count }, () => String(Math.floor(random() * 10))).join(''),
    notificationPrefix: 'chaos',
    orderReasonAfterAmazonRejected,
  });
  ledger.createOrderReference({ id: orderId, amount: input.amount, paymentMethodId: 'pm-1' });
  const script = Array.from({ length: 20 }, () => pick(OUTCOMES));
  const failRate = random() * 0.3; // this run's Amazon 5xx rate
  const lostReplyShare = random(); // of those failures, the share Amazon applied before the reply was lost
  let calls = 0;
  let methods = 1;
  const misuses: string[] = [];

  let changes = 0;
  const drain = () => {
    changes += 1;
    for (const update of ledger.takeNotifications()) input.notify(update);
  };
  const fault = (lost: boolean): AmazonPayError =>
    chance(0.2) && !lost
      ? amazonError('RequestThrottled', 'Request is throttled (injected).', 503)
      : amazonError('InternalServerError', lost ? 'The reply was lost (injected).' : 'InternalServerError (injected).', 500);

  function apply(call: BackendCall): unknown {
    switch (call.method) {
      case 'authorize': {
        const n = ledger.authorizationsOf(orderId).length; // the ledger numbers them A000001, A000002, ...
        const drawn = script[n] ?? undefined;
        const outcome: AuthorizationOutcome =
          drawn === 'hardDeclineReopened'
            ? {
                state: 'Declined',
                reasonCode: 'InvalidPaymentMethod',
                softDecline: false,
                paymentMethodUpdateTimeInMins: 5 + Math.floor(random() * 120),
              }
            : drawn;
        return ledger.authorize(call.request, outcome, { resultAfterMs: MINUTE + random() * 2 * HOUR });
      }
      case 'getAuthorizationDetails':
        return ledger.authorization(call.amazonAuthorizationId);
      case 'getOrderReferenceDetails':
        return ledger.orderReference(call.amazonOrderReferenceId);
      case 'confirmOrderReference':
        return ledger.confirmOrderReference(call.request.amazonOrderReferenceId);
      case 'cancelOrderReference':
        return ledger.cancelOrderReference(call.request.amazonOrderReferenceId);
    }
  }

  return {
    ledger,
    orderId,
    call(call) {
      calls += 1;
      const failing = chance(failRate);
      const lost = failing && chance(lostReplyShare);
      if (failing && !lost) throw fault(false);
      try {
        const reply = apply(call);
        if (lost) throw fault(true);
        return reply;
      } catch (error) {
        const code = error instanceof AmazonPayError ? error.code : undefined;
        // The server re-sends a lost Authorize byte for byte and never asks about an authorization it does not know.
        if (code === 'DuplicateRequest' || code === 'InvalidTransactionId') misuses.push(`${call.method}: ${code}`);
        throw error;
      } finally {
        drain();
      }
    },
    buyerSelectsMethod(newMethod) {
      ledger.selectPaymentMethod(orderId, newMethod ? `pm-${++methods}` : ledger.wallet(orderId).selectedMethodId);
      drain();
    },
    buyerUpdatesMethod() {
      ledger.buyerUpdatedPaymentMethod(orderId);
      drain();
    },
    nextDueAt: () => ledger.nextDueAt(),
    runDue() {
      ledger.runDue();
      drain();
    },
    get calls() {
      return calls;
    },
    get changes() {
      return changes;
    },
    misuses,
    readings: `AmazonRejected closes the order reference as ${orderReasonAfterAmazonRejected}`,
  };
}
