import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOneOwner, tabShows, withTwoTabs } from '../one-owner-scenarios';
import { createFakeAmazon } from '../fake-amazon';
import { newOrderId, sendIpn, startShop, type Shop, type Told } from '../one-owner-world';
import { eventually } from '../../support/eventually';
import { withTestDatabase } from './database';

const database = withTestDatabase();
describeOneOwner('PostgreSQL + pg-boss', () => ({ kind: 'postgres', databaseUrl: database.url }));

describe('two server processes on one PostgreSQL, two tabs on the same order', { timeout: 30_000 }, () => {
  const amazon = createFakeAmazon();
  const told: Told[] = [];
  let a: Shop;
  let b: Shop;
  beforeAll(async () => {
    a = await startShop({ name: 'A', amazon, told, backing: { kind: 'postgres', databaseUrl: database.url } });
    b = await startShop({ name: 'B', amazon, told, backing: { kind: 'postgres', databaseUrl: database.url } });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  const soft = { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true } as const;
  const settleNext = async (id: string, via: Shop) => {
    const pending = await eventually(() => amazon.authorizations(id).find((x) => x.state === 'Pending'), 10_000, 20);
    expect((await sendIpn(via, amazon.settle(pending.amazonAuthorizationId))).status).toBe(200);
  };
  const notices = (id: string) => told.filter((t) => t.context.amazonOrderReferenceId === id);
  const softThenOpen = () => {
    const id = newOrderId('P05');
    amazon.openOrder(id);
    amazon.script(id, [soft, { state: 'Open' }]);
    return id;
  };

  it('the buyer waits: one retry by whichever process runs it, both tabs approved, orderAuthorized once', async () => {
    const id = softThenOpen();
    await withTwoTabs(a, b, id, async (onA, onB) => {
      onA.send({ type: 'authorize' });
      await tabShows(onB, 'pending');
      await settleNext(id, b);
      await tabShows(onA, 'retryScheduled');
      await eventually(() => amazon.authorizations(id).length === 2 || undefined, 10_000, 20);
      await settleNext(id, a);
      await tabShows(onA, 'approved');
      await tabShows(onB, 'approved');
      expect(amazon.sequence(id).filter((c) => c === 'Authorize')).toHaveLength(2);
      await eventually(() => notices(id).length > 0 || undefined, 10_000, 20);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(notices(id).map((t) => t.hook)).toEqual(['orderAuthorized']);
      for (const tab of [onA, onB]) expect(tab.seen.filter((s) => s.status === 'error' || s.status === 'declined')).toEqual([]);
    });
  });

  it('the tab on B pays another way: one CancelOrderReference, no Authorize after it, the tab on A shows it, orderFailed once', async () => {
    const id = softThenOpen();
    await withTwoTabs(a, b, id, async (onA, onB) => {
      onA.send({ type: 'authorize' });
      await settleNext(id, a);
      await tabShows(onB, 'retryScheduled');
      onB.send({ type: 'cancel' });
      expect(await tabShows(onA, 'declined')).toMatchObject({ reason: 'canceled' });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(amazon.sequence(id)).toEqual(['Authorize', 'GetAuthorizationDetails', 'CancelOrderReference']);
      await eventually(() => notices(id).length > 0 || undefined, 10_000, 20);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(notices(id).map((t) => [t.hook, t.context.endState])).toEqual([['orderFailed', 'paidAnotherWay']]);
    });
  });
});
