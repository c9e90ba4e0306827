/**
 * A seeded chaos simulation of one order under the one-owner rule (issue 23):
 * the server's real recovery machine (recovery-machine.ts) driven as the
 * runner drives it (one unit of work at a time, all or nothing: a 5xx or a
 * restart mid-unit rolls it back and it runs again), the server's view as
 * tabs get it (recovery-view.ts), a fake Amazon ledger, a simulated clock,
 * one or two tabs whose buyer acts at random moments, and IPNs that are
 * delayed, duplicated, reordered or lost. Pure and deterministic per seed.
 */
import type { DeclineState } from '../../../src/domain/decline-machine';
import type { AuthorizationDetails, OrderReferenceDetails } from '../../../src/domain/types';
import {
  isEndState,
  startedRecoveryState,
  transition,
  type BuyerIntent,
  type RecoveryEffect,
  type RecoveryEvent,
  type RecoveryMachineOptions,
  type RecoveryNotice,
  type RecoveryState,
} from '../../../src/server/recovery/recovery-machine';
import { recoveryView } from '../../../src/server/recovery/recovery-view';
import { seededRandom } from '../../../src/testing/seeded-random';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const OPTIONS: Partial<RecoveryMachineOptions> = {};
const ORDER = 'S01-1234567-7654321';
const AMOUNT = { amount: '94.50', currencyCode: 'USD' } as const;

type Outcome = { readonly state: 'Open' | 'Declined'; readonly reasonCode?: string; readonly softDecline?: boolean };
const OUTCOMES: readonly Outcome[] = [
  { state: 'Open' },
  { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true },
  { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false },
  { state: 'Declined', reasonCode: 'ProcessingFailure' },
  { state: 'Declined', reasonCode: 'AmazonRejected' },
  { state: 'Declined', reasonCode: 'TransactionTimedOut' },
];

export interface ChaosResult {
  readonly seed: number;
  readonly violations: readonly string[];
  readonly endState: string;
  readonly amazonCalls: number;
  readonly tabs: number;
}

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

