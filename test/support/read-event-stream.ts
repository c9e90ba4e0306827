/**
 * Reads an order's event stream (server-sent events) over HTTP, as a tab does;
 * the test projects share it.
 */
/** Opens the order's event stream on a server (its handler's base URL) and collects the parsed events. */
export async function openEventStream(
  server: { readonly url: string },
  amazonOrderReferenceId: string,
): Promise<{ events: Array<{ type: string; receivedAt: number; [key: string]: unknown }>; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/order-references/${amazonOrderReferenceId}/events`, { signal: controller.signal });
  const events: Array<{ type: string; receivedAt: number }> = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data) events.push({ ...(JSON.parse(data.slice(6)) as { type: string }), receivedAt: performance.now() });
        }
      }
    } catch {
      // aborted
    }
  })();
  return { events: events as Array<{ type: string; receivedAt: number; [key: string]: unknown }>, close: () => controller.abort() };
}
