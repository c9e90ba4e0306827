import type { BackendUpdate } from '../domain/types';
import type { UpdateHub } from './update-hub';

export interface EventStreamOptions {
  readonly keepAliveMs: number;
  /** Sent as the `retry:` field: the client's first reconnect delay. */
  readonly retryMs: number;
  /** Called once when the stream ends (client gone, cancelled). */
  readonly onClose?: () => void;
}

/** One SSE event; the notification id becomes `id:` so the browser resumes with Last-Event-ID. */
export function formatEvent(update: BackendUpdate): string {
  return `id: ${update.notificationId.replace(/[\r\n\0]/g, '')}\ndata: ${JSON.stringify(update)}\n\n`;
}

/**
 * A `text/event-stream` reply carrying the updates of one order reference:
 * first those missed since Last-Event-ID, then live ones, with a comment line
 * every keepAliveMs so proxies keep the connection open.
 */
export function eventStreamResponse(request: Request, hub: UpdateHub, amazonOrderReferenceId: string, options: EventStreamOptions): Response {
  const encoder = new TextEncoder();
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    options.onClose?.();
  };
  let cleanup = (): void => close();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string): void => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send(`retry: ${options.retryMs}\n: connected\n\n`);
      const lastEventId = request.headers.get('last-event-id');
      if (lastEventId) for (const update of hub.since(amazonOrderReferenceId, lastEventId)) send(formatEvent(update));
      const unsubscribe = hub.subscribe(amazonOrderReferenceId, (update) => send(formatEvent(update)));
      const keepAlive = setInterval(() => send(': keep-alive\n\n'), options.keepAliveMs);
      cleanup = () => {
        close();
        unsubscribe();
        clearInterval(keepAlive);
        request.signal.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      request.signal.addEventListener('abort', onAbort);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    },
  });
}
