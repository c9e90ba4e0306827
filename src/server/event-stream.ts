import type { BackendUpdate } from '../domain/server-recovery';
import type { UpdateHub } from './update-hub';

export interface EventStreamOptions {
  readonly keepAliveMs: number;
  /** Sent as the `retry:` field: the client's first reconnect delay. */
  readonly retryMs: number;
  /**
   * Bytes queued for a client that does not read (a stalled connection). Past
   * this the stream ends with an error, which releases its slot and closes the
   * connection; the browser reconnects and resumes with Last-Event-ID. Default 64 kB.
   */
  readonly maxQueuedBytes?: number;
  /** Called exactly once when the stream ends, on every path (client gone before or after it opened, cancelled, stalled). */
  readonly onClose?: () => void;
}

/** One SSE event; the notification id becomes `id:` so the browser resumes with Last-Event-ID. */
export function formatEvent(update: BackendUpdate): string {
  return `id: ${update.notificationId.replace(/[\r\n\0]/g, '')}\ndata: ${JSON.stringify(update)}\n\n`;
}

/** The error a stalled stream ends with. */
export class StalledEventStreamError extends Error {
  constructor(queuedBytes: number) {
    super(
      `The event stream's client read nothing while ${queuedBytes} bytes queued; the stream is closed (the browser resumes with Last-Event-ID).`,
    );
    this.name = 'StalledEventStreamError';
  }
}

/**
 * A `text/event-stream` reply carrying the updates of one order reference:
 * first those missed since Last-Event-ID, then live ones, with a comment line
 * every keepAliveMs so proxies keep the connection open. Its hub subscription,
 * timer and `onClose` are released on every path: a request already aborted
 * (the buyer left while `canAccess` ran), an abort or cancel later, and a
 * client that stops reading.
 */
export function eventStreamResponse(
  request: Request,
  hub: UpdateHub,
  amazonOrderReferenceId: string,
  options: EventStreamOptions,
): Response {
  const encoder = new TextEncoder();
  const maxQueuedBytes = options.maxQueuedBytes ?? 64 * 1024;
  let cleanup: () => void = () => undefined;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    cleanup();
    options.onClose?.();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (request.signal.aborted) {
          end();
          controller.close();
          return;
        }
        const send = (text: string): void => {
          if (ended) return;
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            end();
            return;
          }
          const queued = maxQueuedBytes - (controller.desiredSize ?? 0);
          if (queued > maxQueuedBytes) {
            end();
            controller.error(new StalledEventStreamError(queued));
          }
        };
        const onAbort = (): void => {
          end();
          try {
            controller.close();
          } catch {
            // already closed or errored
          }
        };
        let unsubscribe: () => void = () => undefined;
        const keepAlive = setInterval(() => send(': keep-alive\n\n'), options.keepAliveMs);
        cleanup = () => {
          unsubscribe();
          clearInterval(keepAlive);
          request.signal.removeEventListener('abort', onAbort);
        };
        request.signal.addEventListener('abort', onAbort);
        send(`retry: ${options.retryMs}\n: connected\n\n`);
        const lastEventId = request.headers.get('last-event-id');
        if (lastEventId) for (const update of hub.since(amazonOrderReferenceId, lastEventId)) send(formatEvent(update));
        if (!ended) unsubscribe = hub.subscribe(amazonOrderReferenceId, (update) => send(formatEvent(update)));
      },
      cancel() {
        end();
      },
    },
    { highWaterMark: maxQueuedBytes, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    },
  });
}
