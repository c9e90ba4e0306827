/**
 * Runs the charge machine (charge-machine.ts) for Checkout v2 asynchronous
 * charges: a notification is only a trigger, so every event comes from a
 * fresh Get Charge; the charge is locked while its state is fed, saved and its
 * effects carried out, all in one transaction (jobs and notices enqueued with
 * it). A transient failure throws: the notification is answered 5xx and SNS
 * delivers it again, or the job runs again.
 */
import { AmazonPayError } from '../../domain/errors';
import type { ChargeDetails, Money } from '../../domain/types';
import { assertSafeUrl } from '../../domain/safe-url';
import type { CheckoutV2ChargeClient } from '../amazon-clients';
import type { UpdateHub } from '../update-hub';
import {
  chargeTransition,
  DEFAULT_CHARGE_MACHINE_OPTIONS,
  initialChargeState,
  isChargeSettled,
  type ChargeEvent,
  type ChargeMachineOptions,
  type ChargeReadCause,
  type ChargeRecoveryState,
  type CheckoutV2Reference,
} from './charge-machine';
import type { RecoveryJob, RecoveryScheduler } from './recovery-scheduler';
import type { ChargeRecoveryStore, LockedTransaction } from './recovery-store';
import type { RecoveryEventLog } from '../recovery-event-log';
import { chargeTransitionEvents } from './transition-events';

/**
 * The domain's URL check, with a server sentence: in production the domain's messages are only the
 * code (a browser bundle drops its sentences), and a server construction error must name the fix.
 */
function serverUrl(value: unknown, option: string): string {
  try {
    return assertSafeUrl(value, option, { allowLocalhost: true }).href;
  } catch (cause) {
    throw new AmazonPayError(
      'validation',
      `${option} ${JSON.stringify(value)} must be an absolute URL of your shop, https (http only on localhost), without credentials, e.g. 'https://shop.example/checkout'.`,
      { code: 'InvalidConfiguration', retryable: false, cause },
    );
  }
}

/** The runner's `checkoutV2` option: watch Checkout v2 charges made with `canHandlePendingAuthorization`. */
export interface CheckoutV2RecoveryOptions {
  /** createCheckoutV2Client(...): Get Charge and Close Charge Permission. */
  readonly client: CheckoutV2ChargeClient;
  /**
   * Required. The page with the Amazon Pay button where a buyer whose charge
   * was declined or canceled checks out again: absolute https (http only on
   * localhost). The runner adds `merchantReferenceId` (the payload's order or
   * cart id) so the page can restore the same cart; put no secret in it.
   */
  readonly checkoutAgainUrl: string;
  /** Default: the runner's `store`, which must then also be a {@link ChargeRecoveryStore} (the kit's memory and PostgreSQL stores are). */
  readonly store?: ChargeRecoveryStore;
  readonly machine?: Partial<ChargeMachineOptions>;
}

/** What the handler knows once a checkout session completed with a charge. */
export interface TrackChargeRequest extends CheckoutV2Reference {
  readonly amount: Money;
}

export interface ChargeWatch {
  track(request: TrackChargeRequest): Promise<void>;
  onChargeNotification(chargeId: string, notificationId: string): Promise<void>;
  runTimer(job: Extract<RecoveryJob, { type: 'chargeTimer' }>): Promise<void>;
  get(chargeId: string): Promise<ChargeRecoveryState | undefined>;
}

interface ChargeWatchDependencies {
  readonly store: ChargeRecoveryStore;
  readonly scheduler: RecoveryScheduler;
  readonly hub?: UpdateHub;
  readonly now: () => number;
  /** Whether an error is worth repeating later (the runner's rule). */
  readonly isTransient: (error: unknown) => boolean;
  readonly onError: (error: unknown) => void;
  /** Where the watch records the recovery report's events, in the charge's transaction (the runner's log). */
  readonly events?: RecoveryEventLog;
}

function invalidConfiguration(message: string): AmazonPayError {
  return new AmazonPayError('validation', message, { code: 'InvalidConfiguration', retryable: false });
}

function isChargeStore(value: unknown): value is ChargeRecoveryStore {
  return typeof (value as ChargeRecoveryStore | undefined)?.withChargeLock === 'function';
}

/** After a Get Charge that failed in passing while a watch started, the charge is read again this much later. */
const TRACK_RETRY_MS = 60_000;

