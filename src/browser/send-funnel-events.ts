/**
 * The tab's funnel events to the kit's server (POST {baseUrl}/events, on when
 * the handler sets `funnelEvents`): what a merchant passes as the provider's
 * `onEvent`, or calls from their own. Its own entry
 * (`react-amazon-pay-recovery/events`): a page that does not import it carries none of it.
 */
import { MAX_FUNNEL_EVENTS_PER_REQUEST } from '../contract/report-routes';
import { AmazonPayError, validationError } from '../domain/errors';
import { FUNNEL_TRIGGERS, isFunnelMerchantReferenceId, type RecoveryFunnelEvent } from '../domain/recovery-events';
import { isOrderReferenceId } from '../domain/validation';
import { checkedBaseUrl } from './base-url';
import { reportCallbackError } from './funnel-events';

export interface SendFunnelEventsOptions {
  /** The handler's base URL, as for `createHttpBackend`, e.g. `/api/amazon-pay`. */
  readonly baseUrl: string;
  /** Extra request headers (e.g. a CSRF token), or a function called before each request. Cookies go along (same origin). */
  readonly headers?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  /** How long an event waits for others to go in the same request. Default 2000 ms; 20 events, or the page hiding, send at once. */
  readonly batchDelayMs?: number;
  /**
   * Events that could not be sent and were given up (`dropped` of them): the
   * route is off (404), refused them (400, 403), or still failed after
   * retries. For your logs; default `console.warn`. The buyer notices nothing.
   */
  readonly onError?: (error: AmazonPayError, dropped: number) => void;
  /** Default the global `fetch`. */
  readonly fetch?: typeof fetch;
}

/** The `onEvent` that sends: call it with each event (it never throws), or pass it to the provider. */
export interface FunnelEventSender {
  (event: RecoveryFunnelEvent): void;
  /** Sends what waits now (unless the server asked to wait: 429); resolves once it is sent, paused or given up (never rejects). */
  flush(): Promise<void>;
  /** Stops listening to the page's lifecycle and drops what waits. */
  dispose(): void;
}

/** One event as POST /events takes it: exactly the route's fields. */
type WireEvent =
  | { readonly type: 'popupShown'; readonly trigger: string; readonly merchantReferenceId: string }
  | { readonly type: 'popupDismissed' | 'amazonPayChosen'; readonly merchantReferenceId: string }
  | { readonly type: 'otherMethodChosen'; readonly amazonOrderReferenceId: string };

interface Queued {
  readonly event: WireEvent;
  /** Failed sends so far. */
  tries: number;
}

/** Sends of one event before it is given up (a 429 or a failure each count one). */
const MAX_TRIES = 3;
/** Events kept while the server cannot take them; the oldest go first past it. */
const MAX_QUEUED = 200;
const FAILURE_BACKOFF_MS = 5000;

/**
 * The route's own fields of an event the server takes from the tab, or
 * undefined: declines, recoveries and losses the server records itself from
 * Amazon's answers; a pop-up event without a valid cart id cannot be joined to
 * its checkout (the route would refuse the whole request).
 */
function toWire(event: RecoveryFunnelEvent): WireEvent | undefined {
  // Called with whatever the page passes: anything but an event object is no event.
  if (typeof event !== 'object' || event === null) return undefined;
  switch (event.type) {
    case 'popupShown':
    case 'popupDismissed':
    case 'amazonPayChosen': {
      const { merchantReferenceId } = event;
      // A bad field would have the route refuse the whole request.
      if (!isFunnelMerchantReferenceId(merchantReferenceId) || (event.type === 'popupShown' && !FUNNEL_TRIGGERS.includes(event.trigger)))
        return undefined;
      return event.type === 'popupShown'
        ? { type: event.type, trigger: event.trigger, merchantReferenceId }
        : { type: event.type, merchantReferenceId };
    }
    case 'otherMethodChosen':
      return isOrderReferenceId(event.amazonOrderReferenceId)
        ? { type: event.type, amazonOrderReferenceId: event.amazonOrderReferenceId }
        : undefined;
    default:
      return undefined;
  }
}

