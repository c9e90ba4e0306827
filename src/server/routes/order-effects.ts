/**
 * The one owner of what the handler does when it learns an order's news
 * (an authorization it made or read, a verified notification, a completed
 * checkout, a tab giving up): the attempt stored, the recovery report's events
 * recorded, the order or charge handed to the recovery runner, the update
 * relayed to the tabs' event streams. The routes only say what they learnt.
 */
import { AmazonPayError } from '../../domain/errors';
import { authorizationEvents, declinedCheckoutEvents, lostEvent, type RecordedRecoveryEvent } from '../../domain/recovery-events';
import type { BackendUpdate } from '../../domain/server-recovery';
import type { AuthorizationDetails, AuthorizationMode, CompleteCheckoutSessionRequest, CompletedCheckoutSession } from '../../domain/types';
import type { VerifiedNotification } from '../amazon-clients';
import { errorResponse, jsonResponse, requestError } from '../http-error';
import type { OrderStore } from '../order-store';
import type { RecoveryEventLog } from '../recovery-event-log';
import type { RecoveryRunner } from '../recovery/recovery-runner';
import type { UpdateHub } from '../update-hub';

export interface OrderEffects {
  /** The report's events, recorded; a failure to record is reported (onError), never the buyer's. */
  record(request: Request, recorded: readonly RecordedRecoveryEvent[]): Promise<void>;
  /** An authorization this handler made for the tab: stored, recorded, and an async Pending one watched by the runner. */
  authorized(
    request: Request,
    result: AuthorizationDetails,
    mode: AuthorizationMode,
    earlier: readonly AuthorizationDetails[],
  ): Promise<void>;
  /** An authorization the tab polled: stored; a result is recorded unless the server recovers the order (its runner records it). */
  authorizationRead(request: Request, details: AuthorizationDetails): Promise<void>;
  /** A checkout session completed now (`fresh`) or earlier: recorded once, its charge handed to the runner. */
  checkoutCompleted(
    request: Request,
    completeRequest: CompleteCheckoutSessionRequest,
    result: CompletedCheckoutSession,
    fresh: boolean,
  ): Promise<void>;
  /** The tab canceled the order reference, or its buyer chose another method: lost, when it had declined and nothing is Open. */
  orderCanceled(request: Request, amazonOrderReferenceId: string): Promise<void>;
  /** A verified notification: stored, handed to the runner, deduplicated, relayed. */
  notified(request: Request, notification: VerifiedNotification): Promise<Response>;
}

function updateOf(notification: VerifiedNotification): { orderReferenceId: string; update: BackendUpdate } | undefined {
  if (notification.kind === 'authorization') {
    const { authorization, notificationId } = notification;
    return { orderReferenceId: authorization.amazonOrderReferenceId, update: { type: 'authorization', authorization, notificationId } };
  }
  if (notification.kind === 'orderReference') {
    const { orderReference, notificationId } = notification;
    return { orderReferenceId: orderReference.amazonOrderReferenceId, update: { type: 'orderReference', orderReference, notificationId } };
  }
  return undefined;
}

