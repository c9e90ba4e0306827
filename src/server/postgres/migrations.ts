import { assertSchemaName, checkOut, type PgPool } from './pg-types';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** SQL with `{schema}` for the kit's schema. */
  readonly sql: string;
}

/**
 * The kit's schema, one entry per version. Never edit a released entry: add
 * the next version. Each runs once, in order, inside one transaction.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'orders, authorizations, completions, processed notifications',
    sql: `
      CREATE TABLE {schema}.authorizations (
        authorization_reference_id text PRIMARY KEY,
        amazon_order_reference_id text NOT NULL,
        amazon_authorization_id text NOT NULL,
        state text NOT NULL,
        details jsonb NOT NULL,
        last_update timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX authorizations_by_order ON {schema}.authorizations (amazon_order_reference_id);
      CREATE TABLE {schema}.completions (
        checkout_session_id text PRIMARY KEY,
        request jsonb NOT NULL,
        result jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE {schema}.processed_notifications (
        notification_id text PRIMARY KEY,
        processed_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE {schema}.orders (
        amazon_order_reference_id text PRIMARY KEY,
        phase text NOT NULL,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX orders_by_phase ON {schema}.orders (phase);
    `,
  },
  {
    version: 2,
    name: 'charges: the watch over Checkout v2 asynchronous charges',
    sql: `
      CREATE TABLE {schema}.charges (
        charge_id text PRIMARY KEY,
        charge_permission_id text NOT NULL,
        phase text NOT NULL,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX charges_by_phase ON {schema}.charges (phase);
    `,
  },
  {
    version: 3,
    name: 'recovery events and their report rollups',
    sql: `
      CREATE TABLE {schema}.recovery_events (
        id text PRIMARY KEY,
        at timestamptz NOT NULL,
        type text NOT NULL,
        order_key text,
        merchant_reference_id text,
        checkout_session_id text,
        trigger text,
        reason_code text,
        mode text,
        decline text,
        decided_by text,
        amount numeric,
        currency text,
        end_state text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX recovery_events_by_at ON {schema}.recovery_events (at);
      CREATE TABLE {schema}.recovery_orders (
        order_key text PRIMARY KEY,
        first_decline_at timestamptz,
        reason_code text,
        path text,
        recovered_at timestamptz,
        recovered_amount numeric,
        recovered_currency text,
        lost_at timestamptz,
        other_method_at timestamptz
      );
      CREATE INDEX recovery_orders_by_first_decline ON {schema}.recovery_orders (first_decline_at)
        INCLUDE (reason_code, path, recovered_at, recovered_amount, recovered_currency, lost_at, other_method_at);
      CREATE TABLE {schema}.recovery_journeys (
        merchant_reference_id text PRIMARY KEY,
        shown_at timestamptz,
        dismissed_at timestamptz,
        chosen_at timestamptz,
        completed_at timestamptz,
        completed_amount numeric,
        completed_currency text
      );
      CREATE INDEX recovery_journeys_by_shown ON {schema}.recovery_journeys (shown_at)
        INCLUDE (dismissed_at, chosen_at, completed_at, completed_amount, completed_currency);
    `,
  },
];

/**
 * Brings the schema to the newest version. Safe to run from several instances
 * at once (an advisory lock serializes them); a failed migration rolls back whole.
 * Resolves with the versions it applied.
 */
export async function migrate(pool: PgPool, schema: string, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  assertSchemaName(schema);
  const client = await checkOut(pool);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`react-amazon-pay-recovery:migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`);
    const done = new Set(rows.map((row) => row.version));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql.replaceAll('{schema}', schema));
      await client.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    client.checkIn();
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.checkIn(error instanceof Error ? error : true);
    throw error;
  }
}
