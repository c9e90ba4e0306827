/**
 * Where the server records what the kit saw (declines, recoveries, losses,
 * completed checkouts, the tab's funnel events) and reads the recovery report
 * back. {@link createMemoryEventLog} keeps it in process memory;
 * createPostgresStorage implements it over PostgreSQL (rollups, SQL).
 */
import type { RecordedRecoveryEvent } from '../domain/recovery-events';
import { aggregateRecoveryReport, type RecoveryReport, type RecoveryReportQuery } from '../domain/recovery-report';

export interface RecoveryEventLog {
  /**
   * Records events; one whose `id` was recorded already is skipped (a retried
   * unit of work records nothing twice). `handle` is a store's transaction
   * handle (LockedTransaction.handle): a log that shares that store records
   * inside the transaction, so the events commit with the state that caused them.
   */
  recordEvents(events: readonly RecordedRecoveryEvent[], handle?: unknown): Promise<void>;
  /** What the kit won back in [from, to) (src/domain/recovery-report.ts defines every figure). */
  getRecoveryReport(query: RecoveryReportQuery): Promise<RecoveryReport>;
}

export interface MemoryEventLogOptions {
  /** Events kept; the oldest go first beyond it. Default 100,000. */
  readonly maxEvents?: number;
}

/** Whether `value` records events (a store may or may not). */
export function isRecoveryEventLog(value: unknown): value is RecoveryEventLog {
  const log = value as Partial<RecoveryEventLog> | undefined;
  return typeof log?.recordEvents === 'function' && typeof log.getRecoveryReport === 'function';
}

/** The in-memory {@link RecoveryEventLog}: one process, lost on restart, at most `maxEvents`. */
export function createMemoryEventLog(options: MemoryEventLogOptions = {}): RecoveryEventLog {
  const maxEvents = options.maxEvents ?? 100_000;
  // Insertion-ordered: the report breaks ties of `at` by recording order, as PostgreSQL's rollups do.
  const events = new Map<string, RecordedRecoveryEvent>();
  return {
    async recordEvents(batch) {
      for (const event of batch) {
        if (events.has(event.id)) continue;
        events.set(event.id, event);
        if (events.size > maxEvents) events.delete(events.keys().next().value!);
      }
    },
    async getRecoveryReport(query) {
      return aggregateRecoveryReport(events.values(), query);
    },
  };
}
