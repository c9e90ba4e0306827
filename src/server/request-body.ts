import { requestError } from './http-error';

/** Reads the body as UTF-8 text, refusing more than `maxBytes` (413) without buffering the excess. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  const tooLarge = (): Error => requestError(413, 'PayloadTooLarge', `The request body exceeds ${maxBytes} bytes.`);
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
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
export async function readJsonObject(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw requestError(415, 'UnsupportedMediaType', `Send the body as JSON with content-type: application/json (got ${JSON.stringify(type || 'none')}).`);
  }
  const text = await readBodyText(request, maxBytes);
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
