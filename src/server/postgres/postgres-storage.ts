import type { AuthorizationDetails } from '../../domain/types';
import type { OrderStore, StoredCompletion } from '../order-store';
import type { RecoveryState } from '../recovery/recovery-machine';
import type { ChargeRecoveryState } from '../recovery/charge-machine';
import type { ChargeRecoveryStore, LockedTransaction, RecoveryStore } from '../recovery/recovery-store';
import type { RecoveryEventLog } from '../recovery-event-log';
import { migrate } from './migrations';
import { eventBatch, queryRecoveryReport, recordEventsSql } from './recovery-events-sql';
import { assertSchemaName, checkOut, ignoreDroppedConnections, type PgPool, type PgPoolClient, type PgQueryResult } from './pg-types';

export interface PostgresStorageOptions {
  /** A `new pg.Pool({ connectionString })` of your own (pg 8). */
  readonly pool: PgPool;
  /** Schema holding the kit's tables; created on first use. Default `amazon_pay_recovery`. */
  readonly schema?: string;
  /**
   * Run the kit's migrations on first use. Default true; set false when your
   * deployment runs {@link migrate} itself before starting instances.
   */
  readonly migrate?: boolean;
}

/**
 * One store for the handler ({@link OrderStore}), the recovery runner
 * ({@link RecoveryStore}, {@link ChargeRecoveryStore}) and the recovery
 * report ({@link RecoveryEventLog}) over PostgreSQL.
 */
export interface PostgresStorage extends OrderStore, RecoveryStore, ChargeRecoveryStore, RecoveryEventLog {
  /** Resolves once the schema is at the newest version (the first call migrates). */
  ready(): Promise<void>;
  readonly schema: string;
}

interface AuthorizationRow {
  details: AuthorizationDetails;
}

/**
 * PostgreSQL storage: authorizations, completed checkout sessions, processed
 * notification ids and each order's recovery state. Work on one order runs
 * under a transaction-scoped advisory lock on its id, so instances sharing the
 * database never act on an order at the same time; the state and any job
 * enqueued with the transaction's handle commit together.
 */
