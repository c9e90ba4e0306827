import { requestError } from './http-error';

/** How much of a request body the handler reads, and for how long. */
export interface BodyLimits {
  /** Larger bodies get 413. */
  readonly maxBytes: number;
  /** A body still arriving after this long (a slow or stalled client) gets 408. */
  readonly timeoutMs: number;
}

/** Reads `reader` to the end within the limits: 413 past `maxBytes`, 408 after `timeoutMs` (the reader is cancelled either way). */
async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>, limits: BodyLimits): Promise<Uint8Array[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Rejected before the cancel, which ends the pending read as if the body were complete.
      reject(requestError(408, 'RequestTimeout', `The request body did not arrive within ${limits.timeoutMs} ms.`));
      void reader.cancel().catch(() => undefined);
    }, limits.timeoutMs);
  });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { value, done } = await Promise.race([reader.read(), timedOut]);
      if (done) return chunks;
      total += value.byteLength;
      if (total > limits.maxBytes) {
        await reader.cancel();
        throw requestError(413, 'PayloadTooLarge', `The request body exceeds ${limits.maxBytes} bytes.`);
      }
      chunks.push(value);
    }
  } finally {
    clearTimeout(timer);
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Reads the body as UTF-8 text, refusing more than `maxBytes` (413) without buffering the excess, and a body slower than `timeoutMs` (408). */
export async function readBodyText(request: Request, limits: BodyLimits): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limits.maxBytes) throw requestError(413, 'PayloadTooLarge', `The request body exceeds ${limits.maxBytes} bytes.`);
  if (!request.body) return '';
  const chunks = await readAll(request.body.getReader(), limits);
  const bytes = chunks.length === 1 ? chunks[0]! : concat(chunks);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw requestError(400, 'InvalidBody', 'The request body is not valid UTF-8.');
  }
}

/**
 * Reads a JSON object body. Requires `content-type: application/json`, which
 * also makes a cross-site form post impossible without a CORS preflight.
 * An empty body is `{}` (for calls whose fields are all optional).
 */
export async function readJsonObject(request: Request, limits: BodyLimits): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw requestError(
      415,
      'UnsupportedMediaType',
      `Send the body as JSON with content-type: application/json (got ${JSON.stringify(type || 'none')}).`,
    );
  }
  const text = await readBodyText(request, limits);
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw requestError(400, 'InvalidJson', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw requestError(400, 'InvalidBody', 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}
