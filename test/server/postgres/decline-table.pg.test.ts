/**
 * Every asynchronous row of Amazon's decline table with the tab closed: no
 * browser, only the merchant's server (handler + recovery runner on
 * PostgreSQL and pg-boss) and Amazon's notifications. Each test shows the
 * sequence of Amazon calls the server made.
 */
import type { AuthorizationDetails } from '../../../src/domain/types';
import { createFakeAmazon, type ScriptedOutcome } from '../fake-amazon';
import { withTestDatabase } from './database';
import { authorizeAsync, deliver, eventually, nextNotificationId, startInstance, type HookCall, type Instance } from './instance';

const database = withTestDatabase();
const amazon = createFakeAmazon();
const hookCalls: HookCall[] = [];
let server: Instance;
let orderCounter = 0;

beforeAll(async () => {
  server = await startInstance({ name: 'A', databaseUrl: database.url, amazon, hookCalls });
});
afterAll(() => server?.stop());

/** A fresh order reference whose authorizations end as scripted; the first one is made through the handler. */
async function placeOrder(outcomes: readonly ScriptedOutcome[]): Promise<string> {
  const id = `P01-${String(4000000 + ++orderCounter)}-${String(1000000 + orderCounter)}`;
  amazon.openOrder(id);
  amazon.script(id, outcomes);
  const response = await authorizeAsync(server, id, `${id.replace(/-/g, '')}-0`);
  expect(response.status).toBe(200);
  expect(((await response.json()) as AuthorizationDetails).state).toBe('Pending');
  return id;
}

/** Amazon finishes processing the newest Pending authorization and notifies the merchant. */
async function amazonSettlesNext(id: string): Promise<AuthorizationDetails> {
  const pending = await eventually(() => amazon.authorizations(id).find((a) => a.state === 'Pending'));
  const settled = amazon.settle(pending.amazonAuthorizationId);
  const response = await deliver(server, { kind: 'authorization', notificationId: nextNotificationId(), authorization: settled });
  expect(response.status).toBe(200);
  return settled;
}

const endState = (id: string) =>
  eventually(async () => {
    const state = await server.runner.get(id);
    return state && ['authorized', 'declined', 'processingFailed', 'timedOut', 'expired', 'closed', 'notAuthorizable'].includes(state.phase)
      ? state
      : undefined;
  });
const hooksOf = (id: string) => hookCalls.filter((call) => call.context.amazonOrderReferenceId === id).map((call) => call.hook);

