import { randomUUID } from 'node:crypto';
import type { BackendUpdate } from '../../domain/server-recovery';
import { createUpdateHub, type UpdateHub, type UpdateHubOptions } from '../update-hub';
import { ignoreDroppedConnections, type PgNotification, type PgPool, type PgPoolClient } from './pg-types';

export interface PostgresUpdateHubOptions extends UpdateHubOptions {
  readonly pool: PgPool;
  /** NOTIFY channel shared by the instances. Default `amazon_pay_updates`. */
  readonly channel?: string;
  /** Delay before listening again after the connection dropped. Default 1000 ms. */
  readonly reconnectDelayMs?: number;
  /** A failed NOTIFY or a dropped LISTEN connection. Default console.error. */
  readonly onError?: (error: unknown) => void;
}

export interface PostgresUpdateHub extends UpdateHub {
  /** Resolves once this instance listens (call before serving event streams). */
  start(): Promise<void>;
  close(): Promise<void>;
}

interface Envelope {
  readonly origin: string;
  readonly id: string;
  readonly update: BackendUpdate;
}

/** PostgreSQL's NOTIFY payload limit is 8000 bytes. */
const MAX_PAYLOAD_BYTES = 7900;

/**
 * The {@link UpdateHub} across instances: a publish reaches this instance's
 * streams at once and every other instance's through NOTIFY on one channel,
 * which each instance LISTENs to on a connection of its own. Resume buffers
 * (Last-Event-ID) are per instance, filled by both paths.
 */
export function createPostgresUpdateHub(options: PostgresUpdateHubOptions): PostgresUpdateHub {
  const { pool } = options;
  ignoreDroppedConnections(pool);
  const channel = options.channel ?? 'amazon_pay_updates';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new TypeError(`Invalid NOTIFY channel ${JSON.stringify(channel)}.`);
  const reconnectDelayMs = options.reconnectDelayMs ?? 1000;
  const onError = options.onError ?? ((error: unknown) => console.error('[amazon-pay update hub]', error));
  const local = createUpdateHub(options);
  const origin = randomUUID();
  let listener: PgPoolClient | undefined;
  let closed = false;
  let starting: Promise<void> | undefined;

  function receive(message: PgNotification): void {
    if (message.channel !== channel || !message.payload) return;
    try {
      const envelope = JSON.parse(message.payload) as Envelope;
      if (envelope.origin !== origin) local.publish(envelope.id, envelope.update);
    } catch (error) {
      onError(error);
    }
  }

  /** Drops this hub's listeners; a late 'error' from the dying connection must still have one, or it crashes the process. */
  function forget(client: PgPoolClient): void {
    client.removeAllListeners();
    client.on('error', () => undefined);
  }

  async function listen(): Promise<void> {
    const client = await pool.connect();
    const lost = (error?: Error) => {
      if (listener !== client) return;
      listener = undefined;
      forget(client);
      client.release(error ?? true);
      if (error) onError(error);
      if (!closed) setTimeout(reconnect, reconnectDelayMs);
    };
    client.on('notification', receive);
    client.on('error', (error) => lost(error));
    client.on('end', () => lost());
    listener = client;
    await client.query(`LISTEN ${channel}`);
  }

  function reconnect(): void {
    if (closed || listener) return;
    listen().catch((error: unknown) => {
      onError(error);
      if (!closed) setTimeout(reconnect, reconnectDelayMs);
    });
  }

  return {
    start() {
      starting ??= listen();
      return starting;
    },
    async close() {
      closed = true;
      const client = listener;
      listener = undefined;
      if (client) {
        forget(client);
        await client.query(`UNLISTEN ${channel}`).catch(() => undefined);
        client.release();
      }
    },
    publish(id, update) {
      local.publish(id, update);
      const payload = JSON.stringify({ origin, id, update } satisfies Envelope);
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
        onError(
          new RangeError(`An update of ${id} is too large for NOTIFY (${Buffer.byteLength(payload)} bytes); other instances miss it.`),
        );
        return;
      }
      pool.query('SELECT pg_notify($1, $2)', [channel, payload]).catch(onError);
    },
    subscribe: local.subscribe,
    since: local.since,
  };
}
