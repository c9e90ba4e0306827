import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeclineRunner, type DeclineRunner } from '../../src/browser/decline-runner';
import {
  MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE,
  decideNextAction,
  reauthorizationsUsed,
  type AttemptOutcome,
  type DeclineAction,
  type DeclinePolicyOptions,
} from '../../src/domain/decline-policy';
import type { DeclineState } from '../../src/domain/decline-machine';
import { sandboxSimulationNote } from '../../src/domain/sandbox-simulation';
import type { AuthorizationMode, Money } from '../../src/domain/types';
import { createSandboxBackend, type SandboxBackend } from '../../src/testing/sandbox-backend';

/**
 * The decline table of Amazon's guide (amazon-pay-domain.md section 4), the one
 * file that tests it: each row as the policy decides it (decideNextAction, the
 * budgets), then row by row through the browser runner and the sandbox (the
 * states the buyer sees and the calls Amazon receives; DECLINE_TABLE=1 prints
 * it as Markdown). The server's table with the tab closed (confirm, remind,
 * cancel at the deadline, over IPNs and scheduled jobs) is
 * test/server/postgres/decline-table.pg.test.ts.
 */

const outcome = (mode: AttemptOutcome['mode'], reasonCode: string, softDecline?: boolean): AttemptOutcome => ({
  mode,
  state: 'Declined',
  reasonCode,
  ...(softDecline === undefined ? {} : { softDecline }),
});

/** One row per line of the decline table in amazon-pay-domain.md section 4, in both modes: the first decision. */
const decisions: ReadonlyArray<{ row: string; attempts: AttemptOutcome[]; expected: Partial<DeclineAction> }> = [
  {
    row: 'IPM soft, sync: confirm then re-authorize later',
    attempts: [outcome('sync', 'InvalidPaymentMethod', true)],
    expected: { type: 'retryLater', confirmFirst: true, mode: 'sync' },
  },
  {
    row: 'IPM soft, async: re-authorize later within the budget',
    attempts: [outcome('async', 'InvalidPaymentMethod', true)],
    expected: { type: 'retryLater', confirmFirst: true, mode: 'async' },
  },
  {
    row: 'IPM hard, sync: show the wallet bound to the order reference',
    attempts: [outcome('sync', 'InvalidPaymentMethod', false)],
    expected: { type: 'showWallet' },
  },
  {
    row: 'IPM hard, async: contact the buyer and await the update',
    attempts: [outcome('async', 'InvalidPaymentMethod', false)],
    expected: { type: 'contactBuyer', awaitUpdate: true },
  },
  {
    row: 'IPM without SoftDecline flag is treated as hard',
    attempts: [outcome('sync', 'InvalidPaymentMethod')],
    expected: { type: 'showWallet' },
  },
  {
    row: 'AmazonRejected, sync: final decline',
    attempts: [outcome('sync', 'AmazonRejected')],
    expected: { type: 'declined', reason: 'rejected' },
  },
  {
    row: 'AmazonRejected, async: final decline',
    attempts: [outcome('async', 'AmazonRejected')],
    expected: { type: 'declined', reason: 'rejected' },
  },
  {
    row: 'ProcessingFailure, sync: retry in 1-2 minutes',
    attempts: [outcome('sync', 'ProcessingFailure')],
    expected: { type: 'retryLater', confirmFirst: false, delayMs: 60_000 },
  },
  {
    row: 'ProcessingFailure, async: retry in 1-2 minutes',
    attempts: [outcome('async', 'ProcessingFailure')],
    expected: { type: 'retryLater', confirmFirst: false, mode: 'async' },
  },
  {
    row: 'ProcessingFailure twice, sync: ask the buyer to place the order again later',
    attempts: [outcome('sync', 'ProcessingFailure'), outcome('sync', 'ProcessingFailure')],
    expected: { type: 'declined', reason: 'placeOrderLater' },
  },
  {
    row: 'ProcessingFailure twice, async: ask the buyer to place the order again later',
    attempts: [outcome('async', 'ProcessingFailure'), outcome('async', 'ProcessingFailure')],
    expected: { type: 'declined', reason: 'placeOrderLater' },
  },
  {
    row: 'TransactionTimedOut, sync: retry in async mode (default)',
    attempts: [outcome('sync', 'TransactionTimedOut')],
    expected: { type: 'retryAsync' },
  },
  {
    row: 'TransactionTimedOut, async: the timeout passed, a final decline the merchant acts on',
    attempts: [outcome('async', 'TransactionTimedOut')],
    expected: { type: 'declined', reason: 'timedOut' },
  },
  {
    row: 'Unknown reason code: final decline, never a crash',
    attempts: [outcome('sync', 'SomethingNew')],
    expected: { type: 'declined', reason: 'unknownCode', reasonCode: 'SomethingNew' },
  },
  {
    row: 'Unknown reason code, async',
    attempts: [outcome('async', 'SomethingNew')],
    expected: { type: 'declined', reason: 'unknownCode' },
  },
  { row: 'Open: approved', attempts: [{ mode: 'sync', state: 'Open' }], expected: { type: 'approved' } },
  { row: 'Pending (async): await the result', attempts: [{ mode: 'async', state: 'Pending' }], expected: { type: 'awaitResult' } },
  {
    row: 'Closed after capture: approved',
    attempts: [{ mode: 'sync', state: 'Closed', reasonCode: 'MaxCapturesProcessed' }],
    expected: { type: 'approved' },
  },
  {
    row: 'Closed by Amazon: declined',
    attempts: [{ mode: 'sync', state: 'Closed', reasonCode: 'AmazonClosed' }],
    expected: { type: 'declined', reason: 'rejected' },
  },
];

