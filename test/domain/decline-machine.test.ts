import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDeclineMachine,
  resumeEffects,
  transition,
  type CallFailure,
  type DeclineEffect,
  type DeclineEvent,
  type DeclineMachineState,
} from '../../src/domain/decline-machine';
import type { AuthorizationDetails, Money } from '../../src/domain/types';

const ORDER = 'S01-1234567-7654321';
const amount: Money = { amount: '30.00', currencyCode: 'EUR' };
const ACCOUNT = `https://pay.amazon.de/mn/your-account/apa?action=renderOrderDetails&contractId=${ORDER}`;

const fresh = (mode: 'sync' | 'async' = 'sync') =>
  createDeclineMachine(
    { amazonOrderReferenceId: ORDER, amount, mode, accountUrl: ACCOUNT, polling: { initialDelayMs: 1000 } },
    { idSalt: 'salt123456', jitter: 0.5 },
    0,
  );

function authorization(state: DeclineMachineState, patch: Partial<AuthorizationDetails>): AuthorizationDetails {
  const call = state.inFlight?.operation.op === 'authorize' ? state.attempts[state.inFlight.operation.attempt] : state.attempts.at(-1);
  return {
    amazonAuthorizationId: `${ORDER}-A${state.attempts.length}`,
    authorizationReferenceId: call!.authorizationReferenceId,
    amazonOrderReferenceId: ORDER,
    state: 'Open',
    amount,
    lastUpdateTimestamp: '2026-12-02T00:00:00Z',
    ...patch,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Applies an event, checking on the way that the transition is pure and its state plain JSON. */
function step(state: DeclineMachineState, event: DeclineEvent) {
  const copy = JSON.parse(JSON.stringify(state)) as DeclineMachineState;
  expect(copy).toEqual(state);
  const result = transition(deepFreeze(state), event);
  expect(transition(copy, event)).toEqual(result);
  return result;
}

const reply = (state: DeclineMachineState, value: unknown, at = 1): DeclineEvent => ({
  type: 'callSucceeded',
  at,
  callId: state.inFlight!.callId,
  value,
});
const failed = (state: DeclineMachineState, failure: CallFailure, at = 1): DeclineEvent => ({
  type: 'callFailed',
  at,
  callId: state.inFlight!.callId,
  failure,
});
const calls = (effects: readonly DeclineEffect[]) => effects.flatMap((e) => (e.type === 'call' ? [e.call.method] : []));

describe('decline machine: pure transitions', () => {
  beforeEach(() => {
    // Time and randomness come in through events and the seed only.
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('transition read the clock');
    });
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('transition drew a random number');
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('authorize: one Authorize effect carrying the whole request; the id is derived from the seed', () => {
    const { state, effects } = step(fresh(), { type: 'authorize', at: 10 });
    expect(state.view).toEqual({ status: 'authorizing', attempt: 1 });
    expect(effects).toEqual([
      {
        type: 'call',
        callId: state.inFlight!.callId,
        call: {
          method: 'authorize',
          request: { amazonOrderReferenceId: ORDER, authorizationReferenceId: `${ORDER}-0-salt123456`, amount, mode: 'sync' },
        },
      },
    ]);
  });

  it('a soft decline schedules the retry at event time + the policy delay, then checks, confirms and re-authorizes', () => {
    let { state } = step(fresh(), { type: 'authorize', at: 1000 });
    let result = step(
      state,
      reply(state, authorization(state, { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true }), 2000),
    );
    state = result.state;
    expect(state.view).toEqual({
      status: 'retryScheduled',
      retryAt: 2000 + 90_000,
      reasonCode: 'InvalidPaymentMethod',
      reauthorizationsLeft: 3,
    });
    expect(result.effects).toEqual([{ type: 'schedule', timerId: state.timer!.timerId, at: 92_000 }]);
    // A stale timer id changes nothing.
    expect(transition(state, { type: 'timerFired', at: 92_000, timerId: 999 }).state).toBe(state);
    result = step(state, { type: 'timerFired', at: 92_000, timerId: state.timer!.timerId });
    state = result.state;
    expect(calls(result.effects)).toEqual(['getOrderReferenceDetails']);
    result = step(state, reply(state, { amazonOrderReferenceId: ORDER, state: 'Suspended', constraints: [] }));
    state = result.state;
    expect(calls(result.effects)).toEqual(['confirmOrderReference']);
    result = step(state, reply(state, { amazonOrderReferenceId: ORDER, state: 'Open', constraints: [] }));
    state = result.state;
    expect(result.effects).toMatchObject([
      { type: 'call', call: { method: 'authorize', request: { authorizationReferenceId: `${ORDER}-1-salt123456` } } },
    ]);
    expect(state.attempts.map((a) => a.trigger)).toEqual(['first', 'retry']);
    result = step(state, reply(state, authorization(state, { state: 'Open' })));
    expect(result.state.view.status).toBe('approved');
    expect(result.effects).toEqual([
      { type: 'notify', notice: { type: 'approved', authorization: expect.objectContaining({ state: 'Open' }) } },
    ]);
  });

  it('an Authorize reply of an unrecognised shape is an unknown outcome: error, no "Pay another way", retry re-sends the same request', () => {
    const started = step(fresh(), { type: 'authorize', at: 0 });
    let state = started.state;
    const first = started.effects[0];
    for (const garbage of [
      {},
      null,
      'OK',
      { state: 'Declined' },
      { ...authorization(state, {}), amazonOrderReferenceId: 'S01-0000000-0000000' },
    ]) {
      const after = step(state, reply(state, garbage)).state;
      expect(after.view).toMatchObject({ status: 'error', authorizationUnknown: true });
      const again = step(after, { type: 'retry', at: 2 });
      expect(again.effects).toEqual([{ ...first, callId: again.state.inFlight!.callId }]);
    }
    state = step(state, reply(state, authorization(state, { state: 'Open' }))).state;
    expect(state.view.status).toBe('approved');
  });

  it('null or garbage from a poll keeps polling with backoff', () => {
    let { state } = step(fresh('async'), { type: 'authorize', at: 0 });
    state = step(state, reply(state, authorization(state, { state: 'Pending' }), 0)).state;
    const gaps: number[] = [];
    for (const garbage of [null, undefined, 42, { state: 'Open' }, authorization(state, { state: 'Pending' })]) {
      gaps.push(state.timer!.at);
      state = step(state, { type: 'timerFired', at: state.timer!.at, timerId: state.timer!.timerId }).state;
      state = step(state, reply(state, garbage, state.updatedAt)).state;
      expect(state.view.status).toBe('pending');
    }
    expect(gaps).toEqual([1000, 3000, 7000, 15_000, 31_000]);
  });

  it('a throwing callback cannot break it: notifications are effects, the state is already committed', () => {
    const { state, effects } = step(step(fresh(), { type: 'authorize', at: 0 }).state, {
      type: 'callSucceeded',
      at: 1,
      callId: 1,
      value: null,
    });
    expect(state.view.status).toBe('error');
    expect(effects.every((e) => e.type !== 'call')).toBe(true);
  });

  it('async TransactionTimedOut is declined with reason timedOut and notifies', () => {
    let { state } = step(fresh('async'), { type: 'authorize', at: 0 });
    state = step(state, reply(state, authorization(state, { state: 'Pending' }))).state;
    const result = step(state, {
      type: 'notified',
      at: 5,
      update: {
        type: 'authorization',
        notificationId: 'n1',
        authorization: {
          ...authorization(state, { state: 'Declined', reasonCode: 'TransactionTimedOut' }),
          amazonAuthorizationId: state.attempts[0]!.amazonAuthorizationId,
        },
      },
    });
    expect(result.state.view).toEqual({ status: 'declined', reason: 'timedOut', reasonCode: 'TransactionTimedOut' });
    expect(result.effects).toContainEqual({ type: 'notify', notice: { type: 'declined', state: result.state.view } });
    expect(result.effects).toContainEqual({ type: 'clearTimer', timerId: state.timer!.timerId });
  });

  it('the contact-buyer state carries the per-order account URL and notifies', () => {
    let { state } = step(fresh('async'), { type: 'authorize', at: 0 });
    const result = step(
      state,
      reply(state, authorization(state, { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false })),
    );
    state = result.state;
    expect(state.view).toEqual({ status: 'contactBuyer', reasonCode: 'InvalidPaymentMethod', accountUrl: ACCOUNT, awaitingUpdate: true });
    expect(result.effects).toContainEqual({ type: 'notify', notice: { type: 'contactBuyer', state: state.view } });
  });

  it('resumeEffects re-issues the call in flight (same id) and re-arms the timer after a restart', () => {
    const { state, effects } = step(fresh(), { type: 'authorize', at: 0 });
    expect(resumeEffects(state)).toEqual(effects);
  });

  it('a refused budget (RetryBudgetExhausted) ends declined budgetSpent, the refused attempt not counted', () => {
    const { state } = step(fresh(), { type: 'authorize', at: 0 });
    const after = step(
      state,
      failed(state, { kind: 'amazon', code: 'RetryBudgetExhausted', status: 409, message: 'no', retryable: false }),
    ).state;
    expect(after.view).toEqual({ status: 'declined', reason: 'budgetSpent', reasonCode: undefined });
    expect(after.attempts).toEqual([]);
  });

  it('invalid input is an error no event leaves', () => {
    const bad = createDeclineMachine(
      { amazonOrderReferenceId: 'nope', amount, mode: 'sync', accountUrl: ACCOUNT },
      { idSalt: 'x', jitter: 0 },
      0,
    );
    expect(bad.view).toMatchObject({ status: 'error', error: { kind: 'validation', code: 'InvalidOrderReferenceId' } });
    for (const type of ['authorize', 'retry', 'cancel', 'placeOrder'] as const) expect(transition(bad, { type, at: 1 }).state).toBe(bad);
  });
});

/* ---------------------------------------------------------------- properties */

const failureArb: fc.Arbitrary<CallFailure> = fc
  .record({
    kind: fc.constantFrom('network', 'timeout', 'malformed', 'amazon', 'aborted', 'validation'),
    code: fc.constantFrom(
      undefined,
      'InternalServerError',
      'PaymentMethodNotUpdated',
      'RetryBudgetExhausted',
      'InvalidOrderReferenceStatus',
      'TransactionAmountExceeded',
    ),
    retryable: fc.boolean(),
    message: fc.constant('failure'),
  })
  .map((f) => (f.code === undefined ? { kind: f.kind, retryable: f.retryable, message: f.message } : f)) as fc.Arbitrary<CallFailure>;

// Declines dominate so that runs go deep into the budgets.
const authStateArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ state: 'Open' }) },
  { weight: 2, arbitrary: fc.constant({ state: 'Pending' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ state: 'Closed', reasonCode: 'MaxCapturesProcessed' }, { state: 'Closed', reasonCode: 'AmazonClosed' }),
  },
  {
    weight: 12,
    arbitrary: fc
      .constantFrom(
        ...Array<string>(8).fill('InvalidPaymentMethod'),
        'ProcessingFailure',
        'ProcessingFailure',
        'TransactionTimedOut',
        'AmazonRejected',
        'SomethingNew',
      )
      .chain((reasonCode) =>
        fc
          .boolean()
          .map((softDecline) => ({ state: 'Declined', reasonCode, ...(reasonCode === 'InvalidPaymentMethod' ? { softDecline } : {}) })),
      ),
  },
);

