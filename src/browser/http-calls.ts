import type { AmazonPayBackend, CallOptions } from '../domain/backend';
import { AmazonPayError, type AmazonPayErrorKind } from '../domain/errors';
import { checkReply, type ReplyRoute } from '../contract/replies';
import { routeRequest, type BuyerRouteName } from '../contract/routes';
import { abortableSleep } from '../domain/abortable-sleep';
import { checkedBaseUrl } from './base-url';
import type { HttpBackendOptions, HttpConnection } from './http-backend';

/** Kinds a server may report in its error body; anything else is reported as `amazon`. */
const SERVER_KINDS: readonly AmazonPayErrorKind[] = ['amazon', 'validation', 'network', 'timeout', 'malformed', 'configuration'];

/** The calls of {@link createHttpBackend}, without `subscribe` (which its `updates` option makes). */
export type HttpCalls = Omit<AmazonPayBackend, 'subscribe' | 'recovery'> & { readonly request: HttpConnection['call'] };

/**
 * The calls of {@link createHttpBackend} over `connection`: each reply checked
 * against the contract's schema, the two reads retried. Loaded on the first call.
 */
export function createHttpCalls(
  connection: HttpConnection,
  options: Pick<HttpBackendOptions, 'baseUrl' | 'timeoutMs' | 'retries' | 'retryDelayMs' | 'recovery'>,
): HttpCalls {
  // Before any request: an unsafe baseUrl fails every call.
  checkedBaseUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 500;

  async function once<T>(
    check: (json: unknown) => void,
    method: string,
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<T> {
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
      response = await connection.fetch(connection.url(path), {
        method,
        headers: await connection.headers(
          body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        ),
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
        throw new AmazonPayError(
          'malformed',
          `${where}: HTTP ${status} reply is not the documented error JSON (${response.headers.get('content-type') ?? 'no content type'}).`,
          { status, retryable },
        );
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

  async function request<T>(
    route: BuyerRouteName,
    id: string | undefined,
    body: unknown,
    check: (json: unknown) => void,
    options?: CallOptions,
  ): Promise<T> {
    const signal = options?.signal;
    const { method, path } = routeRequest(route, id);
    for (let attempt = 0; ; attempt++) {
      try {
        return await once<T>(check, method, path, body, signal);
      } catch (error) {
        const { kind, status = 0 } = error as AmazonPayError;
        const transient = kind === 'network' || kind === 'timeout' || status >= 500 || status === 429;
        // Only the reads are idempotent here; a write's outcome is unknown after a failure.
        if (method !== 'GET' || attempt >= retries || !transient) throw error;
        await abortableSleep(retryDelayMs * 2 ** attempt, signal);
      }
    }
  }

  const call = <T>(route: ReplyRoute, id: string | undefined, body: unknown, o: CallOptions | undefined): Promise<T> =>
    request<T>(route, id, body, (json) => checkReply(route, json), o);

  return {
    request,
    // Without serverRecovery() this tab decides: the server refuses it an asynchronous authorization when it recovers orders itself.
    authorize: (request, o) => call('authorize', undefined, options.recovery ? request : { ...request, decider: 'browser' }, o),
    confirmOrderReference: ({ amazonOrderReferenceId, ...body }, o) => call('confirmOrderReference', amazonOrderReferenceId, body, o),
    cancelOrderReference: ({ amazonOrderReferenceId, ...body }, o) => call('cancelOrderReference', amazonOrderReferenceId, body, o),
    getOrderReferenceDetails: (orderReferenceId, o) => call('getOrderReferenceDetails', orderReferenceId, undefined, o),
    getAuthorizationDetails: (authorizationId, o) => call('getAuthorizationDetails', authorizationId, undefined, o),
    signCheckoutSessionPayload: (request, o) => call('signCheckoutSessionPayload', undefined, request, o),
    completeCheckoutSession: ({ checkoutSessionId, ...body }, o) => call('completeCheckoutSession', checkoutSessionId, body, o),
  };
}
