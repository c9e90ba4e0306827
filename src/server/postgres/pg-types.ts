/**
 * The parts of node-postgres (`pg`) the kit uses, as structural types: the
 * merchant passes a `new pg.Pool(...)`, and the kit's declarations need no
 * `@types/pg`.
 */
export interface PgQueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number | null;
}

export interface PgQueryable {
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<PgQueryResult<Row>>;
}

export interface PgNotification {
  readonly channel: string;
  readonly payload?: string;
}

export interface PgPoolClient extends PgQueryable {
  /** pg's quoting of a string as an SQL literal, for statements sent together in one simple query (which takes no parameters). */
  escapeLiteral(value: string): string;
  /** Pass the error to drop a broken connection instead of returning it to the pool. */
  release(error?: Error | boolean): void;
  on(event: 'notification', listener: (message: PgNotification) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
}

export interface PgPool extends PgQueryable {
  connect(): Promise<PgPoolClient>;
  /** pg.Pool emits 'connect' with each client it creates, and 'error' when an idle client's connection drops. */
  on?(event: 'connect', listener: (client: PgPoolClient) => void): unknown;
  on?(event: 'error', listener: (error: Error) => void): unknown;
}

const guardedPools = new WeakSet<PgPool>();

/**
 * A dropped connection must never end the merchant's process. pg.Pool re-emits an idle client's error (a
 * PostgreSQL restart: "terminating connection due to administrator command") on the pool, which throws
 * when the pool has no 'error' listener; and pg-pool leaves a client it has just connected without one
 * until the query that asked for it is sent. The pool gets a listener (the error goes to `report`, once
 * per pool) and every client it creates one that ignores the drop: the pool discards the broken client,
 * and the query that needed it fails, so the caller rolls back and the work is done again (an IPN is
 * answered 5xx and redelivered, a job retried).
 */
export function ignoreDroppedConnections(pool: PgPool, report: (error: Error) => void = reportDroppedConnection): void {
  if (guardedPools.has(pool) || typeof pool.on !== 'function') return;
  guardedPools.add(pool);
  pool.on('error', report);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
}

function reportDroppedConnection(error: Error): void {
  console.error('[amazon-pay] a PostgreSQL connection dropped (its work is retried):', error.message);
}

/** A schema name the kit interpolates into SQL: a plain lower-case identifier only. */
export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new TypeError(`Invalid PostgreSQL schema name ${JSON.stringify(schema)}: lower-case letters, digits and _ only.`);
  }
  return schema;
}

/**
 * Checks a client out of the pool with an 'error' listener for as long as it is out: pg emits a
 * connection dropped between two queries (failover, pg_terminate_backend) as an 'error' event, which
 * would otherwise crash the process. The next query on the client fails and the caller rolls back.
 */
export async function checkOut(pool: PgPool): Promise<PgPoolClient & { readonly checkIn: (error?: Error | boolean) => void }> {
  const client = await pool.connect();
  const ignoreDrop = (): void => undefined;
  client.on('error', ignoreDrop);
  return Object.assign(client, {
    checkIn(error?: Error | boolean) {
      client.removeListener('error', ignoreDrop);
      client.release(error);
    },
  });
}