/** One order, one seed. */
export function runChaos(seed: number): ChaosResult {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const violations: string[] = [];
  let now = Date.UTC(2026, 11, 1);
  let seq = 0;
  const queue: Scheduled[] = [];
  const at = (time: number, run: () => void) => queue.push({ at: Math.max(time, now), seq: seq++, run });

  // ---- Amazon's ledger
  const order: { state: OrderReferenceDetails['state']; reasonCode?: string } = { state: 'Open' };
  const authorizations = new Map<string, AuthorizationDetails>();
  const byReference = new Map<string, string>();
  const script = Array.from({ length: 12 }, () => pick(OUTCOMES));
  let made = 0;
  let amazonCalls = 0;
  let canceledByBuyer = false;
  let authorizeAfterCancel = 0;
  const failRate = random() * 0.3; // this run's Amazon 5xx rate
  const ipnLoss = random() * 0.4;
  const orderDetails = (): OrderReferenceDetails => ({
    amazonOrderReferenceId: ORDER,
    state: order.state,
    ...(order.reasonCode ? { reasonCode: order.reasonCode } : {}),
    orderTotal: AMOUNT,
    constraints: [],
  });
  const live = () => [...authorizations.values()].filter((a) => a.state === 'Open');
  const maybeFail = () => {
    amazonCalls += 1;
    if (chance(failRate)) throw new Transient();
  };

  class Transient extends Error {}

  function settle(id: string): void {
    const current = authorizations.get(id)!;
    if (current.state !== 'Pending') return;
    const outcome = script[Number(id.split('-A')[1]) - 1] ?? { state: 'Open' };
    // A canceled order reference closes its pending authorizations.
    const settled: AuthorizationDetails =
      order.state === 'Canceled'
        ? { ...current, state: 'Closed', reasonCode: 'AmazonClosed', lastUpdateTimestamp: new Date(now).toISOString() }
        : {
            ...current,
            state: outcome.state,
            ...(outcome.reasonCode ? { reasonCode: outcome.reasonCode } : {}),
            ...(outcome.softDecline === undefined ? {} : { softDecline: outcome.softDecline }),
            lastUpdateTimestamp: new Date(now).toISOString(),
          };
    authorizations.set(id, settled);
    if (settled.reasonCode === 'InvalidPaymentMethod') Object.assign(order, { state: 'Suspended', reasonCode: 'InvalidPaymentMethod' });
    if (settled.reasonCode === 'AmazonRejected') Object.assign(order, { state: 'Closed', reasonCode: 'AmazonRejected' });
    notify(settled);
  }

  /** An IPN: lost, delayed, sometimes delivered twice (and so reordered with others). */
  function notify(authorization: AuthorizationDetails): void {
    if (chance(ipnLoss)) return;
    const copies = chance(0.2) ? 2 : 1;
    for (let i = 0; i < copies; i += 1)
      at(now + random() * 10 * MINUTE, () =>
        deliverIpn(authorization.amazonAuthorizationId, `ipn-${authorization.amazonAuthorizationId}-${authorization.state}`),
      );
  }

  function call(effect: Extract<RecoveryEffect, { type: 'call' }>): unknown {
    const { call } = effect;
    switch (call.method) {
      case 'authorize': {
        maybeFail();
        if (canceledByBuyer) authorizeAfterCancel += 1;
        const known = byReference.get(call.request.authorizationReferenceId);
        if (known) return authorizations.get(known);
        if (order.state !== 'Open')
          throw Object.assign(new Error('InvalidOrderReferenceStatus'), { refusal: 'InvalidOrderReferenceStatus' });
        if (authorizations.size >= 10) throw Object.assign(new Error('TransactionCountExceeded'), { refusal: 'TransactionCountExceeded' });
        made += 1;
        const id = `${ORDER}-A${String(made).padStart(6, '0')}`;
        const created: AuthorizationDetails = {
          amazonAuthorizationId: id,
          authorizationReferenceId: call.request.authorizationReferenceId,
          amazonOrderReferenceId: ORDER,
          state: 'Pending',
          amount: AMOUNT,
          lastUpdateTimestamp: new Date(now).toISOString(),
        };
        authorizations.set(id, created);
        byReference.set(call.request.authorizationReferenceId, id);
        at(now + MINUTE + random() * 2 * HOUR, () => settle(id));
        return created;
      }
      case 'getAuthorizationDetails':
        maybeFail();
        return authorizations.get(call.amazonAuthorizationId);
      case 'getOrderReferenceDetails':
        maybeFail();
        return orderDetails();
      case 'confirmOrderReference':
        maybeFail();
        if (order.state === 'Suspended' && chance(0.7)) Object.assign(order, { state: 'Open', reasonCode: undefined });
        return orderDetails();
      case 'cancelOrderReference':
        maybeFail();
        Object.assign(order, { state: 'Canceled', reasonCode: 'SellerCanceled' });
        return orderDetails();
    }
  }

  // ---- The server: committed state, durable jobs, one unit of work at a time
  let committed: RecoveryState | undefined;
  const notices: RecoveryNotice[] = [];
  const tabs: Array<{ view?: ReturnType<typeof recoveryView>; shown: DeclineState[] }> = Array.from(
    { length: chance(0.4) ? 2 : 1 },
    () => ({ shown: [] }),
  );

  function publish(state: RecoveryState): void {
    const view = recoveryView(state);
    for (const tab of tabs) {
      // Each tab's stream delivers late, sometimes not at all (it then polls).
      const delay = chance(0.1) ? 5 * MINUTE : random() * 2_000;
      at(now + delay, () => {
        if (tab.view && tab.view.revision >= view.revision) return;
        tab.view = view;
        tab.shown.push(view.state);
        if ((view.state.status === 'error' || view.state.status === 'declined') && live().length > 0)
          violations.push(`a tab showed ${view.state.status} while Amazon held an Open authorization`);
      });
    }
  }

  /** The runner's drive(): all effects of a unit, then commit; a transient failure (or a restart) rolls it back. */
  function unit(events: RecoveryEvent[], start: RecoveryState | undefined = committed): boolean {
    if (!start) return true;
    let state = start;
    const queued = [...events];
    const jobs: Array<() => void> = [];
    const told: RecoveryNotice[] = [];
    try {
      if (chance(0.02)) throw new Transient(); // the process restarts mid-unit
      while (queued.length > 0) {
        const result = transition(state, queued.shift()!, OPTIONS);
        state = result.state;
        for (const effect of result.effects) {
          switch (effect.type) {
            case 'call':
              if (effect.callId === undefined) {
                // The server's own CancelOrderReference: its outcome comes back as cancelResult.
                try {
                  queued.push({
                    type: 'cancelResult',
                    at: now,
                    outcome: 'canceled',
                    orderReference: call({
                      type: 'call',
                      callId: -1,
                      call: { method: 'cancelOrderReference', request: { amazonOrderReferenceId: ORDER } },
                    }) as OrderReferenceDetails,
                  });
                } catch (error) {
                  if (!(error instanceof Transient)) throw error;
                  queued.push({ type: 'cancelResult', at: now, outcome: 'transient', message: 'InternalServerError' });
                }
                break;
              }
              try {
                queued.push({
                  type: 'decline',
                  event: {
                    type: 'callSucceeded',
                    at: now,
                    callId: effect.callId,
                    value: call(effect as Extract<RecoveryEffect, { callId: number }>),
                  },
                });
              } catch (error) {
                if (error instanceof Transient) throw error;
                const code = (error as { refusal?: string }).refusal;
                queued.push({
                  type: 'decline',
                  event: {
                    type: 'callFailed',
                    at: now,
                    callId: effect.callId,
                    failure: { kind: 'amazon', message: String(error), code, status: 400, retryable: false },
                  },
                });
              }
              break;
            case 'schedule': {
              const { timer, timerId } = effect;
              // No timer name: the decline machine's; otherwise one of the server's.
              jobs.push(() =>
                at(effect.at, () =>
                  job(
                    timer === undefined
                      ? { type: 'decline', event: { type: 'timerFired', at: now, timerId } }
                      : { type: 'timerFired', at: now, timer, timerId },
                  ),
                ),
              );
              break;
            }
            case 'clearTimer':
              break;
            case 'notify':
              told.push(effect.notice);
              break;
          }
        }
      }
    } catch (error) {
      if (!(error instanceof Transient)) throw error;
      return false; // rolled back
    }
    const changed = state !== start;
    committed = state;
    for (const schedule of jobs) schedule();
    notices.push(...told);
    if (changed) publish(state);
    return true;
  }

  /** A job: retried (bounded) by the queue when its unit rolls back; the failures are counted in the order (transientFailure). */
  function job(event: RecoveryEvent, attempt = 0): void {
    if (!committed || isEndState(committed.phase)) return;
    const fresh = { ...event, at: now } as RecoveryEvent;
    if (unit([fresh])) return;
    if (!unit([{ type: 'transientFailure', at: now, message: 'InternalServerError' }])) {
      // Even counting failed: the queue tries again.
    }
    if (attempt < 8 && committed && !isEndState(committed.phase))
      at(now + 30_000 * 2 ** Math.min(attempt, 5), () => job(event, attempt + 1));
  }

  /** SNS: a delivery answered 5xx is delivered again, with back-off, for a while. */
  function deliverIpn(amazonAuthorizationId: string, notificationId: string, attempt = 0): void {
    if (!committed) return;
    let reread: AuthorizationDetails | undefined;
    try {
      reread = call({
        type: 'call',
        callId: -1,
        call: { method: 'getAuthorizationDetails', amazonAuthorizationId },
      }) as AuthorizationDetails;
    } catch {
      reread = undefined;
    }
    const ok =
      reread &&
      unit([
        { type: 'decline', event: { type: 'notified', at: now, update: { type: 'authorization', authorization: reread, notificationId } } },
      ]);
    if (!ok && attempt < 5) at(now + 20_000 * 2 ** attempt, () => deliverIpn(amazonAuthorizationId, notificationId, attempt + 1));
  }

  /** A tab's intent: a failed one shows an error in that tab, and its buyer may try again. */
  function intent(which: BuyerIntent | 'start'): void {
    if (which === 'start') {
      if (committed) return;
      const initial = startedRecoveryState({
        amazonOrderReferenceId: ORDER,
        amount: AMOUNT,
        mode: 'async',
        accountUrl: 'https://payments.amazon.com/',
        at: now,
        jitter: random(),
      });
      if (!unit([{ type: 'decline', event: { type: 'authorize', at: now } }], initial)) at(now + 5_000, () => intent('start'));
      return;
    }
    const before = committed;
    if (!unit([{ type: 'buyer', at: now, intent: which }])) return;
    if (which === 'cancel' && before && committed && committed.closing?.as === 'paidAnotherWay' && !before.closing) canceledByBuyer = true;
  }

  // ---- The buyer: starts, then acts at random moments in one of the tabs
  at(now, () => intent('start'));
  const actions = Math.floor(random() * 4);
  for (let i = 0; i < actions; i += 1) {
    at(now + random() * 80 * HOUR, () => {
      const view = pick(tabs).view;
      if (!view) return;
      if (view.canCancel && chance(0.5)) return intent('cancel');
      if (view.state.status === 'needsNewPaymentMethod') {
        intent('paymentSelected');
        return intent('placeOrder');
      }
      if (view.state.status === 'contactBuyer' && order.state === 'Suspended') {
        // The buyer updates the method in their Amazon account; Amazon re-opens the order and notifies.
        Object.assign(order, { state: 'Open', reasonCode: undefined });
        if (!chance(ipnLoss))
          at(now + random() * 5 * MINUTE, () =>
            unit([
              {
                type: 'decline',
                event: {
                  type: 'notified',
                  at: now,
                  update: { type: 'orderReference', orderReference: orderDetails(), notificationId: `ord-${now}` },
                },
              },
            ]),
          );
        return;
      }
      intent('retry');
    });
  }

  // ---- Run until the queue is empty (or far past the window)
  const limit = now + 80 * HOUR + 48 * HOUR;
  while (queue.length > 0) {
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = queue.shift()!;
    if (next.at > limit) break;
    now = next.at;
    next.run();
    if (live().length > 1) violations.push('two Open authorizations at Amazon');
    const pendingOrOpen = [...authorizations.values()].filter((a) => a.state === 'Open' || a.state === 'Pending').length;
    if (pendingOrOpen > 1) violations.push('two live (Pending or Open) authorizations at Amazon');
  }

  // ---- Invariants
  const endState = committed?.phase ?? 'never started';
  if (!committed || !isEndState(committed.phase)) violations.push(`the order did not end (phase ${endState})`);
  if (authorizeAfterCancel > 0) violations.push(`${authorizeAfterCancel} Authorize after "Pay another way"`);
  const ends = notices.filter((n) => n.type === 'orderFailed' || n.type === 'orderAuthorized');
  if (ends.length !== 1) violations.push(`${ends.length} end notices to the merchant`);
  const end = ends[0];
  const held = live().length > 0;
  if (end?.type === 'orderAuthorized' && !held) violations.push('orderAuthorized without an Open authorization at Amazon');
  if (end?.type === 'orderFailed' && held) violations.push(`orderFailed (${end.endState}) while Amazon holds an Open authorization`);
  if (
    end?.type === 'orderFailed' &&
    (end.endState === 'expired' || end.endState === 'paidAnotherWay') &&
    end.reasonCode !== 'CancelNotConfirmed' &&
    order.state !== 'Canceled'
  ) {
    violations.push(`orderFailed (${end.endState}) but the order reference is ${order.state}`);
  }
  for (const tab of tabs) {
    const last = tab.view?.state.status;
    if (held && last !== undefined && last !== 'approved')
      violations.push(`a tab ends on ${last} while Amazon holds an Open authorization`);
  }
  return { seed, violations: [...new Set(violations)], endState, amazonCalls, tabs: tabs.length };
}
