import type { AmazonPayBackend, BackendUpdateListener, CallOptions } from '../domain/backend';
import { AmazonPayError, type AmazonPayErrorKind } from '../domain/errors';
import { assertSafeUrl } from '../domain/validation';

/** Extra request headers (e.g. a CSRF token), or a function called before every request. */
export type HttpBackendHeaders = HeadersInit | (() => HeadersInit | Promise<HeadersInit>);

export interface HttpBackendOptions {
  /**
   * Where the server handler is mounted: a same-origin path (`/api/amazon-pay`),
   * an https URL, or http://localhost for development.
   */
  readonly baseUrl: string;
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
  readonly headers?: HttpBackendHeaders;
  /** Per attempt, including reading the reply. Default 15000. */
  readonly timeoutMs?: number;
  /** Extra attempts for the idempotent reads (getOrderReferenceDetails, getAuthorizationDetails) after a network error, timeout, 5xx or 429. Default 2. Writes are never retried here. */
  readonly retries?: number;
  /** First retry delay; it doubles per retry. Default 500. */
  readonly retryDelayMs?: number;
  /** First reconnect delay of the update stream; it doubles up to 30 s and resets on each connection. Default 1000. */
  readonly reconnectDelayMs?: number;
}

/** A field rule: a typeof name (`?` prefix = optional), the allowed values, or a nested shape. */
type Shape = { readonly [field: string]: string | readonly string[] | Shape };

const MONEY: Shape = { amount: 'string', currencyCode: 'string' };
const ORDER: Shape = {
  amazonOrderReferenceId: 'string',
  state: ['Draft', 'Open', 'Suspended', 'Canceled', 'Closed'],
  reasonCode: '?string',
  constraints: 'array',
};
const AUTHORIZATION: Shape = {
  amazonAuthorizationId: 'string',
  authorizationReferenceId: 'string',
  amazonOrderReferenceId: 'string',
  state: ['Pending', 'Open', 'Declined', 'Closed'],
  reasonCode: '?string',
  softDecline: '?boolean',
  amount: MONEY,
  lastUpdateTimestamp: 'string',
};
const SIGNED: Shape = { payloadJSON: 'string', signature: 'string', publicKeyId: '?string', algorithm: 'string' };
const COMPLETED: Shape = { state: ['Completed', 'Canceled'], checkoutSessionId: 'string', chargePermissionId: 'string', chargeId: '?string' };
const CANCELED: Shape = { checkoutSessionId: 'string', reasonCode: 'string', reasonDescription: '?string' };
const AUTHORIZATION_UPDATE: Shape = { notificationId: 'string', authorization: AUTHORIZATION };
const ORDER_UPDATE: Shape = { type: ['authorization', 'orderReference'], notificationId: 'string', orderReference: ORDER };

