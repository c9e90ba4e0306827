/**
 * The recovery events a unit of the server's work records: what changed
 * between the order's state before and after it (the runner decides, so
 * `decidedBy` is `server`). Ids derive from Amazon's, so a unit of work
 * that runs again records nothing twice.
 */
import { authorizationEvents, lostEvent, type RecordedRecoveryEvent } from '../../domain/recovery-events';
import type { AuthorizationDetails } from '../../domain/types';
import { isEndState, type RecoveryState } from './recovery-machine';
import type { ChargeRecoveryState } from './charge-machine';

export function transitionEvents(before: RecoveryState | undefined, after: RecoveryState | undefined, at: number): RecordedRecoveryEvent[] {
  if (!after) return [];
  const events: RecordedRecoveryEvent[] = [];
  const id = after.amazonOrderReferenceId;
  const wasDeclined = new Set(
    (before?.decline.attempts ?? []).filter((a) => a.state === 'Declined').map((a) => a.authorizationReferenceId),
  );
  for (const attempt of after.decline.attempts) {
    if (attempt.state !== 'Declined' || wasDeclined.has(attempt.authorizationReferenceId)) continue;
    const authorization: AuthorizationDetails = {
      amazonAuthorizationId: attempt.amazonAuthorizationId ?? attempt.authorizationReferenceId,
      authorizationReferenceId: attempt.authorizationReferenceId,
      amazonOrderReferenceId: id,
      state: 'Declined',
      ...(attempt.reasonCode ? { reasonCode: attempt.reasonCode } : {}),
      ...(attempt.softDecline === undefined ? {} : { softDecline: attempt.softDecline }),
      amount: attempt.request?.amount ?? after.amount,
      lastUpdateTimestamp: new Date(at).toISOString(),
    };
    events.push(...authorizationEvents(authorization, { at, mode: attempt.mode, decidedBy: 'server', hadDecline: false }));
  }
  if (isEndState(after.phase) && (!before || !isEndState(before.phase))) {
    const declined = after.decline.attempts.filter((a) => a.state === 'Declined');
    if (after.phase === 'authorized') {
      const open = [...after.decline.attempts].reverse().find((a) => a.state === 'Open' || a.state === 'Closed');
      const amount = open?.request?.amount ?? after.amount;
      if (declined.length > 0)
        events.push({
          id: `recovered:${id}`,
          at,
          type: 'recovered',
          orderKey: id,
          mode: open?.mode ?? after.decline.mode,
          decidedBy: 'server',
          amount,
        });
    } else {
      const reasonCode = declined.at(-1)?.reasonCode;
      events.push(lostEvent(id, { at, decidedBy: 'server', endState: after.phase, ...(reasonCode ? { reasonCode } : {}) }));
    }
  }
  return events;
}

/**
 * The recovery events of a Checkout v2 charge's watch (the server decides),
 * from its state before and after a unit of work. A Declined charge is a
 * decline seen (soft for SoftDeclined and ProcessingFailure) and, final, lost:
 * the server closes the charge permission and the buyer checks out again. A
 * charge canceled, or never settled, ends lost. Keyed by the charge permission
 * (the order); ids derive from Amazon's, so a unit that runs again records
 * nothing twice.
 */
export function chargeTransitionEvents(before: ChargeRecoveryState, after: ChargeRecoveryState, at: number): RecordedRecoveryEvent[] {
  if (after.phase === before.phase || after.phase === 'awaitingResult' || after.phase === 'authorized') return [];
  const { chargeId, chargePermissionId: orderKey } = after.checkout;
  const reasonCode = after.reasonCode;
  const lost = lostEvent(orderKey, { at, decidedBy: 'server', endState: after.phase, ...(reasonCode ? { reasonCode } : {}) });
  if (after.phase !== 'declined') return [lost];
  return [
    {
      id: `decline:${chargeId}`,
      at,
      type: 'declineSeen',
      orderKey,
      reasonCode: reasonCode ?? 'Unknown',
      mode: 'async',
      decline: reasonCode === 'SoftDeclined' || reasonCode === 'ProcessingFailure' ? 'soft' : 'hard',
      decidedBy: 'server',
      amount: after.amount,
    },
    lost,
  ];
}