describe('decline table, asynchronous mode, buyer gone', () => {
  it('soft decline: the server confirms the order reference and re-authorizes later; the retry succeeds', async () => {
    const id = await placeOrder([{ state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true }, { state: 'Open' }]);
    await amazonSettlesNext(id);
    await amazonSettlesNext(id);
    expect((await endState(id)).phase).toBe('authorized');
    expect(amazon.sequence(id)).toEqual([
      'Authorize', // the first authorization, through the handler
      'GetAuthorizationDetails', // notification: Declined/InvalidPaymentMethod (soft) re-read
      'GetOrderReferenceDetails', // retry due: Suspended
      'ConfirmOrderReference',
      'Authorize', // the re-authorization, same amount
      'GetAuthorizationDetails', // notification: Open re-read
    ]);
    await eventually(() => hooksOf(id).includes('orderAuthorized'));
    expect(hooksOf(id)).toEqual(['orderAuthorized']);
  });

  it('soft decline every time: three re-authorizations, then the buyer is asked to update the method', async () => {
    const soft: ScriptedOutcome = { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true };
    const id = await placeOrder([soft, soft, soft, soft]);
    for (let i = 0; i < 4; i += 1) await amazonSettlesNext(id);
    const state = await eventually(async () =>
      (await server.runner.get(id))?.phase === 'awaitingBuyer' ? server.runner.get(id) : undefined,
    );
    expect(state!.decline.attempts).toHaveLength(4);
    expect(amazon.sequence(id).filter((call) => call === 'Authorize')).toHaveLength(4);
    const contact = await eventually(() =>
      hookCalls.find((call) => call.context.amazonOrderReferenceId === id && call.hook === 'contactBuyer'),
    );
    expect(contact.context).toMatchObject({
      reasonCode: 'InvalidPaymentMethod',
      accountUrl: expect.stringMatching(/^https:\/\/payments\.amazon\.com\//),
    });
  });

  it('soft decline until the deadline: a reminder, then the order reference is canceled and the merchant told', async () => {
    const soft: ScriptedOutcome = { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true };
    const id = await placeOrder([soft, soft, soft, soft]);
    for (let i = 0; i < 4; i += 1) await amazonSettlesNext(id);
    const state = await endState(id);
    expect(state.phase).toBe('expired');
    expect(amazon.orderReference(id).state).toBe('Canceled');
    expect(amazon.sequence(id).at(-1)).toBe('CancelOrderReference');
    await eventually(() => hooksOf(id).includes('orderFailed'));
    expect(hooksOf(id)).toEqual(['contactBuyer', 'remindBuyer', 'orderFailed']);
  });

  it('hard decline: the buyer is e-mailed the account URL; when the order reference is Open again the server authorizes', async () => {
    const id = await placeOrder([{ state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false }, { state: 'Open' }]);
    await amazonSettlesNext(id);
    const contact = await eventually(() =>
      hookCalls.find((call) => call.context.amazonOrderReferenceId === id && call.hook === 'contactBuyer'),
    );
    expect(contact.context).toMatchObject({
      reasonCode: 'InvalidPaymentMethod',
      awaitingUpdate: true,
      accountUrl: expect.stringContaining(id),
    });
    const reopened = amazon.buyerUpdatesMethod(id);
    expect((await deliver(server, { kind: 'orderReference', notificationId: nextNotificationId(), orderReference: reopened })).status).toBe(
      200,
    );
    await amazonSettlesNext(id);
    expect((await endState(id)).phase).toBe('authorized');
    expect(amazon.sequence(id)).toEqual([
      'Authorize',
      'GetAuthorizationDetails', // notification: Declined/InvalidPaymentMethod (hard)
      'GetOrderReferenceDetails', // notification: OrderReferenceNotification Open, re-read
      'GetOrderReferenceDetails', // before authorizing: Open, limits and overcharge allowance
      'Authorize',
      'GetAuthorizationDetails',
    ]);
  });

  it('AmazonRejected: no retry; the merchant is told', async () => {
    const id = await placeOrder([{ state: 'Declined', reasonCode: 'AmazonRejected' }]);
    await amazonSettlesNext(id);
    const state = await endState(id);
    expect(state).toMatchObject({ phase: 'declined', endReason: 'AmazonRejected' });
    expect(amazon.sequence(id)).toEqual(['Authorize', 'GetAuthorizationDetails']);
    const failed = await eventually(() =>
      hookCalls.find((call) => call.context.amazonOrderReferenceId === id && call.hook === 'orderFailed'),
    );
    expect(failed.context).toMatchObject({ endState: 'declined', reasonCode: 'AmazonRejected' });
  });

  it('ProcessingFailure: one retry a minute or two later (0.3-0.5 s here) that succeeds', async () => {
    const id = await placeOrder([{ state: 'Declined', reasonCode: 'ProcessingFailure' }, { state: 'Open' }]);
    await amazonSettlesNext(id);
    await amazonSettlesNext(id);
    expect((await endState(id)).phase).toBe('authorized');
    expect(amazon.sequence(id)).toEqual([
      'Authorize',
      'GetAuthorizationDetails',
      'GetOrderReferenceDetails',
      'Authorize',
      'GetAuthorizationDetails',
    ]);
  });

  it('ProcessingFailure twice: the merchant is told (the buyer should order again later)', async () => {
    const id = await placeOrder([
      { state: 'Declined', reasonCode: 'ProcessingFailure' },
      { state: 'Declined', reasonCode: 'ProcessingFailure' },
    ]);
    await amazonSettlesNext(id);
    await amazonSettlesNext(id);
    expect((await endState(id)).phase).toBe('processingFailed');
    expect(amazon.sequence(id)).toEqual([
      'Authorize',
      'GetAuthorizationDetails',
      'GetOrderReferenceDetails',
      'Authorize',
      'GetAuthorizationDetails',
    ]);
    await eventually(() => hooksOf(id).includes('orderFailed'));
  });

  it('TransactionTimedOut: the order was submitted; nothing is re-sent and the merchant is told', async () => {
    const id = await placeOrder([{ state: 'Declined', reasonCode: 'TransactionTimedOut' }]);
    await amazonSettlesNext(id);
    expect((await endState(id)).phase).toBe('timedOut');
    expect(amazon.sequence(id)).toEqual(['Authorize', 'GetAuthorizationDetails']);
  });
});