/** How the world answers the call in flight, or what else happens next. */
type Move =
  | { kind: 'reply'; shape: 'valid' | 'garbage'; auth: Partial<AuthorizationDetails>; order: string }
  | { kind: 'fail'; failure: CallFailure }
  | { kind: 'timer' }
  | { kind: 'buyer'; type: 'authorize' | 'paymentSelected' | 'placeOrder' | 'retry' | 'cancel' }
  | { kind: 'notify'; which: 'authorization' | 'order'; auth: Partial<AuthorizationDetails>; order: string; repeat: boolean }
  | { kind: 'garbageNotification' }
  /** What the flow waits for: the reply, the timer, the buyer's next click. */
  | { kind: 'natural'; auth: Partial<AuthorizationDetails>; order: string };

const moveArb: fc.Arbitrary<Move> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('reply' as const),
      shape: fc.constantFrom('valid' as const, 'valid' as const, 'valid' as const, 'valid' as const, 'garbage' as const),
      auth: authStateArb as fc.Arbitrary<Partial<AuthorizationDetails>>,
      order: fc.constantFrom('Open', 'Suspended', 'Closed', 'Canceled'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fail' as const), failure: failureArb }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'timer' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('buyer' as const),
      type: fc.constantFrom('authorize' as const, 'paymentSelected' as const, 'placeOrder' as const, 'retry' as const, 'cancel' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('notify' as const),
      which: fc.constantFrom('authorization' as const, 'order' as const),
      auth: authStateArb as fc.Arbitrary<Partial<AuthorizationDetails>>,
      order: fc.constantFrom('Open', 'Suspended', 'Closed'),
      repeat: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'garbageNotification' as const }) },
  {
    weight: 16,
    arbitrary: fc.record({
      kind: fc.constant('natural' as const),
      auth: authStateArb as fc.Arbitrary<Partial<AuthorizationDetails>>,
      order: fc.constantFrom('Open', 'Open', 'Suspended'),
    }),
  },
);

