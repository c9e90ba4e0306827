/**
 * A seeded chaos simulation of one order under the one-owner rule (issue 23):
 * the server's real recovery machine (recovery-machine.ts) driven as the
 * runner drives it (one unit of work at a time, all or nothing: a 5xx or a
 * restart mid-unit rolls it back and it runs again), the server's view as
 * tabs get it (recovery-view.ts), Amazon as the kit's ledger keeps it with a
 * seeded fault and decline injector on top (chaos-amazon.ts), a simulated
 * clock, one or two tabs whose buyer acts at random moments, and IPNs that are
 * delayed, duplicated, reordered or lost. Pure and deterministic per seed.
 */
import type { DeclineState } from '../../../src/domain/decline-machine';
import { DEFAULT_OVERCHARGE_CAPS } from '../../../src/domain/authorization-limits';
import { resolveDeclinePolicy } from '../../../src/domain/decline-policy';
import { AmazonPayError } from '../../../src/domain/errors';
import type { BackendUpdate } from '../../../src/domain/server-recovery';
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
import { failureOf, isTransient, refuseBeyondLimits } from '../../../src/server/recovery/recovery-runner';
import { recoveryView } from '../../../src/server/recovery/recovery-view';
import { seededRandom } from '../../../src/testing/seeded-random';
import { createChaosAmazon } from './chaos-amazon';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const OPTIONS: Partial<RecoveryMachineOptions> = {};
const perOrderLimit = resolveDeclinePolicy(OPTIONS.policy).maxAuthorizations;
const ORDER = 'S01-1234567-7654321';
const AMOUNT = { amount: '94.50', currencyCode: 'USD' } as const;

export interface ChaosResult {
  readonly seed: number;
  readonly violations: readonly string[];
  readonly endState: string;
  readonly amazonCalls: number;
  readonly tabs: number;
  /** The seed's reading of the points Amazon's docs leave open. */
  readonly readings: string;
}

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

/** A failure the runner rolls the unit back for (5xx, throttling): the job counts it and runs again. */
class Transient extends Error {}
/** The process dies mid-unit (before its commit): nothing is counted, the queue or SNS runs the work again. */
class Restart extends Transient {}

export interface ChaosOptions {
  /** The chance that the process dies right after each Amazon call, before its unit commits (default 0.01). */
  readonly restartAfterCall?: number;
}

