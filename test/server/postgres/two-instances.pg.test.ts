/**
 * Two merchant server instances on two ports sharing one PostgreSQL database
 * (and one Amazon): updates fan out across them, a scheduled re-authorization
 * runs once, and an instance killed before its retry is due loses nothing.
 */
import type { AuthorizationDetails } from '../../../src/domain/types';
import { createFakeAmazon, type ScriptedOutcome } from '../fake-amazon';
import { withTestDatabase } from './database';
import {
  FAST_MACHINE,
  authorizeAsync,
  deliver,
  eventually,
  nextNotificationId,
  openEventStream,
  startInstance,
  type HookCall,
  type Instance,
} from './instance';

const database = withTestDatabase();
const amazon = createFakeAmazon();
const hookCalls: HookCall[] = [];
let a: Instance;
let b: Instance;
let orderCounter = 0;

beforeAll(async () => {
  a = await startInstance({ name: 'A', databaseUrl: database.url, amazon, hookCalls });
  b = await startInstance({ name: 'B', databaseUrl: database.url, amazon, hookCalls });
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
});

async function placeOrder(via: Instance, outcomes: readonly ScriptedOutcome[]): Promise<string> {
  const id = `P02-${String(5000000 + ++orderCounter)}-${String(1000000 + orderCounter)}`;
  amazon.openOrder(id);
  amazon.script(id, outcomes);
  expect((await authorizeAsync(via, id, `${id.replace(/-/g, '')}-0`)).status).toBe(200);
  return id;
}

async function amazonSettlesNext(id: string, via: Instance): Promise<AuthorizationDetails> {
  const pending = await eventually(() => amazon.authorizations(id).find((x) => x.state === 'Pending'));
  const settled = amazon.settle(pending.amazonAuthorizationId);
  expect((await deliver(via, { kind: 'authorization', notificationId: nextNotificationId(), authorization: settled })).status).toBe(200);
  return settled;
}

const phaseOf = async (id: string) => (await a.runner.get(id))?.phase;

describe('two instances, one database', () => {
  it('a notification posted to one instance reaches an event stream opened on the other', async () => {
    const id = await placeOrder(a, [{ state: 'Open' }]);
    const stream = await openEventStream(b, id);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const settled = await amazonSettlesNext(id, a);
      const event = await eventually(() =>
        stream.events.find((e) => e.type === 'authorization' && (e.authorization as AuthorizationDetails).state === 'Open'),
      );
      expect((event.authorization as AuthorizationDetails).amazonAuthorizationId).toBe(settled.amazonAuthorizationId);
    } finally {
      stream.close();
    }
  });

  it('a scheduled re-authorization runs once with both instances working', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1)
      ids.push(await placeOrder(i % 2 ? a : b, [{ state: 'Declined', reasonCode: 'ProcessingFailure' }, { state: 'Open' }]));
    for (const [i, id] of ids.entries()) await amazonSettlesNext(id, i % 2 ? b : a);
    for (const [i, id] of ids.entries()) await amazonSettlesNext(id, i % 2 ? a : b);
    for (const id of ids) await eventually(async () => (await phaseOf(id)) === 'authorized');
    for (const id of ids) {
      // One first authorization through the handler, one retry by whichever instance took the job.
      expect(amazon.sequence(id).filter((call) => call === 'Authorize')).toHaveLength(2);
      expect(amazon.authorizations(id)).toHaveLength(2);
    }
    await eventually(() =>
      ids.every((id) => hookCalls.some((c) => c.context.amazonOrderReferenceId === id && c.hook === 'orderAuthorized')),
    );
    for (const id of ids)
      expect(hookCalls.filter((c) => c.context.amazonOrderReferenceId === id && c.hook === 'orderAuthorized')).toHaveLength(1);
  });

  it('an instance killed before its retry is due loses nothing: the other one runs it', async () => {
    const slow = { ...FAST_MACHINE, policy: { retryDelayMs: [2_000, 2_000] as const } };
    const c = await startInstance({ name: 'C', databaseUrl: database.url, amazon, hookCalls, machine: slow });
    const d = await startInstance({ name: 'D', databaseUrl: database.url, amazon, hookCalls, machine: slow });
    try {
      const id = await placeOrder(c, [{ state: 'Declined', reasonCode: 'ProcessingFailure' }, { state: 'Open' }]);
      await amazonSettlesNext(id, c); // C schedules the retry in 2 s
      expect(await c.runner.get(id)).toMatchObject({ phase: 'retryScheduled' });
      await c.kill();
      await amazonSettlesNext(id, d);
      await eventually(async () => ((await d.runner.get(id))?.phase === 'authorized' ? true : undefined));
      expect(amazon.sequence(id).filter((call) => call === 'Authorize')).toHaveLength(2);
    } finally {
      await c.stop();
      await d.stop();
    }
  });
});