describe('decideNextAction: the decline table', () => {
  it.each(decisions)('$row', ({ attempts, expected }) => {
    expect(decideNextAction(attempts)).toMatchObject(expected);
  });

  it('cancels a timed-out sync authorization when the merchant chose cancel', () => {
    expect(decideNextAction([outcome('sync', 'TransactionTimedOut')], { onSyncTimeout: 'cancel' })).toEqual({
      type: 'cancelOrder',
      reasonCode: 'TransactionTimedOut',
    });
  });

  it('places the retry inside the configured window', () => {
    const attempts = [outcome('sync', 'ProcessingFailure')];
    expect(decideNextAction(attempts, {}, 0)).toMatchObject({ delayMs: 60_000 });
    expect(decideNextAction(attempts, {}, 0.5)).toMatchObject({ delayMs: 90_000 });
    expect(decideNextAction(attempts, { retryDelayMs: [1000, 2000] }, 0.999)).toMatchObject({ delayMs: 1999 });
  });

  it('throws on an empty history', () => {
    expect(() => decideNextAction([])).toThrow(RangeError);
  });
});

describe('decideNextAction: the budget of 3 re-authorizations', () => {
  for (const mode of ['sync', 'async'] as const) {
    it(`${mode}: soft declines retry three times, the fourth decline contacts the buyer (async: awaiting the update)`, () => {
      const attempts: AttemptOutcome[] = [];
      for (let decline = 1; decline <= 4; decline++) {
        attempts.push(outcome(mode, 'InvalidPaymentMethod', true));
        const action = decideNextAction(attempts);
        if (decline < 4) expect(action, `decline ${decline}`).toMatchObject({ type: 'retryLater' });
        else expect(action).toEqual({ type: 'contactBuyer', reasonCode: 'InvalidPaymentMethod', awaitUpdate: mode === 'async' });
      }
      expect(reauthorizationsUsed(attempts)).toBe(3);
    });
  }

  it("sync hard declines with the buyer present show the wallet up to Amazon's per-order limit of 10 authorizations, not 3", () => {
    const round = (n: number) => [
      outcome('sync', 'InvalidPaymentMethod', false),
      ...Array.from({ length: n - 1 }, () => ({ ...outcome('sync', 'InvalidPaymentMethod', false), trigger: 'buyer' as const })),
    ];
    expect(MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE).toBe(10);
    expect(decideNextAction(round(4))).toMatchObject({ type: 'showWallet' });
    expect(decideNextAction(round(9))).toMatchObject({ type: 'showWallet' });
    expect(decideNextAction(round(10))).toEqual({ type: 'declined', reason: 'budgetSpent', reasonCode: 'InvalidPaymentMethod' });
    expect(decideNextAction(round(4), { maxAuthorizations: 4 })).toMatchObject({ type: 'declined', reason: 'budgetSpent' });
  });

  it("the buyer's wallet rounds do not spend the soft-decline budget", () => {
    const attempts: AttemptOutcome[] = [
      outcome('sync', 'InvalidPaymentMethod', false),
      ...Array.from({ length: 5 }, () => ({ ...outcome('sync', 'InvalidPaymentMethod', false), trigger: 'buyer' as const })),
      { ...outcome('sync', 'InvalidPaymentMethod', true), trigger: 'buyer' as const },
    ];
    expect(reauthorizationsUsed(attempts)).toBe(0);
    expect(decideNextAction(attempts)).toMatchObject({ type: 'retryLater', confirmFirst: true });
  });

  it('a sync timeout after three re-authorizations stops retrying', () => {
    const attempts = [
      outcome('sync', 'InvalidPaymentMethod', true),
      outcome('sync', 'InvalidPaymentMethod', true),
      outcome('sync', 'InvalidPaymentMethod', true),
      outcome('sync', 'TransactionTimedOut'),
    ];
    expect(decideNextAction(attempts)).toEqual({ type: 'declined', reason: 'budgetSpent', reasonCode: 'TransactionTimedOut' });
  });

  it('honours a custom budget', () => {
    const attempts = [outcome('sync', 'InvalidPaymentMethod', true), outcome('sync', 'InvalidPaymentMethod', true)];
    expect(decideNextAction(attempts, { maxReauthorizations: 1 })).toMatchObject({ type: 'contactBuyer', awaitUpdate: false });
  });

  it('counts only attempts after the first decline', () => {
    expect(reauthorizationsUsed([{ mode: 'sync', state: 'Open' }])).toBe(0);
    expect(reauthorizationsUsed([outcome('sync', 'ProcessingFailure')])).toBe(0);
    expect(reauthorizationsUsed([outcome('sync', 'ProcessingFailure'), { mode: 'sync', state: 'Open' }])).toBe(1);
  });
});