export function createChargeWatch(
  options: CheckoutV2RecoveryOptions,
  fallbackStore: unknown,
  dependencies: Omit<ChargeWatchDependencies, 'store'>,
): ChargeWatch {
  const client = options.client as Partial<CheckoutV2ChargeClient> | undefined;
  if (
    !client ||
    typeof client.getCharge !== 'function' ||
    typeof client.getChargePermission !== 'function' ||
    typeof client.closeChargePermission !== 'function'
  ) {
    throw invalidConfiguration(
      'checkoutV2.client must be a Checkout v2 client with getCharge, getChargePermission and closeChargePermission (createCheckoutV2Client).',
    );
  }
  if (options.checkoutAgainUrl === undefined) {
    throw invalidConfiguration(
      'checkoutV2.checkoutAgainUrl is required: without it a buyer whose charge was declined is never brought back to pay another way.',
    );
  }
  const checkoutAgainUrl = serverUrl(options.checkoutAgainUrl, 'checkoutV2.checkoutAgainUrl');
  const store = options.store ?? fallbackStore;
  if (!isChargeStore(store))
    throw invalidConfiguration('checkoutV2 needs a ChargeRecoveryStore: pass checkoutV2.store, or a runner store that is one.');
  const { scheduler, hub, now, isTransient, onError, events: eventLog } = dependencies;
  const machine = options.machine ?? {};
  const maxWaitMs = () => machine.maxWaitMs ?? DEFAULT_CHARGE_MACHINE_OPTIONS.maxWaitMs;

  function publish(charge: ChargeDetails, notificationId: string): void {
    hub?.publish(charge.chargePermissionId, { type: 'charge', charge, notificationId });
  }

  async function readCharge(chargeId: string, cause: ChargeReadCause): Promise<ChargeEvent> {
    const charge = await options.client.getCharge(chargeId);
    publish(charge, `srv-${charge.chargeId}-${charge.state}-${charge.lastUpdatedTimestamp ?? ''}`);
    return { type: 'chargeRead', at: now(), charge, cause };
  }

  /**
   * The cart id of a charge no watch knows, from Get Charge Permission, so the buyer's way back restores
   * the cart. A passing failure throws (the notification is answered 5xx and redelivered); a refusal
   * leaves the watch without it: the charge is still closed and the merchant told.
   */
  async function cartIdOf(chargePermissionId: string): Promise<string | undefined> {
    try {
      return (await options.client.getChargePermission(chargePermissionId)).merchantReferenceId;
    } catch (error) {
      if (isTransient(error)) throw error;
      onError(error);
      return undefined;
    }
  }

  /** Feeds events and carries out the effects until none are left, then saves the state. */
  async function drive(
    transaction: LockedTransaction<ChargeRecoveryState>,
    start: ChargeRecoveryState,
    events: ChargeEvent[],
  ): Promise<void> {
    let state = start;
    const queue = [...events];
    const { chargeId, chargePermissionId } = start.checkout;
    while (queue.length > 0) {
      const result = chargeTransition(state, queue.shift()!, machine);
      state = result.state;
      for (const effect of result.effects) {
        switch (effect.type) {
          case 'call':
            if (effect.call.method === 'getCharge') {
              queue.push(await readCharge(chargeId, effect.call.cause));
              break;
            }
            try {
              await options.client.closeChargePermission({
                chargePermissionId,
                closureReason: effect.call.reason,
                cancelPendingCharges: true,
              });
            } catch (error) {
              // A refusal (already closed, say) does not change what the buyer must do; only a passing failure is repeated.
              if (isTransient(error)) throw error;
              onError(error);
            }
            break;
          case 'schedule':
            await scheduler.schedule(
              { type: 'chargeTimer', chargeId, kind: effect.timer, sequence: effect.timerId },
              Math.max(0, effect.at - now()),
              transaction.handle,
            );
            break;
          case 'notify':
            await scheduler.schedule(
              {
                type: 'notice',
                amazonOrderReferenceId: chargePermissionId,
                noticeId: effect.noticeId,
                notice: effect.notice,
                amount: state.amount,
              },
              0,
              transaction.handle,
            );
            break;
        }
      }
    }
    // In the same transaction when the log is the store: what the state says happened is recorded with it.
    const recorded = chargeTransitionEvents(start, state, now());
    if (recorded.length > 0) await eventLog?.recordEvents(recorded, transaction.handle);
    await transaction.save(state);
  }

  return {
    async track(request) {
      await store.withChargeLock(request.chargeId, async (transaction) => {
        if (await transaction.load()) return;
        const { amount, ...checkout } = request;
        const state = initialChargeState({ checkout, amount, checkoutAgainUrl, at: now() });
        let read: ChargeEvent;
        try {
          read = await readCharge(request.chargeId, 'track');
        } catch (error) {
          if (!isTransient(error)) throw error;
          // Get Charge failed in passing: the watch is stored anyway and reads the charge again soon, so no result is missed.
          onError(error);
          const at = now();
          await scheduler.schedule(
            { type: 'chargeTimer', chargeId: request.chargeId, kind: 'chargePoll', sequence: 1 },
            TRACK_RETRY_MS,
            transaction.handle,
          );
          await scheduler.schedule(
            { type: 'chargeTimer', chargeId: request.chargeId, kind: 'chargeLastCheck', sequence: 0 },
            Math.max(0, state.since + maxWaitMs() - at),
            transaction.handle,
          );
          await transaction.save(state);
          return;
        }
        await drive(transaction, state, [read]);
      });
    },

    async onChargeNotification(chargeId, notificationId) {
      const charge = await options.client.getCharge(chargeId);
      publish(charge, notificationId);
      await store.withChargeLock(chargeId, async (transaction) => {
        const known = await transaction.load();
        const read: ChargeEvent = { type: 'chargeRead', at: now(), charge, cause: 'notification' };
        if (known) return drive(transaction, known, [read]);
        // A charge of this merchant (Get Charge answered) that no watch knows (it completed elsewhere): watched from
        // what was just read, with the cart id Amazon kept, so a Declined one is closed and told.
        const merchantReferenceId = await cartIdOf(charge.chargePermissionId);
        const state = initialChargeState({
          checkout: { chargeId, chargePermissionId: charge.chargePermissionId, ...(merchantReferenceId ? { merchantReferenceId } : {}) },
          amount: charge.chargeAmount,
          checkoutAgainUrl,
          at: now(),
        });
        await drive(transaction, state, [{ ...read, cause: 'track' }]);
      });
    },

    async runTimer(job) {
      await store.withChargeLock(job.chargeId, async (transaction) => {
        const state = await transaction.load();
        if (!state || isChargeSettled(state)) return;
        const at = now();
        await drive(transaction, state, [{ type: 'timerFired', at, timer: job.kind, timerId: job.sequence }]);
      });
    },

    get: (chargeId) => store.withChargeLock(chargeId, (transaction) => transaction.load()),
  };
}
