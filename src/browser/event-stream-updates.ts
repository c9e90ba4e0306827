import type { BackendUpdateListener, CallOptions } from '../domain/backend';
import type { HttpConnection, HttpUpdates } from './http-backend';

export interface EventStreamUpdatesOptions {
  /** First reconnect delay; it doubles up to 30 s and resets on each connection (a server's `retry:` field replaces it). Default 1000. */
  readonly reconnectDelayMs?: number;
}

/**
 * Pushed updates for {@link createHttpBackend}: `subscribe` reads the server's
 * event stream (`GET /order-references/:id/events`, server-sent events read
 * with `fetch`, so custom headers work), reconnecting with `Last-Event-ID`.
 * Opt-in: without it the backend has no `subscribe` and the kit polls, and a
 * page that never subscribes does not carry this reader.
 *
 * The reader (`event-stream-reader.ts`) is fetched with `import()` by the
 * first subscription, which happens after the page's first render; if it
 * cannot be fetched, that subscription gets no updates and polling finds
 * every result, as with a stream that cannot connect.
 *
 * @example
 * createHttpBackend({ baseUrl: '/api/amazon-pay', updates: eventStreamUpdates() })
 */
export function eventStreamUpdates(options: EventStreamUpdatesOptions = {}): HttpUpdates {
  return (connection: HttpConnection) =>
    function subscribe(amazonOrderReferenceId: string, listener: BackendUpdateListener, callOptions: CallOptions = {}): () => void {
      let stop: (() => void) | undefined;
      let stopped = false;
      import('./event-stream-reader').then(
        (reader) => {
          if (!stopped) stop = reader.readEventStream(connection, options, amazonOrderReferenceId, listener, callOptions);
        },
        () => undefined,
      );
      return () => {
        stopped = true;
        stop?.();
      };
    };
}