const amount: Money = { amount: '30.00', currencyCode: 'EUR' };
const note = (reasonCode: string, softDecline?: boolean) =>
  sandboxSimulationNote({ state: 'Declined', reasonCode, ...(softDecline === undefined ? {} : { softDecline }) });
const SHORT: Record<string, string> = {
  authorize: 'Authorize',
  getOrderReferenceDetails: 'GetOrderReferenceDetails',
  confirmOrderReference: 'ConfirmOrderReference',
  cancelOrderReference: 'CancelOrderReference',
  getAuthorizationDetails: 'GetAuthorizationDetails',
};

interface Flow {
  readonly sandbox: SandboxBackend;
  readonly runner: DeclineRunner;
  readonly id: string;
}

function flow(mode: AuthorizationMode, notes: (string | undefined)[], policy?: DeclinePolicyOptions): Flow & { readonly states: string[] } {
  const sandbox = createSandboxBackend({ asyncResultDelayMs: 2000 });
  const { amazonOrderReferenceId: id } = sandbox.createOrderReference({ amount });
  const states: string[] = [];
  const label = (s: DeclineState): string =>
    s.status === 'declined'
      ? `declined(${s.reason})`
      : s.status === 'contactBuyer' && s.awaitingUpdate
        ? 'contactBuyer(awaiting)'
        : s.status;
  const runner = createDeclineRunner({
    init: {
      amazonOrderReferenceId: id,
      amount,
      mode,
      accountUrl: 'https://pay.amazon.de/',
      sellerAuthorizationNotes: notes.map((n) => n ?? null),
      ...(policy ? { policy } : {}),
    },
    backend: () => sandbox,
    seed: { jitter: 0 },
    onStateChange: (s) => {
      if (states.at(-1) !== label(s)) states.push(label(s));
    },
  });
  runner.start();
  runner.send({ type: 'authorize' });
  return { sandbox, runner, id, states };
}

const wallet = (f: Flow, method = 'mastercard-4444') => {
  f.sandbox.selectPaymentMethod(f.id, method);
  f.runner.send({ type: 'paymentSelected' });
  f.runner.send({ type: 'placeOrder' });
};

