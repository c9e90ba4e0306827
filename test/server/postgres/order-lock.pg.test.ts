/**
 * The order lock's reads on a real PostgreSQL: withOrderLock sends BEGIN, the
 * advisory lock and the first read in one simple query, and peekOrder reads
 * under a tried lock (the IPN path's shortcut for an order with no recovery).
 * Both must see what the previous holder of the lock committed, whatever the
 * database's default isolation, and quote any order id.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizationDetails } from '../../../src/domain/types';
import { createPostgresStorage, type PostgresStorage } from '../../../src/server';
import { startedRecoveryState, type RecoveryState } from '../../../src/server/recovery/recovery-machine';
import { withTestDatabase } from './database';

const database = withTestDatabase();
let pool: pg.Pool;
let storage: PostgresStorage;

beforeAll(async () => {
  // A merchant's database may default to another isolation level: the kit's lock reads must not depend on it.
  pool = new pg.Pool({ connectionString: database.url, options: '-c default_transaction_isolation=repeatable\\ read' });
  storage = createPostgresStorage({ pool });
  await storage.ready();
});
afterAll(() => pool?.end());

const stateOf = (amazonOrderReferenceId: string): RecoveryState =>
  startedRecoveryState({
    amazonOrderReferenceId,
    amount: { amount: '94.50', currencyCode: 'USD' },
    mode: 'async',
    accountUrl: 'https://pay.amazon.com/',
    at: 0,
    jitter: 0,
  });

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('the order lock on PostgreSQL', () => {
  it('peekOrder: no state and idle for an unknown order; busy while another unit of work holds the lock; the committed state after', async () => {
    const id = 'S01-1000001-2000001';
    expect(await storage.peekOrder!(id)).toEqual({ busy: false, state: undefined });
    const held = deferred();
    const entered = deferred();
    const work = storage.withOrderLock(id, async (transaction) => {
      entered.resolve();
      await held.promise;
      await transaction.save(stateOf(id));
    });
    await entered.promise;
    expect(await storage.peekOrder!(id)).toEqual({ busy: true });
    held.resolve();
    await work;
    const peek = await storage.peekOrder!(id);
    expect(peek.busy).toBe(false);
    expect(!peek.busy && peek.state?.amazonOrderReferenceId).toBe(id);
  });

  it('a unit of work waiting for the lock loads what the holder committed (under a repeatable-read default)', async () => {
    const id = 'S01-1000002-2000002';
    const held = deferred();
    const entered = deferred();
    const first = storage.withOrderLock(id, async (transaction) => {
      expect(await transaction.load()).toBeUndefined();
      entered.resolve();
      await held.promise;
      await transaction.save(stateOf(id));
    });
    await entered.promise;
    const second = storage.withOrderLock(id, (transaction) => transaction.load());
    // The second is waiting on the lock (its BEGIN and lock are sent); let it start before the first commits.
    await new Promise((resolve) => setTimeout(resolve, 100));
    held.resolve();
    await first;
    expect((await second)?.amazonOrderReferenceId).toBe(id);
  });

  it('quotes any order id in the one-round-trip statements', async () => {
    const id = "S01-it's-\\a\\-id";
    await storage.withOrderLock(id, async (transaction) => {
      expect(await transaction.load()).toBeUndefined();
      await transaction.save(stateOf(id));
      // A load after a save reads the saved state.
      expect((await transaction.load())?.amazonOrderReferenceId).toBe(id);
    });
    expect((await storage.withOrderLock(id, (transaction) => transaction.load()))?.amazonOrderReferenceId).toBe(id);
    const peek = await storage.peekOrder!(id);
    expect(!peek.busy && peek.state?.amazonOrderReferenceId).toBe(id);
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${storage.schema}.orders`);
    expect(rows[0]!.n).toBe('3');
  });

  it('peekOrder with an attempt saves it in the same round trip, idle or busy, keeping the newer copy and quoting every value', async () => {
    const id = "S01-1000003-2000003'x";
    const attempt = (state: AuthorizationDetails['state'], lastUpdateTimestamp: string): AuthorizationDetails => ({
      amazonAuthorizationId: `${id}-A000001`,
      amazonOrderReferenceId: id,
      authorizationReferenceId: "srv-1\\'; DROP TABLE x; --",
      state,
      amount: { amount: '94.50', currencyCode: 'USD' },
      lastUpdateTimestamp,
    });
    expect(await storage.peekOrder!(id, { attempt: attempt('Open', '2026-12-05T10:00:00.000Z') })).toEqual({
      busy: false,
      state: undefined,
    });
    expect((await storage.listAttempts(id)).map((a) => a.state)).toEqual(['Open']);
    // An older notification never overwrites a newer state.
    await storage.peekOrder!(id, { attempt: attempt('Pending', '2026-12-05T09:00:00.000Z') });
    expect((await storage.listAttempts(id)).map((a) => a.state)).toEqual(['Open']);
    const held = deferred();
    const entered = deferred();
    const work = storage.withOrderLock(id, async () => {
      entered.resolve();
      await held.promise;
    });
    await entered.promise;
    expect(await storage.peekOrder!(id, { attempt: attempt('Closed', '2026-12-05T11:00:00.000Z') })).toEqual({ busy: true });
    held.resolve();
    await work;
    expect((await storage.listAttempts(id)).map((a) => a.state)).toEqual(['Closed']);
  });

  it('commit (the write-ahead before an Authorize): survives the unit failing after it, keeps the lock across the COMMIT, leaves no lock behind', async () => {
    const id = 'S01-1000003-2000003';
    const ahead = { ...stateOf(id), revision: 7 };
    const committed = deferred();
    const other = deferred();
    let otherLoaded: RecoveryState | undefined | null = null;
    const unit = storage.withOrderLock(id, async (transaction) => {
      await transaction.commit(ahead);
      committed.resolve();
      await other.promise;
      // Still the lock's holder after the COMMIT: another unit waits, a peek finds it busy.
      expect(otherLoaded).toBeNull();
      expect(await storage.peekOrder!(id)).toEqual({ busy: true });
      throw new Error('the process stopped');
    });
    await committed.promise;
    const waiting = storage.withOrderLock(id, async (transaction) => void (otherLoaded = await transaction.load()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    other.resolve();
    await expect(unit).rejects.toThrow('the process stopped');
    await waiting;
    expect(otherLoaded).toMatchObject({ revision: 7 }); // what was committed ahead survives the failure after it
    expect(await storage.peekOrder!(id)).toMatchObject({ busy: false, state: { revision: 7 } });
    const { rows } = await pool.query<{ count: string }>(
      "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    expect(rows[0]!.count).toBe('0');
  });
});
