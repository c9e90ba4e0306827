/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http';

export type FetchHandler = (request: Request) => Promise<Response>;

/** The request body as a web stream that, when cancelled (body too large), drains instead of destroying the socket so the 413 still reaches the client. */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on('end', () => {
        try {
          controller.close();
        } catch {
          // cancelled
        }
      });
      req.on('error', (error) => controller.error(error));
    },
    pull() {
      req.resume();
    },
    cancel() {
      req.removeAllListeners('data');
      req.resume();
    },
  });
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  // Only the path is used for routing; the host header is not trusted for anything.
  const url = new URL(req.url ?? '/', 'http://localhost');
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method,
    headers,
    signal,
    ...(hasBody ? { body: bodyStream(req), duplex: 'half' } : {}),
  } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const cancel = (): void => void reader.cancel().catch(() => undefined);
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      // A client that stops reading: wait for the socket to drain, or for the connection or the body to end.
      if (!res.write(value)) await writable(res, reader);
    }
  } finally {
    signal.removeEventListener('abort', cancel);
    res.end();
  }
}

function writable(res: ServerResponse, reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
    reader.closed.then(undefined, (error: unknown) => {
      res.off('drain', done);
      res.off('close', done);
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

/**
 * Adapts a Web Fetch handler such as `createAmazonPayHandler(...)` to a
 * node:http listener, so it mounts in `http.createServer(...)` and Express
 * (`app.use('/api/amazon-pay', toNodeListener(handler))`: Express strips the
 * mount path, so keep `basePath` empty there). Mount it before any body
 * parser (`express.json()`), which would consume the body first.
 * Event streams end when the client disconnects.
 */
export function toNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    void (async () => {
      try {
        await writeResponse(await handler(toRequest(req, controller.signal)), res, controller.signal);
      } catch {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"error":{"kind":"amazon","code":"InternalError","message":"The payment server failed; try again later.","retryable":true}}');
        } else res.destroy();
      }
    })();
  };
}
