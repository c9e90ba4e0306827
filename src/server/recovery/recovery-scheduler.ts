import type { Money } from '../../domain/types';
import type { ChargeJobKind } from './charge-machine';
import type { ServerJobKind } from './recovery-machine';
import type { RecoveryNotice } from './recovery-notice';

/** `machine`: the decline machine's timer (`sequence` = its timer id); the others are the server's own. */
export type RecoveryJobKind = 'machine' | ServerJobKind;

/** A unit of scheduled recovery work: a machine timer, a Checkout v2 charge's poll, or a merchant notice to deliver. */
export type RecoveryJob =
  | {
      readonly type: 'timer';
      readonly amazonOrderReferenceId: string;
      readonly kind: RecoveryJobKind;
      readonly sequence: number;
      /** The same timer run again as a job of its own: the n-th after runs that failed in passing (the runner's, not the queue's, retries). */
      readonly rerun?: number;
    }
  | { readonly type: 'chargeTimer'; readonly chargeId: string; readonly kind: ChargeJobKind; readonly sequence: number }
  | {
      readonly type: 'notice';
      /** A Checkout v2 charge's notices carry its charge permission id here. */
      readonly amazonOrderReferenceId: string;
      readonly noticeId: string;
      readonly notice: RecoveryNotice;
      /** Set on a Checkout v2 charge's notices (the order's is read from its recovery state). */
      readonly amount?: Money;
    };

/** A stable id per job: scheduling the same job twice keeps one. */
export function recoveryJobKey(job: RecoveryJob): string {
  switch (job.type) {
    case 'timer':
      return `${job.amazonOrderReferenceId}:${job.kind}:${job.sequence}${job.rerun ? `:rerun${job.rerun}` : ''}`;
    case 'chargeTimer':
      return `${job.chargeId}:${job.kind}:${job.sequence}`;
    case 'notice':
      return `${job.amazonOrderReferenceId}:notice:${job.noticeId}`;
  }
}

export type RecoveryWorker = (job: RecoveryJob) => Promise<void>;

/**
 * Runs recovery jobs later, once across every process sharing it. A job whose
 * worker throws is retried. {@link createMemoryScheduler} is the one-process
 * default; createPgBossScheduler survives restarts and spreads work over instances.
 */
export interface RecoveryScheduler {
  /** `transaction` is the store's {@link RecoveryTransaction.handle}: enqueue inside it when the scheduler can. */
  schedule(job: RecoveryJob, delayMs: number, transaction?: unknown): Promise<void>;
  start(worker: RecoveryWorker): Promise<void>;
  stop(): Promise<void>;
}

export interface MemorySchedulerOptions {
  /** Delay before a failed job runs again. Default 30 000 ms. */
  readonly retryDelayMs?: number;
  /** Attempts per job before it is given up (and reported). Default 5. */
  readonly maxAttempts?: number;
  readonly onError?: (error: unknown, job: RecoveryJob) => void;
}

/** setTimeout-based {@link RecoveryScheduler} (fake timers drive it in tests). Lost on restart. */
export function createMemoryScheduler(options: MemorySchedulerOptions = {}): RecoveryScheduler {
  const retryDelayMs = options.retryDelayMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const onError = options.onError ?? ((error: unknown) => console.error('[amazon-pay recovery]', error));
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let worker: RecoveryWorker | undefined;
  let stopped = false;
  /** Due before start(): run when a worker arrives. */
  const waiting: Array<() => void> = [];

  function arm(key: string, job: RecoveryJob, delayMs: number, attempt: number): void {
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        if (stopped) return;
        if (!worker) return void waiting.push(() => arm(key, job, 0, attempt));
        worker(job).catch((error: unknown) => {
          onError(error, job);
          if (attempt + 1 < maxAttempts && !stopped) arm(key, job, retryDelayMs, attempt + 1);
        });
      }, delayMs),
    );
  }

  return {
    async schedule(job, delayMs) {
      const key = recoveryJobKey(job);
      if (timers.has(key) || stopped) return;
      arm(key, job, Math.max(0, delayMs), 0);
    },
    async start(run) {
      worker = run;
      stopped = false;
      for (const resume of waiting.splice(0)) resume();
    },
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