/** Throws a plain Error naming the first field that breaks the shape; the caller turns it into `malformed`. */
function conform(value: unknown, shape: Shape, path: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${path} is not an object`);
  for (const [field, rule] of Object.entries(shape)) {
    const v = (value as Record<string, unknown>)[field];
    const at = `${path}.${field}`;
    if (typeof rule === 'string') {
      const type = rule.replace('?', '');
      if (v === undefined && type !== rule) continue;
      if (type === 'array' ? !Array.isArray(v) : typeof v !== type) throw new Error(`${at} is missing or not a ${type}`);
    } else if (Array.isArray(rule)) {
      if (!rule.includes(v as string)) throw new Error(`${at} is ${JSON.stringify(v)}, not one of ${rule.join(', ')}`);
    } else conform(v, rule as Shape, at);
  }
}

type Check = (value: unknown) => void;
const shaped = (shape: Shape): Check => (value) => conform(value, shape, 'reply');
const checkCompleted: Check = (v) => conform(v, (v as { state?: unknown })?.state === 'Canceled' ? CANCELED : COMPLETED, 'reply');
const checkUpdate: Check = (v) => conform(v, (v as { type?: unknown })?.type === 'authorization' ? AUTHORIZATION_UPDATE : ORDER_UPDATE, 'update');

/** Kinds a server may report in its error body; anything else is reported as `amazon`. */
const SERVER_KINDS: readonly AmazonPayErrorKind[] = ['amazon', 'validation', 'network', 'timeout', 'malformed'];

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}

function checkedBaseUrl(baseUrl: string): string {
  // A same-origin path ("/api/amazon-pay"); "//host" would be another origin.
  if (!/^\/(?!\/)/.test(baseUrl)) assertSafeUrl(baseUrl, 'baseUrl', { allowLocalhost: true });
  return baseUrl.replace(/\/+$/, '');
}

/**
 * The production {@link AmazonPayBackend}: calls the merchant's server over the
 * REST/JSON contract of docs/backend-contract.md (served by
 * `createAmazonPayHandler` from `react-amazon-pay-recovery/server`).
 *
 * Every reply is checked at runtime; failures are AmazonPayErrors of kind
 * `network`, `timeout`, `aborted`, `malformed` (naming the field) or `amazon`
 * (with Amazon's code and the HTTP status). Only the two reads are retried.
 */
export function createHttpBackend(options: HttpBackendOptions): AmazonPayBackend {
  const base = checkedBaseUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const reconnectDelayMs = options.reconnectDelayMs ?? 1000;
  const doFetch = (url: string, init: RequestInit): Promise<Response> => (options.fetch ?? fetch)(url, init);
  const headersFor = async (extra: Record<string, string>): Promise<Headers> => {
    const headers = new Headers(typeof options.headers === 'function' ? await options.headers() : options.headers);
    for (const [name, value] of Object.entries(extra)) headers.set(name, value);
    return headers;
  };
  const id = (value: string): string => encodeURIComponent(String(value));

  async function once<T>(method: string, path: string, body: unknown, signal: AbortSignal | undefined, check: Check): Promise<T> {
    const where = `${method} ${path}`;
    if (signal?.aborted) throw new AmazonPayError('aborted', `${where} was aborted.`, { retryable: false });
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort();
    }, timeoutMs);
    signal?.addEventListener('abort', abort);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(base + path, {
        method,
        headers: await headersFor(body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' }),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw new AmazonPayError('aborted', `${where} was aborted.`, { cause: error, retryable: false });
      if (timedOut) throw new AmazonPayError('timeout', `${where}: no reply within ${timeoutMs} ms.`, { cause: error });
      throw new AmazonPayError('network', `${where} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    }
    const status = response.status;
    const retryable = status >= 500 || status === 429;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const error = (json as { error?: { kind?: unknown; code?: unknown; message?: unknown; retryable?: unknown } } | undefined)?.error;
      if (typeof error?.message !== 'string') {
        throw new AmazonPayError('malformed', `${where}: HTTP ${status} reply is not the documented error JSON (${response.headers.get('content-type') ?? 'no content type'}).`, { status, retryable });
      }
      const kind = SERVER_KINDS.includes(error.kind as AmazonPayErrorKind) ? (error.kind as AmazonPayErrorKind) : 'amazon';
      throw new AmazonPayError(kind, error.message, {
        code: typeof error.code === 'string' ? error.code : undefined,
        status,
        retryable: typeof error.retryable === 'boolean' ? error.retryable : retryable,
      });
    }
    try {
      if (json === undefined) throw new Error(`reply is not JSON (${response.headers.get('content-type') ?? 'no content type'})`);
      check(json);
    } catch (error) {
      throw new AmazonPayError('malformed', `${where}: malformed reply: ${(error as Error).message}.`, { status, retryable: false });
    }
    return json as T;
  }

  async function call<T>(method: string, path: string, body: unknown, options: CallOptions | undefined, check: Check): Promise<T> {
    const signal = options?.signal;
    for (let attempt = 0; ; attempt++) {
      try {
        return await once<T>(method, path, body, signal, check);
      } catch (error) {
        const { kind, status = 0 } = error as AmazonPayError;
        const transient = kind === 'network' || kind === 'timeout' || status >= 500 || status === 429;
        // Only the reads are idempotent here; a write's outcome is unknown after a failure.
        if (method !== 'GET' || attempt >= retries || !transient) throw error;
        await abortableSleep(retryDelayMs * 2 ** attempt, signal);
      }
    }
  }

  function subscribe(amazonOrderReferenceId: string, listener: BackendUpdateListener, callOptions: CallOptions = {}): () => void {
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    const signal = controller.signal;
    if (callOptions.signal?.aborted) stop();
    callOptions.signal?.addEventListener('abort', stop);
    let lastEventId = '';
    let firstDelay = reconnectDelayMs;

    const dispatch = (data: string): void => {
      let update;
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
          const response = await doFetch(`${base}/order-references/${id(amazonOrderReferenceId)}/events`, {
            headers: await headersFor({ accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }),
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

  return {
    authorize: (request, o) => call('POST', '/authorize', request, o, shaped(AUTHORIZATION)),
    confirmOrderReference: ({ amazonOrderReferenceId, ...body }, o) =>
      call('POST', `/order-references/${id(amazonOrderReferenceId)}/confirm`, body, o, shaped(ORDER)),
    cancelOrderReference: ({ amazonOrderReferenceId, ...body }, o) =>
      call('POST', `/order-references/${id(amazonOrderReferenceId)}/cancel`, body, o, shaped(ORDER)),
    getOrderReferenceDetails: (orderReferenceId, o) => call('GET', `/order-references/${id(orderReferenceId)}`, undefined, o, shaped(ORDER)),
    getAuthorizationDetails: (authorizationId, o) => call('GET', `/authorizations/${id(authorizationId)}`, undefined, o, shaped(AUTHORIZATION)),
    signCheckoutSessionPayload: (request, o) => call('POST', '/checkout-sessions/payload', request, o, shaped(SIGNED)),
    completeCheckoutSession: ({ checkoutSessionId, ...body }, o) =>
      call('POST', `/checkout-sessions/${id(checkoutSessionId)}/complete`, body, o, checkCompleted),
    subscribe,
  };
}