function eventFor(state: DeclineMachineState, move: Move, at: number, n: number): DeclineEvent | undefined {
  const op = state.inFlight?.operation;
  switch (move.kind) {
    case 'reply': {
      if (!state.inFlight || !op) return undefined;
      if (move.shape === 'garbage')
        return { type: 'callSucceeded', at, callId: state.inFlight.callId, value: n % 2 ? null : { nonsense: true } };
      const isAuth = op.op === 'authorize' || op.op === 'pollAuthorization';
      const value = isAuth
        ? {
            ...authorization(state, move.auth),
            ...(op.op === 'pollAuthorization'
              ? {
                  amazonAuthorizationId: op.amazonAuthorizationId,
                  authorizationReferenceId: state.attempts.find((a) => a.amazonAuthorizationId === op.amazonAuthorizationId)!
                    .authorizationReferenceId,
                }
              : {}),
            amazonAuthorizationId: op.op === 'pollAuthorization' ? op.amazonAuthorizationId : `${ORDER}-A${n}`,
          }
        : { amazonOrderReferenceId: ORDER, state: op.op === 'confirm' && n % 3 !== 0 ? 'Open' : move.order, constraints: [] };
      return { type: 'callSucceeded', at, callId: state.inFlight.callId, value };
    }
    case 'fail':
      return state.inFlight ? { type: 'callFailed', at, callId: state.inFlight.callId, failure: move.failure } : undefined;
    case 'timer':
      return state.timer ? { type: 'timerFired', at: Math.max(at, state.timer.at), timerId: state.timer.timerId } : undefined;
    case 'buyer':
      return { type: move.type, at };
    case 'notify': {
      if (move.which === 'order')
        return {
          type: 'notified',
          at,
          update: {
            type: 'orderReference',
            notificationId: move.repeat ? 'n-same' : `n-${n}`,
            orderReference: { amazonOrderReferenceId: ORDER, state: move.order, constraints: [] },
          },
        };
      const attempt = state.attempts.find((a) => a.amazonAuthorizationId);
      if (!attempt) return undefined;
      return {
        type: 'notified',
        at,
        update: {
          type: 'authorization',
          notificationId: move.repeat ? 'n-same' : `n-${n}`,
          authorization: {
            ...authorization(state, move.auth),
            amazonAuthorizationId: attempt.amazonAuthorizationId,
            authorizationReferenceId: attempt.authorizationReferenceId,
          },
        },
      };
    }
    case 'garbageNotification':
      return { type: 'notified', at, update: n % 2 ? { type: 'authorization' } : 'ping' };
    case 'natural': {
      if (state.inFlight) return eventFor(state, { kind: 'reply', shape: 'valid', auth: move.auth, order: move.order }, at, n);
      if (state.timer) return eventFor(state, { kind: 'timer' }, at, n);
      if (state.view.status === 'error') return { type: 'retry', at };
      if (state.view.status === 'needsNewPaymentMethod') return { type: state.view.paymentSelected ? 'placeOrder' : 'paymentSelected', at };
      return undefined;
    }
  }
}

