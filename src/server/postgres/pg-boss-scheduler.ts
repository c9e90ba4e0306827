import { createHash } from 'node:crypto';
import { recoveryJobKey, type RecoveryJob, type RecoveryScheduler, type RecoveryWorker } from '../recovery/recovery-scheduler';
import type { PgQueryable } from './pg-types';

/** The parts of a started pg-boss 10 instance the scheduler uses. */
export interface PgBossLike {
  createQueue(name: string, options?: object): Promise<void>;
  send(name: string, data: object, options: object): Promise<string | null>;
  work(name: string, options: object, handler: (jobs: Array<{ id: string; data: unknown }>) => Promise<unknown>): Promise<string>;
  offWork(name: string): Promise<void>;
  /** pg-boss is an EventEmitter: an 'error' without a listener would end the process. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  /** The connection pg-boss runs its statements on (pg-boss 10: its own pool, or the `db` it was given). */
  getDb?(): PgBossDb;
}

/** pg-boss's database adapter: `executeSql` is the one method every statement goes through. */
export interface PgBossDb {
  executeSql(text: string, values?: unknown[]): Promise<unknown>;
}

export interface PgBossSchedulerOptions {
  /** `new PgBoss({ connectionString })`, started (`await boss.start()`). pg-boss 10.4 (Node 20). */
  readonly boss: PgBossLike;
  /** Default `amazon-pay-recovery`. */
  readonly queue?: string;
  /** How often each instance looks for due jobs. Default 2 s (pg-boss's minimum is 0.5 s). */
  readonly pollingIntervalSeconds?: number;
  /** Retries of a job whose worker threw (Amazon 5xx, a dropped connection). Default 8, backing off from 30 s. */
  readonly retryLimit?: number;
  readonly retryDelaySeconds?: number;
  /** A job running longer than this is taken as lost (its instance died) and run again. Default 300 s. */
  readonly expireInSeconds?: number;
  /**
   * pg-boss's 'error' events (its polling and maintenance while the database is away) and a job it could
   * not mark done or failed (the connection dropped then: the job runs again once it expires); the scheduler
   * listens so they never end the process, and pg-boss carries on once the database is back.
   * Default: console.error of the message.
   */
  readonly onError?: (error: Error) => void;
}

/** A UUID derived from the job's key: sending the same job twice keeps one (pg-boss inserts ON CONFLICT DO NOTHING). */
function jobUuid(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The queues whose completions are guarded, per pg-boss database adapter. */
const guardedQueues = new WeakMap<PgBossDb, Set<string>>();

/** pg-boss's statements that mark jobs of a queue done (`completed_on`) or failed (`retried_jobs`) by id. */
function marksJobsDone(text: string, values: unknown[] | undefined, queues: ReadonlySet<string>): boolean {
  return (
    typeof values?.[0] === 'string' &&
    queues.has(values[0]) &&
    text.includes('UNNEST($2::uuid[])') &&
    (text.includes('completed_on = now()') || text.includes('retried_jobs'))
  );
}

/**
 * pg-boss 10 marks a job done or failed after its handler without awaiting it (pg-boss 12 awaits), so a
 * connection dropped at that moment (a restart, a failover) rejects a promise no one handles, and Node ends
 * the process. For this queue those two statements report the failure and resolve instead: the job stays
 * active, expires (`expireInSeconds`) and runs again, which recovery jobs allow (each run re-reads the state).
 */
function guardCompletions(boss: PgBossLike, queue: string, report: (error: Error) => void): void {
  const db = boss.getDb?.();
  if (!db || typeof db.executeSql !== 'function') return;
  const known = guardedQueues.get(db);
  if (known) {
    known.add(queue);
    return;
  }
  const queues = new Set([queue]);
  guardedQueues.set(db, queues);
  const execute = db.executeSql.bind(db);
  db.executeSql = (text, values) => {
    const running = execute(text, values);
    if (!marksJobsDone(text, values, queues)) return running;
    return running.catch((error: unknown) => {
      report(error instanceof Error ? error : new Error(String(error)));
      return undefined;
    });
  };
}

function isQueryable(handle: unknown): handle is PgQueryable {
  return typeof (handle as PgQueryable | undefined)?.query === 'function';
}

/**
 * The {@link RecoveryScheduler} over pg-boss: jobs live in PostgreSQL, so a
 * retry survives a restart; each runs on one instance at a time (pg-boss
 * fetches with SKIP LOCKED), and the recovery state's own checks make a
 * repeated run (after an instance died mid-job) do nothing twice. A job asked
 * for inside a storage transaction is inserted in that transaction.
 */
export function createPgBossScheduler(options: PgBossSchedulerOptions): RecoveryScheduler {
  const { boss } = options;
  const report = options.onError ?? ((error: Error) => console.error('[amazon-pay] pg-boss:', error.message));
  boss.on?.('error', report);
  const queue = options.queue ?? 'amazon-pay-recovery';
  guardCompletions(boss, queue, report);
  let created: Promise<void> | undefined;
  const ensureQueue = () => {
    created ??= boss.createQueue(queue).catch(async (error: unknown) => {
      created = undefined;
      throw error;
    });
    return created;
  };

  return {
    async schedule(job: RecoveryJob, delayMs: number, transaction?: unknown) {
      await ensureQueue();
      await boss.send(queue, job, {
        id: jobUuid(recoveryJobKey(job)),
        startAfter: new Date(Date.now() + Math.max(0, delayMs)),
        retryLimit: options.retryLimit ?? 8,
        retryDelay: options.retryDelaySeconds ?? 30,
        retryBackoff: true,
        expireInSeconds: options.expireInSeconds ?? 300,
        ...(isQueryable(transaction) ? { db: { executeSql: (text: string, values: unknown[]) => transaction.query(text, values) } } : {}),
      });
    },
    async start(worker: RecoveryWorker) {
      await ensureQueue();
      await boss.work(queue, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) await worker(job.data as RecoveryJob);
      });
    },
    async stop() {
      await boss.offWork(queue);
    },
  };
}
