import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeclineRunner, type DeclineRunner } from '../../src/browser/decline-runner';
import type { DeclinePolicyOptions } from '../../src/domain/decline-policy';
import type { DeclineState } from '../../src/domain/decline-machine';
import { sandboxSimulationNote } from '../../src/domain/sandbox-simulation';
import type { AuthorizationMode, Money } from '../../src/domain/types';
import { createSandboxBackend, type SandboxBackend } from '../../src/testing/sandbox-backend';

/**
 * The decline table of Amazon's guide, row by row through the browser runner
 * and the sandbox: the states the buyer sees and the calls Amazon receives.
 * DECLINE_TABLE=1 prints it as Markdown.
 */

const amount: Money = { amount: '30.00', currencyCode: 'EUR' };
const note = (reasonCode: string, softDecline?: boolean) => sandboxSimulationNote({ state: 'Declined', reasonCode, ...(softDecline === undefined ? {} : { softDecline }) });
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
  const label = (s: DeclineState): string => (s.status === 'declined' ? `declined(${s.reason})` : s.status === 'contactBuyer' && s.awaitingUpdate ? 'contactBuyer(awaiting)' : s.status);
  const runner = createDeclineRunner({
    init: { amazonOrderReferenceId: id, amount, mode, accountUrl: 'https://pay.amazon.de/', sellerAuthorizationNotes: notes.map((n) => n ?? null), ...(policy ? { policy } : {}) },
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
    states: ['authorizing', 'retryScheduled', 'confirming', 'authorizing', 'retryScheduled', 'confirming', 'authorizing', 'retryScheduled', 'confirming', 'authorizing', 'contactBuyer'],
    calls: ['Authorize', ...Array<string[]>(3).fill(['GetOrderReferenceDetails', 'ConfirmOrderReference', 'Authorize']).flat()],
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
    states: ['authorizing', ...Array<string[]>(9).fill(['needsNewPaymentMethod', 'confirming', 'authorizing']).flat(), 'declined(budgetSpent)'],
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
  { row: 'AmazonRejected, sync: final', mode: 'sync', notes: [note('AmazonRejected')], states: ['authorizing', 'declined(rejected)'], calls: ['Authorize'] },
  { row: 'AmazonRejected, async: final', mode: 'async', notes: [note('AmazonRejected')], states: ['authorizing', 'pending', 'declined(rejected)'], calls: ['Authorize'] },
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
    row: 'TransactionTimedOut, sync: re-authorize at once in async mode',
    mode: 'sync',
    notes: [note('TransactionTimedOut')],
    states: ['authorizing', 'pending', 'approved'],
    calls: ['Authorize', 'GetOrderReferenceDetails', 'Authorize'],
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
    if (process.env.DECLINE_TABLE) console.log(['| row | mode | states | Amazon calls |', '| --- | --- | --- | --- |', ...table].join('\n'));
  });

  it.each(ROWS)('$row ($mode)', async ({ row, mode, notes, policy, buyer, states, calls }) => {
    const f = flow(mode, notes, policy);
    await vi.advanceTimersByTimeAsync(2000);
    if (buyer) await buyer(f);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    const made = f.sandbox.calls.filter((c) => c.method !== 'getAuthorizationDetails').map((c) => SHORT[c.method] ?? c.method);
    table.push(`| ${row} | ${mode} | ${f.states.join(' → ')} | ${made.join(', ')} |`);
    expect(f.states).toEqual(states);
    expect(made).toEqual(calls);
    f.runner.dispose();
  });
});