describe('decline machine properties (transition function directly)', () => {
  it('is pure, serialisable and keeps every rule whatever happens', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('sync' as const, 'async' as const),
        fc.array(moveArb, { minLength: 1, maxLength: 120 }),
        (mode, moves) => {
          let state = fresh(mode);
          let at = 0;
          let approvals = 0;
          let settledDecline: DeclineMachineState['view'] | undefined;
          const authorizeIds = new Set<string>();
          for (const [n, move] of [{ kind: 'buyer', type: 'authorize' } as Move, ...moves].entries()) {
            at += 1000;
            const event = eventFor(state, move, at, n);
            if (!event) continue;
            const before = state;
            const { state: next, effects } = transition(deepFreeze(before), event);
            // Plain JSON: a server stores and restores it unchanged.
            expect(JSON.parse(JSON.stringify(next))).toEqual(next);
            // At most one call in flight; its effect carries the machine's call id.
            const callEffects = effects.filter((e) => e.type === 'call');
            expect(callEffects.length).toBeLessThanOrEqual(1);
            if (callEffects[0]?.type === 'call') expect(callEffects[0].callId).toBe(next.inFlight?.callId);
            expect(effects.filter((e) => e.type === 'schedule').length).toBeLessThanOrEqual(1);
            for (const e of callEffects)
              if (e.type === 'call' && e.call.method === 'authorize') authorizeIds.add(e.call.request.authorizationReferenceId);
            approvals += effects.filter((e) => e.type === 'notify' && e.notice.type === 'approved').length;
            // An unrecognised Authorize reply is never a decline.
            if (
              event.type === 'callSucceeded' &&
              before.inFlight?.operation.op === 'authorize' &&
              (event.value === null || (event.value as { nonsense?: boolean }).nonsense)
            ) {
              expect(next.view.status).toBe('error');
            }
            // Approved is final.
            if (before.view.status === 'approved') expect(next).toBe(before);
            // A final decline (not the buyer's cancel, which still takes a late approval) stays.
            if (settledDecline) expect(next.view).toEqual(settledDecline);
            if (next.view.status === 'declined' && next.view.reason !== 'canceled') settledDecline = next.view;
            // resumeEffects re-issues exactly what is in flight.
            expect(
              resumeEffects(next)
                .filter((e) => e.type === 'call')
                .map((e) => (e.type === 'call' ? e.callId : 0)),
            ).toEqual(next.inFlight ? [next.inFlight.callId] : []);
            state = next;
          }
          // Amazon's per-order limit and the guide's budget of automatic re-authorizations.
          expect(authorizeIds.size).toBeLessThanOrEqual(10);
          expect(state.attempts.length).toBeLessThanOrEqual(10);
          expect(state.attempts.filter((a) => a.trigger === 'retry').length).toBeLessThanOrEqual(3);
          expect(approvals).toBeLessThanOrEqual(1);
          if (state.view.status === 'approved') expect(approvals).toBe(1);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 1000) },
    );
  }, 120_000);
});
