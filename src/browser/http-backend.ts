import type { AmazonPayBackend, CallOptions } from '../domain/backend';
import { AmazonPayError, type AmazonPayErrorKind } from '../domain/errors';
import { assertSafeUrl } from '../domain/safe-url';
import { checkReply, type ReplyRoute } from '../contract/replies';
import { routeRequest } from '../contract/routes';
import { abortableSleep } from './abortable-sleep';

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
  /**
   * Pushed updates (`subscribe`): pass `eventStreamUpdates()` to read the
   * server's event stream. Without it the backend has no `subscribe` and the
   * kit polls (and the page carries no stream reader).
   */
  readonly updates?: HttpUpdates;
}

/** What an update transport ({@link eventStreamUpdates}) uses of the backend it extends. */
export interface HttpConnection {
  /** The full URL of a contract path. */
  readonly url: (path: string) => string;
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** The configured headers plus `extra`. */
  readonly headers: (extra: Record<string, string>) => Promise<Headers>;
}

/** Makes a backend's `subscribe` from its connection: see {@link eventStreamUpdates}. */
export type HttpUpdates = (connection: HttpConnection) => NonNullable<AmazonPayBackend['subscribe']>;

/** Kinds a server may report in its error body; anything else is reported as `amazon`. */
const SERVER_KINDS: readonly AmazonPayErrorKind[] = ['amazon', 'validation', 'network', 'timeout', 'malformed', 'configuration'];

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
  const doFetch = (url: string, init: RequestInit): Promise<Response> => (options.fetch ?? fetch)(url, init);
  const headersFor = async (extra: Record<string, string>): Promise<Headers> => {
    const headers = new Headers(typeof options.headers === 'function' ? await options.headers() : options.headers);
    for (const [name, value] of Object.entries(extra)) headers.set(name, value);
    return headers;
  };

  async function once<T>(route: ReplyRoute, method: string, path: string, body: unknown, signal: AbortSignal | undefined): Promise<T> {
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
      checkReply(route, json);
    } catch (error) {
      throw new AmazonPayError('malformed', `${where}: malformed reply: ${(error as Error).message}.`, { status, retryable: false });
    }
    return json as T;
  }

  async function call<T>(route: ReplyRoute, id: string | undefined, body: unknown, options: CallOptions | undefined): Promise<T> {
    const signal = options?.signal;
    const { method, path } = routeRequest(route, id);
    for (let attempt = 0; ; attempt++) {
      try {
        return await once<T>(route, method, path, body, signal);
      } catch (error) {
        const { kind, status = 0 } = error as AmazonPayError;
        const transient = kind === 'network' || kind === 'timeout' || status >= 500 || status === 429;
        // Only the reads are idempotent here; a write's outcome is unknown after a failure.
        if (method !== 'GET' || attempt >= retries || !transient) throw error;
        await abortableSleep(retryDelayMs * 2 ** attempt, signal);
      }
    }
  }

  return {
    authorize: (request, o) => call('authorize', undefined, request, o),
    confirmOrderReference: ({ amazonOrderReferenceId, ...body }, o) => call('confirmOrderReference', amazonOrderReferenceId, body, o),
    cancelOrderReference: ({ amazonOrderReferenceId, ...body }, o) => call('cancelOrderReference', amazonOrderReferenceId, body, o),
    getOrderReferenceDetails: (orderReferenceId, o) => call('getOrderReferenceDetails', orderReferenceId, undefined, o),
    getAuthorizationDetails: (authorizationId, o) => call('getAuthorizationDetails', authorizationId, undefined, o),
    signCheckoutSessionPayload: (request, o) => call('signCheckoutSessionPayload', undefined, request, o),
    completeCheckoutSession: ({ checkoutSessionId, ...body }, o) => call('completeCheckoutSession', checkoutSessionId, body, o),
    ...(options.updates ? { subscribe: options.updates({ url: (path) => base + path, fetch: doFetch, headers: headersFor }) } : {}),
  };
}