/** One order, one seed. */
export function runChaos(seed: number, options: ChaosOptions = {}): ChaosResult {
  const restartAfterCall = options.restartAfterCall ?? 0.01;
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const violations: string[] = [];
  let now = Date.UTC(2026, 11, 1);
  let seq = 0;
  const queue: Scheduled[] = [];
  const at = (time: number, run: () => void) => queue.push({ at: Math.max(time, now), seq: seq++, run });

  // ---- Amazon: the ledger, with seeded faults and outcomes
  const ipnLoss = random() * 0.4;
  const amazon = createChaosAmazon({ orderId: ORDER, amount: AMOUNT, now: () => now, random, notify });
  const { ledger } = amazon;
  const live = () => ledger.authorizationsOf(ORDER).filter((a) => a.state === 'Open');
  let canceledByBuyer = false;
  let authorizeAfterCancel = 0;

  /** An IPN: lost, delayed, sometimes delivered twice (and so reordered with others). */
  function notify(update: BackendUpdate): void {
    if (chance(ipnLoss)) return;
    const copies = chance(0.2) ? 2 : 1;
    for (let i = 0; i < copies; i += 1) at(now + random() * 10 * MINUTE, () => deliverIpn(update));
  }

  /** A call as the runner makes it: its own authorization limits first, then Amazon. */
  function call(state: RecoveryState, backendCall: Extract<RecoveryEffect, { type: 'call' }>['call']): unknown {
    if (backendCall.method === 'authorize') {
      if (canceledByBuyer) authorizeAfterCancel += 1;
      const attempts = state.decline.attempts.map((a) => ({
        authorizationReferenceId: a.authorizationReferenceId,
        ...(a.state ? { state: a.state } : {}),
        ...(a.reasonCode ? { reasonCode: a.reasonCode } : {}),
        amount: a.request?.amount ?? state.amount,
      }));
      refuseBeyondLimits({
        attempts,
        request: backendCall.request,
        orderTotal: state.amount,
        perOrderLimit,
        caps: DEFAULT_OVERCHARGE_CAPS,
      });
    }
    return amazon.call(backendCall);
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

  /** The runner's cancelOrder: a refusal re-reads the order, so the end says what Amazon holds. */
  function cancelOrder(state: RecoveryState): RecoveryEvent {
    const reason = { amazonOrderReferenceId: ORDER, reason: 'chaos' };
    try {
      const orderReference = call(state, { method: 'cancelOrderReference', request: reason }) as OrderReferenceDetails;
      return { type: 'cancelResult', at: now, outcome: 'canceled', orderReference };
    } catch (error) {
      if (isTransient(error)) return { type: 'cancelResult', at: now, outcome: 'transient', message: String(error) };
      const { code } = error as AmazonPayError;
      try {
        const orderReference = call(state, { method: 'getOrderReferenceDetails', amazonOrderReferenceId: ORDER }) as OrderReferenceDetails;
        return { type: 'cancelResult', at: now, outcome: 'refused', ...(code ? { code } : {}), orderReference };
      } catch (readError) {
        if (isTransient(readError)) return { type: 'cancelResult', at: now, outcome: 'transient', message: String(readError) };
        return { type: 'cancelResult', at: now, outcome: 'refused', ...(code ? { code } : {}) };
      }
    }
  }

  let restarted = false;
  /** The runner's drive(): all effects of a unit, then commit; a transient failure (or a restart) rolls it back. */
  function unit(events: RecoveryEvent[], start: RecoveryState | undefined = committed): boolean {
    if (!start) return true;
    let state = start;
    // As the runner: a state loaded with an Authorize in flight was written ahead by a unit that died; it is in doubt now.
    const orphan = start.decline.inFlight?.operation.op === 'authorize' ? start.decline.inFlight.callId : undefined;
    const queued: RecoveryEvent[] = [
      ...(orphan === undefined ? [] : [{ type: 'timerFired' as const, at: now, timer: 'inDoubt' as const, timerId: orphan }]),
      ...events,
    ];
    let jobs: Array<() => void> = [];
    let told: RecoveryNotice[] = [];
    /** transaction.commit(state): what the unit did so far commits; a later rollback goes back to here. */
    const commit = () => {
      committed = state;
      for (const schedule of jobs) schedule();
      notices.push(...told);
      jobs = [];
      told = [];
    };
    try {
      if (chance(0.01)) throw new Restart(); // the process restarts as the unit begins
      while (queued.length > 0) {
        const result = transition(state, queued.shift()!, OPTIONS);
        state = result.state;
        for (const effect of result.effects) {
          switch (effect.type) {
            case 'call':
              if (effect.callId === undefined) {
                // The server's own CancelOrderReference: its outcome comes back as cancelResult.
                queued.push(cancelOrder(state));
                break;
              }
              // As the runner: the state with the Authorize in flight (and its inDoubt job) commits before it is sent.
              if (effect.call.method === 'authorize') commit();
              try {
                const value = call(state, effect.call);
                queued.push({ type: 'decline', event: { type: 'callSucceeded', at: now, callId: effect.callId, value } });
              } catch (error) {
                // As the runner: a failed Authorize stays an attempt whose outcome is unknown; any other transient failure rolls back.
                if (isTransient(error) && effect.call.method !== 'authorize') throw new Transient();
                const failure = failureOf(error);
                queued.push({ type: 'decline', event: { type: 'callFailed', at: now, callId: effect.callId, failure } });
              }
              if (chance(restartAfterCall)) throw new Restart(); // the process dies after Amazon answered, before the commit
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
      restarted = error instanceof Restart;
      return false; // rolled back
    }
    const changed = state !== start;
    commit();
    if (changed) publish(state);
    return true;
  }

  const reruns = new Set<string>();
  /**
   * A job: retried (bounded) by the queue when its unit rolls back; the failures are counted in the order
   * (transientFailure), and as the runner does, a counted failure that leaves the order going schedules the
   * same timer as a job of its own (one per generation: the queue's retries of a run all ask for the same next one).
   */
  function job(event: RecoveryEvent, attempt = 0, rerun = 0): void {
    if (!committed || isEndState(committed.phase)) return;
    const fresh = { ...event, at: now } as RecoveryEvent;
    if (unit([fresh])) return;
    // A failure in passing is counted in the order (a restart is not: the process that would count it died).
    if (!restarted && unit([{ type: 'transientFailure', at: now, message: 'InternalServerError' }]) && !isEndState(committed.phase)) {
      const key = `${JSON.stringify({ ...event, at: 0 })}:${rerun + 1}`;
      if (!reruns.has(key)) {
        reruns.add(key);
        at(now + 5 * MINUTE, () => job(event, 0, rerun + 1));
      }
    }
    if (attempt < 8 && committed && !isEndState(committed.phase))
      at(now + 30_000 * 2 ** Math.min(attempt, 5), () => job(event, attempt + 1, rerun));
  }

  /** SNS: a delivery answered 5xx is delivered again, with back-off, for a while. The runner re-reads what the IPN names. */
  function deliverIpn(ipn: BackendUpdate, attempt = 0): void {
    if (!committed) return;
    let update: BackendUpdate | undefined;
    try {
      update =
        ipn.type === 'authorization'
          ? {
              ...ipn,
              authorization: amazon.call({
                method: 'getAuthorizationDetails',
                amazonAuthorizationId: ipn.authorization.amazonAuthorizationId,
              }) as AuthorizationDetails,
            }
          : ipn.type === 'orderReference'
            ? {
                ...ipn,
                orderReference: amazon.call({
                  method: 'getOrderReferenceDetails',
                  amazonOrderReferenceId: ipn.orderReference.amazonOrderReferenceId,
                }) as OrderReferenceDetails,
              }
            : undefined;
    } catch {
      update = undefined;
    }
    const ok = update && unit([{ type: 'decline', event: { type: 'notified', at: now, update } }]);
    if (!ok && attempt < 5) at(now + 20_000 * 2 ** attempt, () => deliverIpn(ipn, attempt + 1));
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
        // In Amazon's Wallet widget: mostly another method, sometimes the declined one again (Amazon then refuses the confirmation).
        amazon.buyerSelectsMethod(chance(0.7));
        intent('paymentSelected');
        return intent('placeOrder');
      }
      if (view.state.status === 'contactBuyer' && ledger.orderReference(ORDER).state === 'Suspended') {
        // The buyer updates the method in their Amazon account; Amazon re-opens the order and notifies.
        return amazon.buyerUpdatesMethod();
      }
      intent('retry');
    });
  }

  // ---- Run until nothing is left to do (or far past the window): the queue, and Amazon's own work at its due times
  const limit = now + 80 * HOUR + 48 * HOUR;
  for (;;) {
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const due = amazon.nextDueAt();
    const amazonFirst = due !== undefined && (queue.length === 0 || due <= queue[0]!.at);
    const when = amazonFirst ? due : queue[0]?.at;
    if (when === undefined || when > limit) break;
    now = Math.max(now, when);
    const changes = amazon.changes;
    if (amazonFirst) amazon.runDue();
    else queue.shift()!.run();
    if (amazon.changes === changes) continue; // Amazon's books are as they were
    const held = ledger.authorizationsOf(ORDER);
    if (held.filter((a) => a.state === 'Open').length > 1) violations.push('two Open authorizations at Amazon');
    if (held.filter((a) => a.state === 'Open' || a.state === 'Pending').length > 1)
      violations.push('two live (Pending or Open) authorizations at Amazon');
  }

  // ---- Invariants
  const endState = committed?.phase ?? 'never started';
  const order = ledger.orderReference(ORDER);
  for (const misuse of amazon.misuses) violations.push(`Amazon refused a call a careful server never makes (${misuse})`);
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
  return { seed, violations: [...new Set(violations)], endState, amazonCalls: amazon.calls, tabs: tabs.length, readings: amazon.readings };
}