export function createOrderEffects(parts: {
  readonly store: OrderStore;
  readonly hub: UpdateHub;
  readonly events: RecoveryEventLog;
  readonly recovery: RecoveryRunner | undefined;
  readonly onError: (error: unknown, request: Request) => void;
}): OrderEffects {
  const { store, hub, events, recovery, onError } = parts;

  async function record(request: Request, recorded: readonly RecordedRecoveryEvent[]): Promise<void> {
    if (recorded.length === 0) return;
    try {
      await events.recordEvents(recorded);
    } catch (error) {
      onError(error, request);
    }
  }

  /** The report's events of an authorization the tab's flow made or read (the server's own recovery records its orders itself). */
  async function recordAuthorization(
    request: Request,
    authorization: AuthorizationDetails,
    mode: AuthorizationMode,
    earlier: readonly AuthorizationDetails[],
  ): Promise<void> {
    const hadDecline = earlier.some((a) => a.state === 'Declined' && a.authorizationReferenceId !== authorization.authorizationReferenceId);
    await record(request, authorizationEvents(authorization, { at: Date.now(), mode, decidedBy: 'tab', hadDecline }));
  }

  return {
    record,

    async authorized(request, result, mode, earlier) {
      await store.saveAttempt(result);
      await recordAuthorization(request, result, mode, earlier);
      // A failure here is a 5xx: the browser repeats the same attempt id, Amazon answers the same result, tracking runs again.
      if (mode === 'async' && result.state === 'Pending') await recovery?.track(result);
    },

    async authorizationRead(request, details) {
      await store.saveAttempt(details);
      // A poll of a Pending authorization (the tab deciding); one the server recovers is recorded by its runner.
      if (details.state !== 'Pending' && !(recovery && (await recovery.view(details.amazonOrderReferenceId)))) {
        await recordAuthorization(request, details, 'async', await store.listAttempts(details.amazonOrderReferenceId));
      }
    },

    async checkoutCompleted(request, completeRequest, result, fresh) {
      // Declined at completion (Checkout v2's synchronous decline): seen, and final.
      if (fresh && result.state === 'Canceled' && result.reasonCode === 'Declined')
        await record(
          request,
          declinedCheckoutEvents(result.checkoutSessionId, {
            at: Date.now(),
            amount: completeRequest.amount,
            reasonCode: result.reasonCode,
          }),
        );
      if (fresh && result.state === 'Completed') {
        const { checkoutSessionId, merchantReferenceId } = result;
        await record(request, [
          {
            id: `completed:${checkoutSessionId}`,
            at: Date.now(),
            type: 'checkoutCompleted',
            checkoutSessionId,
            amount: completeRequest.amount,
            ...(merchantReferenceId === undefined ? {} : { merchantReferenceId }),
          },
        ]);
      }
      // The runner reads the charge (Get Charge) and watches it while AuthorizationInitiated. A failure does not fail the
      // buyer's completion: it is reported, a repeated completion tries again, and the charge's notification still starts the watch.
      if (!recovery || result.state !== 'Completed' || result.chargeId === undefined) return;
      const { checkoutSessionId, chargePermissionId, chargeId, merchantReferenceId } = result;
      try {
        await recovery.trackCharge({
          checkoutSessionId,
          chargePermissionId,
          chargeId,
          amount: completeRequest.amount,
          ...(merchantReferenceId === undefined ? {} : { merchantReferenceId }),
        });
      } catch (error) {
        onError(error, request);
      }
    },

    async orderCanceled(request, amazonOrderReferenceId) {
      // The tab gave up on a declined order (the buyer pays another way): lost.
      const attempts = await store.listAttempts(amazonOrderReferenceId);
      const declined = attempts.filter((a) => a.state === 'Declined');
      if (declined.length > 0 && !attempts.some((a) => a.state === 'Open')) {
        const reasonCode = declined.at(-1)?.reasonCode;
        await record(request, [
          lostEvent(amazonOrderReferenceId, {
            at: Date.now(),
            decidedBy: 'tab',
            endState: 'canceled',
            ...(reasonCode ? { reasonCode } : {}),
          }),
        ]);
      }
    },

    /**
     * Processed notifications are recorded only after storing succeeded: a
     * delivery answered 5xx is processed in full when SNS redelivers it, and one
     * already processed (a replay) is refused with nothing stored or relayed.
     */
    async notified(request, notification) {
      const replayed = (): AmazonPayError =>
        requestError(
          409,
          'ReplayedNotification',
          `ReplayedNotification: notification ${notification.notificationId} was already processed.`,
        );
      if (await store.hasProcessedNotification?.(notification.notificationId)) throw replayed();
      // A runner recording its attempts here stores the authorization it re-reads (as new as the notification's, or newer);
      // the notification's copy is stored only when it does not, or when it fails.
      const copy = notification.kind === 'authorization' ? notification.authorization : undefined;
      const runnerStores = recovery?.orders === store;
      if (copy && !runnerStores) await store.saveAttempt(copy);
      // Before the id is recorded: a recovery that fails is a 5xx, and SNS delivers the notification again.
      // The runner publishes what it re-read (one event per notification); without one the notification itself is relayed.
      if (recovery) {
        try {
          await recovery.onNotification(notification);
        } catch (error) {
          if (copy && runnerStores) await store.saveAttempt(copy);
          // Amazon throttling (429) or failing: SNS redelivers only on a 5xx, so the notification is answered 503.
          if (error instanceof AmazonPayError && (error.retryable || error.status === 429)) {
            onError(error, request);
            return errorResponse(
              new AmazonPayError('network', error.message, {
                status: 503,
                code: error.code ?? 'AmazonUnavailable',
                retryable: true,
                cause: error,
              }),
              { 'retry-after': '30' },
            );
          }
          throw error;
        }
      }
      // Two deliveries at once: both stored the same state; only the one that records the id relays it.
      if (!(await store.markNotificationProcessed(notification.notificationId))) throw replayed();
      // Without the server's recovery the tab decides: an asynchronous result arriving here is recorded as the tab's.
      if (copy && !recovery) await recordAuthorization(request, copy, 'async', await store.listAttempts(copy.amazonOrderReferenceId));
      const relayed = recovery ? undefined : updateOf(notification);
      if (relayed) hub.publish(relayed.orderReferenceId, relayed.update);
      return jsonResponse({ received: true });
    },
  };
}
