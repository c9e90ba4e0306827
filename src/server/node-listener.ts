/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import { configurationError, errorResponse } from './http-error';

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
  let body: BodyInit | undefined;
  if (hasBody) {
    const parsed = parsedBody(req);
    if (parsed === undefined) body = bodyStream(req);
    else {
      // The framework's copy of the body; its length may differ from what arrived.
      headers.delete('content-length');
      headers.delete('transfer-encoding');
      body = parsed;
    }
  }
  return new Request(url, { method: req.method, headers, signal, ...(body === undefined ? {} : { body, duplex: 'half' }) } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  // A body that never finished arriving: close the connection rather than wait for the rest.
  if (response.status === 408) headers.connection = 'close';
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

const BODY_ALREADY_READ =
  'A body parser read the request body before the Amazon Pay handler and left nothing it can use in req.body; mount toNodeListener(handler) before your body parsers (express.urlencoded(), multer), or use express.json(), express.text() or express.raw() in front of it.';

/**
 * The body a framework already read, if one did (Express's body parsers end the
 * stream and leave `req.body`): `undefined` while the stream is still unread.
 * A string (express.text()) or bytes (express.raw()) are the body as sent; a
 * JSON object (express.json()) is serialised again, which keeps every field of
 * the kit's JSON requests and of an SNS envelope (its signature covers the
 * field values, not the bytes). A form-decoded object, or nothing, cannot stand
 * for the body: a `configuration` error naming the fix, at once.
 */
function parsedBody(req: IncomingMessage): string | Uint8Array<ArrayBuffer> | undefined {
  if (!req.readableEnded) return undefined;
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (typeof parsed === 'string') return parsed;
  if (parsed instanceof Uint8Array) return new Uint8Array(parsed);
  const type = req.headers['content-type'] ?? '';
  if (typeof parsed === 'object' && parsed !== null && !/^(application\/x-www-form-urlencoded|multipart\/)/i.test(type))
    return JSON.stringify(parsed);
  throw configurationError(BODY_ALREADY_READ, 'BodyAlreadyRead');
}

/**
 * Adapts a Web Fetch handler such as `createAmazonPayHandler(...)` to a
 * node:http listener, so it mounts in `http.createServer(...)` and Express
 * (`app.use('/api/amazon-pay', toNodeListener(handler))`: Express strips the
 * mount path, so keep `basePath` empty there). Mounted before the body
 * parsers it reads the body itself; behind express.json(), express.text() or
 * express.raw() it uses `req.body`; behind a parser that leaves nothing usable
 * (express.urlencoded()) it answers 500 `configuration` `BodyAlreadyRead` at
 * once. Event streams end when the client disconnects.
 */
export function toNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    void (async () => {
      try {
        let request: Request;
        try {
          request = toRequest(req, controller.signal);
        } catch (error) {
          console.error('[amazon-pay]', (error as Error).message);
          await writeResponse(errorResponse(error), res, controller.signal);
          return;
        }
        await writeResponse(await handler(request), res, controller.signal);
      } catch {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(
            '{"error":{"kind":"amazon","code":"InternalError","message":"The payment server failed; try again later.","retryable":true}}',
          );
        } else res.destroy();
      }
    })();
  };
}