/** Retry-After in milliseconds (seconds or an HTTP date), within 1 s to 5 min. */
function retryAfterMs(value: string | null, now: number): number {
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value ?? '') - now;
  return Math.min(Math.max(Number.isFinite(ms) ? ms : 0, 1000), 300_000);
}

/**
 * Sends the tab's funnel events to your server's `POST {baseUrl}/events`
 * (the handler's `funnelEvents` option), for the recovery report: the pop-up's
 * (shown, dismissed, Amazon Pay chosen; with the pop-up's `merchantReferenceId`,
 * which joins them to the checkout) and "Pay another way". The server records
 * declines, recoveries and losses itself, so those are not sent.
 *
 * Events wait `batchDelayMs` to go together, at most 20 per request; when the
 * page is hidden or left (`visibilitychange`, `pagehide`) what waits goes at
 * once with `keepalive` (else `navigator.sendBeacon`), so the last events of a
 * page are not lost. A `429 TooManyEvents` pauses sending for its
 * `Retry-After`, a network or server failure for a few seconds; each event is
 * tried 3 times. A 404 (route off) stops the sender. Calling it never throws:
 * failures go to `onError`.
 *
 * Create it once per page (module scope), not on every render.
 *
 * @example
 * const sendEvents = sendFunnelEvents({ baseUrl: '/api/amazon-pay' });
 * <AmazonPayProvider onEvent={sendEvents} … />
 * // or with your own analytics: onEvent={(event) => { analytics.track(event.type, event); sendEvents(event); }}
 */