interface Row {
  readonly row: string;
  readonly mode: AuthorizationMode;
  readonly notes: (string | undefined)[];
  readonly policy?: DeclinePolicyOptions;
  readonly buyer?: (f: Flow) => Promise<void>;
  readonly states: string[];
  readonly calls: string[];
}

// While it awaits the buyer's update, the runner re-reads the order reference until Amazon re-opens it.
const WATCH = 'GetOrderReferenceDetails… (until the order reference re-opens)';
const soft = note('InvalidPaymentMethod', true);
const hard = note('InvalidPaymentMethod', false);

const ROWS: Row[] = [
  {
    row: 'InvalidPaymentMethod soft, sync: re-authorize after 60-120 s, confirming the Suspended order reference',
    mode: 'sync',
    notes: [soft],
    states: ['authorizing', 'retryScheduled', 'confirming', 'authorizing', 'approved'],
    calls: ['Authorize', 'GetOrderReferenceDetails', 'ConfirmOrderReference', 'Authorize'],
  },
  {
    row: 'InvalidPaymentMethod soft, async: the same, results by notification',
    mode: 'async',
    notes: [soft],
    states: ['authorizing', 'pending', 'retryScheduled', 'confirming', 'authorizing', 'pending', 'approved'],
    calls: ['Authorize', 'GetOrderReferenceDetails', 'ConfirmOrderReference', 'Authorize'],
  },
  {
    row: 'InvalidPaymentMethod soft four times: three re-authorizations, then contact the buyer',
    mode: 'sync',
    notes: [soft, soft, soft, soft],
    states: [
      'authorizing',
      'retryScheduled',
      'confirming',
      'authorizing',
      'retryScheduled',
      'confirming',
      'authorizing',
      'retryScheduled',
      'confirming',
      'authorizing',
      'contactBuyer',
    ],
    calls: ['Authorize', ...Array<string[]>(3).fill(['GetOrderReferenceDetails', 'ConfirmOrderReference', 'Authorize']).flat()],
  },
  {
    row: 'InvalidPaymentMethod soft four times, async: three re-authorizations, then contact the buyer and await the update',
    mode: 'async',
    notes: [soft, soft, soft, soft],
    states: [
      'authorizing',
      'pending',
      ...Array<string[]>(3).fill(['retryScheduled', 'confirming', 'authorizing', 'pending']).flat(),
      'contactBuyer(awaiting)',
    ],
    calls: ['Authorize', ...Array<string[]>(3).fill(['GetOrderReferenceDetails', 'ConfirmOrderReference', 'Authorize']).flat(), WATCH],
  },
  {
    row: 'InvalidPaymentMethod hard, sync: the Wallet on the same order reference, confirm, authorize',
    mode: 'sync',
    notes: [hard],
    buyer: async (f) => wallet(f),
    states: ['authorizing', 'needsNewPaymentMethod', 'confirming', 'authorizing', 'approved'],
    calls: ['Authorize', 'GetOrderReferenceDetails', 'ConfirmOrderReference', 'Authorize'],
  },
  {
    row: "InvalidPaymentMethod hard, sync, ten times: the buyer's rounds end at Amazon's per-order limit",
    mode: 'sync',
    notes: Array<string>(10).fill(hard),
    buyer: async (f) => {
      for (let i = 0; i < 9; i++) {
        wallet(f, i % 2 ? 'visa-1111' : 'mastercard-4444');
        await vi.advanceTimersByTimeAsync(0);
      }
    },
    states: [
      'authorizing',
      ...Array<string[]>(9).fill(['needsNewPaymentMethod', 'confirming', 'authorizing']).flat(),
      'declined(budgetSpent)',
    ],
    calls: ['Authorize', ...Array<string[]>(9).fill(['GetOrderReferenceDetails', 'ConfirmOrderReference', 'Authorize']).flat()],
  },
  {
    row: 'InvalidPaymentMethod hard, async: contact the buyer (per-order URL), authorize when Amazon re-opens the order reference',
    mode: 'async',
    notes: [hard],
    buyer: async (f) => f.sandbox.simulateBuyerUpdatedPaymentMethod(f.id, 'visa-1111'),
    states: ['authorizing', 'pending', 'contactBuyer(awaiting)', 'authorizing', 'pending', 'approved'],
    calls: ['Authorize', 'GetOrderReferenceDetails', 'Authorize'],
  },
  {
    row: 'AmazonRejected, sync: final',
    mode: 'sync',
    notes: [note('AmazonRejected')],
    states: ['authorizing', 'declined(rejected)'],
    calls: ['Authorize'],
  },
  {
    row: 'AmazonRejected, async: final',
    mode: 'async',
    notes: [note('AmazonRejected')],
    states: ['authorizing', 'pending', 'declined(rejected)'],
    calls: ['Authorize'],
  },
  {
    row: 'ProcessingFailure once: retry after 60-120 s',
    mode: 'sync',
    notes: [note('ProcessingFailure')],
    states: ['authorizing', 'retryScheduled', 'authorizing', 'approved'],
    calls: ['Authorize', 'GetOrderReferenceDetails', 'Authorize'],
  },
  {
    row: 'ProcessingFailure twice: ask the buyer to place the order again later',
    mode: 'sync',
    notes: [note('ProcessingFailure'), note('ProcessingFailure')],
    states: ['authorizing', 'retryScheduled', 'authorizing', 'declined(placeOrderLater)'],
    calls: ['Authorize', 'GetOrderReferenceDetails', 'Authorize'],
  },
  {
    row: 'ProcessingFailure twice, async: the same, no confirmation',
    mode: 'async',
    notes: [note('ProcessingFailure'), note('ProcessingFailure')],
    states: ['authorizing', 'pending', 'retryScheduled', 'authorizing', 'pending', 'declined(placeOrderLater)'],
    calls: ['Authorize', 'GetOrderReferenceDetails', 'Authorize'],
  },
  {
    row: 'TransactionTimedOut, sync: re-authorize at once in async mode',
    mode: 'sync',
    notes: [note('TransactionTimedOut')],
    states: ['authorizing', 'pending', 'approved'],
    calls: ['Authorize', 'GetOrderReferenceDetails', 'Authorize (async)'],
  },
  {
    row: 'TransactionTimedOut, sync, merchant chose cancel: CancelOrderReference',
    mode: 'sync',
    notes: [note('TransactionTimedOut')],
    policy: { onSyncTimeout: 'cancel' },
    states: ['authorizing', 'declined(canceled)'],
    calls: ['Authorize', 'CancelOrderReference'],
  },
  {
    row: 'TransactionTimedOut, async (the timeout passed): final, the merchant acts',
    mode: 'async',
    notes: [note('TransactionTimedOut')],
    states: ['authorizing', 'pending', 'declined(timedOut)'],
    calls: ['Authorize'],
  },
];