export function createPostgresStorage(options: PostgresStorageOptions): PostgresStorage {
  const { pool } = options;
  ignoreDroppedConnections(pool);
  const schema = assertSchemaName(options.schema ?? 'amazon_pay_recovery');
  let migrated: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    if (options.migrate === false) return Promise.resolve();
    migrated ??= migrate(pool, schema).then(
      () => undefined,
      (error: unknown) => {
        migrated = undefined;
        throw error;
      },
    );
    return migrated;
  };
  const query = async <Row>(text: string, values: unknown[] = []) => {
    await ready();
    return pool.query<Row>(text, values);
  };

  const lockKey = (lock: string) => `react-amazon-pay-recovery:${lock}`;

  /**
   * The connections of this store's units of work, while they hold a lock: a call given one of them as its handle
   * runs on it. A unit that waited for a second connection could wait forever, the pool being full of units
   * waiting for its lock.
   */
  const lockHolders = new WeakSet<object>();
  const queryIn = <Row>(handle: unknown, text: string, values: unknown[]): Promise<PgQueryResult<Row>> =>
    typeof handle === 'object' && handle !== null && lockHolders.has(handle)
      ? (handle as PgPoolClient).query<Row>(text, values)
      : query<Row>(text, values);

  /**
   * Runs `work` in a transaction holding a transaction-scoped advisory lock on
   * `lock`, with the row's state; what it saves and the jobs it enqueues with
   * the handle commit together, or roll back together. BEGIN, the lock and the
   * first read go in one round trip (a simple query of three statements: each
   * takes its snapshot when it starts, so the read sees what the previous
   * holder of the lock committed).
   */
  async function withRowLock<S, T>(
    row: { lock: string; select: (key: string) => string; key: string },
    upsert: (client: PgPoolClient, state: S) => Promise<unknown>,
    work: (transaction: LockedTransaction<S>) => Promise<T>,
  ): Promise<T> {
    await ready();
    const client = await checkOut(pool);
    let bridged = false;
    lockHolders.add(client);
    try {
      const opened = (await client.query(
        `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(hashtextextended(${client.escapeLiteral(lockKey(row.lock))}, 0)); ${row.select(client.escapeLiteral(row.key))}`,
      )) as unknown as Array<PgQueryResult<{ state: S }>>;
      // The first load before any save is the read above; any other reads again.
      let opening: { state: S | undefined } | undefined = { state: opened[2]?.rows[0]?.state };
      const result = await work({
        handle: client,
        async load() {
          if (opening) {
            const { state } = opening;
            opening = undefined;
            return state;
          }
          const { rows } = await client.query<{ state: S }>(row.select('$1'), [row.key]);
          return rows[0]?.state;
        },
        async save(state) {
          opening = undefined;
          await upsert(client, state);
        },
        async commit(state) {
          opening = undefined;
          await upsert(client, state);
          // A session-level lock on the same key bridges the COMMIT, so no other unit takes the order in between.
          const key = `hashtextextended(${client.escapeLiteral(lockKey(row.lock))}, 0)`;
          bridged = true;
          await client.query(
            `SELECT pg_advisory_lock(${key}); COMMIT; BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(${key}); SELECT pg_advisory_unlock(${key})`,
          );
          bridged = false;
        },
      });
      await client.query('COMMIT');
      lockHolders.delete(client);
      client.checkIn();
      return result;
    } catch (error) {
      lockHolders.delete(client);
      // A connection that cannot even roll back is dropped, not reused.
      const rolledBack = await client.query(bridged ? 'ROLLBACK; SELECT pg_advisory_unlock_all()' : 'ROLLBACK').then(
        () => true,
        () => false,
      );
      client.checkIn(rolledBack ? undefined : error instanceof Error ? error : true);
      throw error;
    }
  }

  // Notifications arrive out of order: an older state never overwrites a newer one.
  const upsertAttempt = ([reference, order, authorization, state, details, lastUpdate]: readonly string[]) =>
    `INSERT INTO ${schema}.authorizations (authorization_reference_id, amazon_order_reference_id, amazon_authorization_id, state, details, last_update)
     VALUES (${reference}, ${order}, ${authorization}, ${state}, ${details}, ${lastUpdate})
     ON CONFLICT (authorization_reference_id) DO UPDATE
       SET amazon_authorization_id = EXCLUDED.amazon_authorization_id, state = EXCLUDED.state, details = EXCLUDED.details,
           last_update = EXCLUDED.last_update, updated_at = now()
       WHERE ${schema}.authorizations.last_update <= EXCLUDED.last_update`;
  const attemptValues = (attempt: AuthorizationDetails): string[] => [
    attempt.authorizationReferenceId,
    attempt.amazonOrderReferenceId,
    attempt.amazonAuthorizationId,
    attempt.state,
    JSON.stringify(attempt),
    attempt.lastUpdateTimestamp,
  ];

  const selectOrder = (key: string) => `SELECT state FROM ${schema}.orders WHERE amazon_order_reference_id = ${key}`;

  return {
    schema,
    ready,

    async saveAttempt(attempt, handle) {
      await queryIn(handle, upsertAttempt(['$1', '$2', '$3', '$4', '$5', '$6']), attemptValues(attempt));
    },

    async listAttempts(amazonOrderReferenceId, handle) {
      const { rows } = await queryIn<AuthorizationRow>(
        handle,
        `SELECT details FROM ${schema}.authorizations WHERE amazon_order_reference_id = $1 ORDER BY updated_at, authorization_reference_id`,
        [amazonOrderReferenceId],
      );
      return rows.map((row) => row.details);
    },

    async getCompletion(checkoutSessionId) {
      const { rows } = await query<StoredCompletion>(`SELECT request, result FROM ${schema}.completions WHERE checkout_session_id = $1`, [
        checkoutSessionId,
      ]);
      return rows[0];
    },

    async saveCompletion(completion) {
      await query(
        `INSERT INTO ${schema}.completions (checkout_session_id, request, result) VALUES ($1, $2, $3) ON CONFLICT (checkout_session_id) DO NOTHING`,
        [completion.request.checkoutSessionId, JSON.stringify(completion.request), JSON.stringify(completion.result)],
      );
    },

    async hasProcessedNotification(notificationId) {
      const { rows } = await query(`SELECT 1 FROM ${schema}.processed_notifications WHERE notification_id = $1`, [notificationId]);
      return rows.length > 0;
    },

    async markNotificationProcessed(notificationId) {
      const { rowCount } = await query(
        `INSERT INTO ${schema}.processed_notifications (notification_id) VALUES ($1) ON CONFLICT DO NOTHING`,
        [notificationId],
      );
      return rowCount === 1;
    },

    withOrderLock(amazonOrderReferenceId, work) {
      return withRowLock(
        { lock: `order:${amazonOrderReferenceId}`, select: selectOrder, key: amazonOrderReferenceId },
        (client, state) =>
          client.query(
            `INSERT INTO ${schema}.orders (amazon_order_reference_id, phase, state) VALUES ($1, $2, $3)
             ON CONFLICT (amazon_order_reference_id) DO UPDATE SET phase = EXCLUDED.phase, state = EXCLUDED.state, updated_at = now()`,
            [amazonOrderReferenceId, state.phase, JSON.stringify(state)],
          ),
        work,
      );
    },

    async peekOrder(amazonOrderReferenceId, options) {
      await ready();
      const client = await checkOut(pool);
      try {
        // One round trip: the attempt (if any) is saved first, as saveAttempt would; the lock is tried, not waited for,
        // and held until COMMIT, so the read is what withOrderLock would load.
        const save = options?.attempt
          ? `${upsertAttempt(attemptValues(options.attempt).map((value) => client.escapeLiteral(value)))}; `
          : '';
        const results = (await client.query(
          `BEGIN ISOLATION LEVEL READ COMMITTED; ${save}SELECT pg_try_advisory_xact_lock(hashtextextended(${client.escapeLiteral(lockKey(`order:${amazonOrderReferenceId}`))}, 0)) AS idle; ${selectOrder(client.escapeLiteral(amazonOrderReferenceId))}; COMMIT`,
        )) as unknown as PgQueryResult<{ idle?: boolean; state?: RecoveryState }>[];
        client.checkIn();
        const [tried, read] = results.slice(save ? 2 : 1);
        return tried?.rows[0]?.idle ? { busy: false, state: read?.rows[0]?.state } : { busy: true };
      } catch (error) {
        client.checkIn(error instanceof Error ? error : true);
        throw error;
      }
    },

    withChargeLock(chargeId, work) {
      return withRowLock(
        { lock: `charge:${chargeId}`, select: (key) => `SELECT state FROM ${schema}.charges WHERE charge_id = ${key}`, key: chargeId },
        (client, state) =>
          client.query(
            `INSERT INTO ${schema}.charges (charge_id, charge_permission_id, phase, state) VALUES ($1, $2, $3, $4)
             ON CONFLICT (charge_id) DO UPDATE SET phase = EXCLUDED.phase, state = EXCLUDED.state, updated_at = now()`,
            [chargeId, state.checkout.chargePermissionId, state.phase, JSON.stringify(state)],
          ),
        work,
      );
    },

    async listChargeRecoveries() {
      const { rows } = await query<{ state: ChargeRecoveryState }>(`SELECT state FROM ${schema}.charges ORDER BY created_at`);
      return rows.map((row) => row.state);
    },

    async recordEvents(events, handle) {
      if (events.length === 0) return;
      // Inside the order's transaction when the runner passes its handle: the events commit with the state.
      const client = handle as PgPoolClient | undefined;
      if (client && typeof client.query === 'function') await client.query(recordEventsSql(schema), [eventBatch(events)]);
      else await query(recordEventsSql(schema), [eventBatch(events)]);
    },

    async getRecoveryReport(reportQuery) {
      await ready();
      return queryRecoveryReport(pool, schema, reportQuery);
    },

    async listRecoveries() {
      const { rows } = await query<{ state: RecoveryState }>(`SELECT state FROM ${schema}.orders ORDER BY created_at`);
      return rows.map((row) => row.state);
    },
  };
}