export function sendFunnelEvents(options: SendFunnelEventsOptions): FunnelEventSender {
  const endpoint = `${checkedBaseUrl(options.baseUrl)}/events`;
  const batchDelayMs = options.batchDelayMs ?? 2000;
  if (!Number.isFinite(batchDelayMs) || batchDelayMs < 0)
    throw validationError(
      `sendFunnelEvents: batchDelayMs must be a number of milliseconds >= 0, got ${String(batchDelayMs)}.`,
      'InvalidOption',
    );
  const report =
    options.onError ??
    ((error: AmazonPayError, dropped: number) => console.warn(`[react-amazon-pay-recovery] ${dropped} funnel event(s) not sent:`, error));
  const queue: Queued[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pausedUntil = 0;
  let sending: Promise<void> | undefined;
  let stopped = false;

  function giveUp(error: AmazonPayError, dropped: number): void {
    if (dropped === 0) return;
    try {
      report(error, dropped);
    } catch (thrown) {
      reportCallbackError(thrown);
    }
  }

  function schedule(delayMs: number): void {
    if (stopped || timer !== undefined || queue.length === 0) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        void drain();
      },
      Math.max(delayMs, pausedUntil - Date.now()),
    );
  }

  const bodyOf = (batch: readonly Queued[]): string => JSON.stringify({ events: batch.map((queued) => queued.event) });
  function post(body: string, keepalive: boolean): Promise<Response> {
    const extra = typeof options.headers === 'function' ? options.headers() : options.headers;
    return (options.fetch ?? fetch)(endpoint, {
      method: 'POST',
      headers: { ...extra, 'content-type': 'application/json', accept: 'application/json' },
      body,
      credentials: 'same-origin',
      keepalive,
    });
  }

  /** Back to the front of the queue, tried once more; those out of tries are given up. */
  function retryLater(batch: Queued[], error: AmazonPayError, waitMs: number): void {
    const again = batch.filter((queued) => ++queued.tries < MAX_TRIES);
    giveUp(error, batch.length - again.length);
    queue.unshift(...again);
    pausedUntil = Date.now() + waitMs;
  }

  /** Sends one batch and decides what becomes of it; false when sending must pause. */
  async function sendBatch(batch: Queued[]): Promise<boolean> {
    let response: Response;
    try {
      response = await post(bodyOf(batch), false);
    } catch (cause) {
      retryLater(
        batch,
        new AmazonPayError('network', 'The funnel events could not be sent.', { retryable: true, cause }),
        FAILURE_BACKOFF_MS,
      );
      return false;
    }
    if (response.ok) return true;
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    const code = body?.error?.code ?? `Http${response.status}`;
    const message = body?.error?.message ?? `The server answered ${response.status}.`;
    if (response.status === 429 || response.status >= 500) {
      const wait = response.status === 429 ? retryAfterMs(response.headers.get('retry-after'), Date.now()) : FAILURE_BACKOFF_MS;
      retryLater(batch, new AmazonPayError('network', message, { code, status: response.status, retryable: true }), wait);
      return false;
    }
    // Refused: sending the same again would be refused again. 404: the handler has no funnelEvents.
    if (response.status === 404) {
      stopped = true;
      giveUp(
        new AmazonPayError('configuration', `${endpoint} is off: set funnelEvents on the server's handler.`, {
          code,
          status: 404,
          retryable: false,
        }),
        batch.length + queue.splice(0).length,
      );
      return false;
    }
    giveUp(new AmazonPayError('configuration', message, { code, status: response.status, retryable: false }), batch.length);
    return true;
  }

  async function sendAll(): Promise<void> {
    while (!stopped && queue.length > 0 && Date.now() >= pausedUntil) {
      if (!(await sendBatch(queue.splice(0, MAX_FUNNEL_EVENTS_PER_REQUEST)))) break;
    }
  }

  /** Sends what waits, one request at a time, until it is all sent or sending must pause (then it schedules itself). */
  function drain(): Promise<void> {
    sending ??= sendAll().finally(() => {
      sending = undefined;
      schedule(0);
    });
    return sending;
  }

  /** The page is going away (or may be): everything that waits goes now, without waiting for replies. */
  function sendBeforeLeaving(): void {
    clearTimeout(timer);
    timer = undefined;
    while (!stopped && queue.length > 0) {
      const batch = queue.splice(0, MAX_FUNNEL_EVENTS_PER_REQUEST);
      const body = bodyOf(batch);
      // keepalive refused (its 64 kB budget, a browser without it): the beacon carries the same body.
      const beacon = (): void => {
        const sent = typeof navigator !== 'undefined' && navigator.sendBeacon?.(endpoint, new Blob([body], { type: 'application/json' }));
        if (!sent)
          giveUp(
            new AmazonPayError('network', 'The funnel events could not be sent as the page closed.', { retryable: false }),
            batch.length,
          );
      };
      try {
        post(body, true).catch(beacon);
      } catch {
        beacon();
      }
    }
  }

  const onVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') sendBeforeLeaving();
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', sendBeforeLeaving);
    document.addEventListener('visibilitychange', onVisibilityChange);
  }

  const send = ((event: RecoveryFunnelEvent) => {
    try {
      if (stopped) return;
      const wire = toWire(event);
      if (!wire) return;
      queue.push({ event: wire, tries: 0 });
      if (queue.length > MAX_QUEUED)
        giveUp(
          new AmazonPayError('network', 'Too many funnel events waiting to be sent.', { retryable: false }),
          queue.splice(0, 1).length,
        );
      if (queue.length >= MAX_FUNNEL_EVENTS_PER_REQUEST && Date.now() >= pausedUntil) void drain();
      else schedule(batchDelayMs);
    } catch (error) {
      reportCallbackError(error);
    }
  }) as FunnelEventSender;
  send.flush = () => {
    clearTimeout(timer);
    timer = undefined;
    return drain();
  };
  send.dispose = () => {
    stopped = true;
    queue.length = 0;
    clearTimeout(timer);
    if (typeof window !== 'undefined') {
      window.removeEventListener('pagehide', sendBeforeLeaving);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    }
  };
  return send;
}