const table: string[] = [];

describe('the decline table through the browser runner and the sandbox', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  afterAll(() => {
    if (process.env.DECLINE_TABLE)
      console.log(['| row | mode | states | Amazon calls |', '| --- | --- | --- | --- |', ...table].join('\n'));
  });

  it.each(ROWS)('$row ($mode)', async ({ row, mode, notes, policy, buyer, states, calls }) => {
    const f = flow(mode, notes, policy);
    await vi.advanceTimersByTimeAsync(2000);
    if (buyer) await buyer(f);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    const made = f.sandbox.calls
      .filter((c) => c.method !== 'getAuthorizationDetails')
      .map((c) => {
        const name = SHORT[c.method] ?? c.method;
        const callMode = c.method === 'authorize' ? (c.args as { mode: AuthorizationMode }).mode : mode;
        return callMode === mode ? name : `${name} (${callMode})`;
      });
    let end = made.length;
    while (f.states.at(-1) === 'contactBuyer(awaiting)' && made[end - 1] === 'GetOrderReferenceDetails') end -= 1;
    if (end < made.length) made.splice(end, made.length - end, WATCH);
    const referenceIds = f.sandbox.calls
      .filter((c) => c.method === 'authorize')
      .map((c) => (c.args as { authorizationReferenceId: string }).authorizationReferenceId);
    table.push(`| ${row} | ${mode} | ${f.states.join(' → ')} | ${made.join(', ')} |`);
    expect(f.states).toEqual(states);
    expect(made).toEqual(calls);
    expect(new Set(referenceIds).size, 'a new AuthorizationReferenceId per Authorize').toBe(referenceIds.length);
    f.runner.dispose();
  });
});
