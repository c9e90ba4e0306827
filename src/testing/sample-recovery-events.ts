/**
 * A realistic, reproducible set of recorded recovery events for trying the
 * recovery report (Storybook, the benchmarks, tests): pop-up journeys and
 * declined orders over `days`, with Amazon's decline reasons in plausible
 * shares, the kit's recovery rates per reason and times to recovery from
 * minutes (a buyer picking another card) to hours (the server's async path).
 */
import type { RecordedRecoveryEvent } from '../domain/recovery-events';
import type { CurrencyCode } from '../domain/types';
import { seededRandom } from './seeded-random';

export interface SampleRecoveryEventsOptions {
  /** The first day (ms since the epoch). */
  readonly start: number;
  readonly days: number;
  /** Declined orders per day (on average). Default 40. */
  readonly declinesPerDay?: number;
  /** Pop-up journeys per day (on average). Default 120. */
  readonly journeysPerDay?: number;
  /** The same seed gives the same events. Default 1. */
  readonly seed?: number;
  /** Default EUR. */
  readonly currency?: CurrencyCode;
}

const REASONS = [
  { reasonCode: 'InvalidPaymentMethod', share: 0.55, recovered: 0.62, soft: 0.3 },
  { reasonCode: 'ProcessingFailure', share: 0.15, recovered: 0.7, soft: 1 },
  { reasonCode: 'AmazonRejected', share: 0.18, recovered: 0.05, soft: 0 },
  { reasonCode: 'TransactionTimedOut', share: 0.12, recovered: 0.45, soft: 1 },
] as const;

const TRIGGERS = ['fadeIn', 'exitIntent', 'inactivity'] as const;

/** Calls `emit` with every event, in time order per order, day by day (for large sets, without holding them all). */
export function forEachSampleRecoveryEvent(options: SampleRecoveryEventsOptions, emit: (event: RecordedRecoveryEvent) => void): void {
  const random = seededRandom(options.seed ?? 1);
  const currencyCode = options.currency ?? 'EUR';
  const declinesPerDay = options.declinesPerDay ?? 40;
  const journeysPerDay = options.journeysPerDay ?? 120;
  const money = (min: number, max: number) => ({ amount: (min + random() * (max - min)).toFixed(2), currencyCode });
  let serial = 0;
  for (let day = 0; day < options.days; day += 1) {
    const dayStart = options.start + day * 86_400_000;
    const declines = Math.round(declinesPerDay * (0.7 + random() * 0.6));
    for (let i = 0; i < declines; i += 1) {
      const n = ++serial;
      const orderKey = `S01-${String(1_000_000 + (n % 9_000_000)).padStart(7, '0')}-${String(n).padStart(7, '0')}`;
      let pick = random();
      const reason = REASONS.find((r) => (pick -= r.share) < 0) ?? REASONS[0];
      const mode = reason.reasonCode === 'TransactionTimedOut' || random() < 0.3 ? 'async' : 'sync';
      const decidedBy = mode === 'async' && random() < 0.8 ? 'server' : 'tab';
      const at = dayStart + Math.floor(random() * 86_400_000);
      const amount = money(12, 240);
      emit({
        id: `decline:${orderKey}-A1`,
        at,
        type: 'declineSeen',
        orderKey,
        reasonCode: reason.reasonCode,
        mode,
        decline: random() < reason.soft ? 'soft' : 'hard',
        decidedBy,
        amount,
      });
      const outcome = random();
      if (outcome < reason.recovered) {
        // Sync: the buyer picks another method within minutes; async: the server retries or e-mails, hours.
        const delay = mode === 'sync' ? 30_000 + random() * 600_000 : 600_000 + random() * 20 * 3_600_000;
        emit({ id: `recovered:${orderKey}`, at: at + Math.floor(delay), type: 'recovered', orderKey, mode, decidedBy, amount });
      } else if (outcome < 0.97) {
        if (random() < 0.4) emit({ id: `other:${orderKey}`, at: at + 20_000, type: 'otherMethodChosen', orderKey });
        emit({
          id: `lost:${orderKey}`,
          at: at + Math.floor(60_000 + random() * 3 * 3_600_000),
          type: 'lost',
          orderKey,
          decidedBy,
          endState: mode === 'async' ? 'expired' : 'canceled',
          reasonCode: reason.reasonCode,
        });
      }
    }
    const journeys = Math.round(journeysPerDay * (0.7 + random() * 0.6));
    for (let i = 0; i < journeys; i += 1) {
      const merchantReferenceId = `order-${++serial}`;
      const at = dayStart + Math.floor(random() * 86_400_000);
      emit({
        id: `shown:${merchantReferenceId}`,
        at,
        type: 'popupShown',
        merchantReferenceId,
        trigger: TRIGGERS[Math.floor(random() * 3)]!,
      });
      if (random() < 0.35) {
        emit({ id: `chosen:${merchantReferenceId}`, at: at + 8_000, type: 'amazonPayChosen', merchantReferenceId });
        if (random() < 0.78) {
          emit({
            id: `completed:${merchantReferenceId}`,
            at: at + 90_000,
            type: 'checkoutCompleted',
            merchantReferenceId,
            checkoutSessionId: `cs-${merchantReferenceId}`,
            amount: money(15, 180),
          });
        }
      } else if (random() < 0.6)
        emit({ id: `dismissed:${merchantReferenceId}`, at: at + 4_000, type: 'popupDismissed', merchantReferenceId });
    }
  }
}

/** The sample events as a list. */
export function sampleRecoveryEvents(options: SampleRecoveryEventsOptions): RecordedRecoveryEvent[] {
  const events: RecordedRecoveryEvent[] = [];
  forEachSampleRecoveryEvent(options, (event) => events.push(event));
  return events;
}
