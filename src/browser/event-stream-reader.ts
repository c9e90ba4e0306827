import type { BackendUpdate } from '../domain/server-recovery';
import type { BackendUpdateListener, CallOptions } from '../domain/backend';
import { checkUpdate } from '../contract/replies';
import { routeRequest } from '../contract/routes';
import { abortableSleep } from '../domain/abortable-sleep';
import type { HttpConnection } from './http-backend';
import type { EventStreamUpdatesOptions } from './event-stream-updates';

/**
 * Reads the server's event stream of one order (server-sent events read with
 * `fetch`, so custom headers work) and calls `listener` with each update,
 * reconnecting with `Last-Event-ID`, until `callOptions.signal` aborts or the
 * returned function is called. Fetched with `import()` by the first
 * subscription (event-stream-updates.ts).
 */
export function readEventStream(
  connection: HttpConnection,
  options: EventStreamUpdatesOptions,
  amazonOrderReferenceId: string,
  listener: BackendUpdateListener,
  callOptions: CallOptions,
): () => void {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  const signal = controller.signal;
  if (callOptions.signal?.aborted) stop();
  callOptions.signal?.addEventListener('abort', stop);
  let lastEventId = '';
  let firstDelay = options.reconnectDelayMs ?? 1000;

  const dispatch = (data: string): void => {
    let update: BackendUpdate;
    try {
      update = JSON.parse(data);
      checkUpdate(update);
    } catch {
      return; // A malformed event is skipped; the stream goes on.
    }
    try {
      listener(update);
    } catch (error) {
      setTimeout(() => {
        throw error;
      });
    }
  };

  const read = async (body: ReadableStream<Uint8Array>): Promise<void> => {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let data: string[] = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      // A "\r" at the end of a chunk may be the first half of "\r\n".
      const lines = (buffer + decoder.decode(value, { stream: true })).split(/\r\n|\r(?!$)|\n/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) dispatch(data.join('\n'));
          data = [];
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(text);
        else if (field === 'id' && !text.includes('\0')) lastEventId = text;
        else if (field === 'retry' && /^\d+$/.test(text)) firstDelay = Number(text);
      }
    }
  };

  void (async () => {
    let delay = firstDelay;
    while (!signal.aborted) {
      try {
        const response = await connection.fetch(connection.url(routeRequest('subscribe', amazonOrderReferenceId).path), {
          headers: await connection.headers({ accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }),
          signal,
          cache: 'no-store',
        });
        const { status } = response;
        // The server refused this subscription for good (bad id, not allowed).
        if (status >= 400 && status < 500 && status !== 408 && status !== 429) return;
        if (response.ok && response.body && response.headers.get('content-type')?.startsWith('text/event-stream')) {
          delay = firstDelay;
          await read(response.body);
        } else await response.body?.cancel();
      } catch {
        // Dropped connection: reconnect below.
      }
      await abortableSleep(delay, signal);
      delay = Math.min(delay * 2, 30_000);
    }
  })();
  return stop;
}
