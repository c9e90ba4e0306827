import type { AmazonPayBackend, CallOptions } from '../domain/backend';
import type { BuyerRouteName } from '../contract/routes';
import { AmazonPayError } from '../domain/errors';
import type { HttpCalls } from './http-calls';

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
  /**
   * The server recovers the orders (its handler has a `recovery` runner): pass
   * `serverRecovery()`. The server then decides for every order and the
   * buyer's tab only sends intents and shows its view (docs/durable-server.md,
   * "One decision-maker per order"). Without it the browser decides.
   */
  readonly recovery?: HttpRecovery;
}

/** What an update transport ({@link eventStreamUpdates}) uses of the backend it extends. */
export interface HttpConnection {
  /** The full URL of a contract path. */
  readonly url: (path: string) => string;
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** The configured headers plus `extra`. */
  readonly headers: (extra: Record<string, string>) => Promise<Headers>;
  /** One contract call with the backend's timeout, error mapping and read retries; `check` throws when the reply is not the documented shape. */
  readonly call: <T>(
    route: BuyerRouteName,
    id: string | undefined,
    body: unknown,
    check: (json: unknown) => void,
    options?: CallOptions,
  ) => Promise<T>;
}

/** Makes a backend's `recovery` from its connection: see `serverRecovery`. */
export type HttpRecovery = (connection: HttpConnection) => NonNullable<AmazonPayBackend['recovery']>;

/** Makes a backend's `subscribe` from its connection: see {@link eventStreamUpdates}. */
export type HttpUpdates = (connection: HttpConnection) => NonNullable<AmazonPayBackend['subscribe']>;

/**
 * The production {@link AmazonPayBackend}: calls the merchant's server over the
 * REST/JSON contract of docs/backend-contract.md (served by
 * `createAmazonPayHandler` from `react-amazon-pay-recovery/server`).
 *
 * Every reply is checked at runtime; failures are AmazonPayErrors of kind
 * `network`, `timeout`, `aborted`, `malformed` (naming the field) or `amazon`
 * (with Amazon's code and the HTTP status). Only the two reads are retried.
 *
 * The code that makes the calls and checks the replies (`http-calls.ts`) is fetched
 * with `import()` on the first call or subscription (a page whose first call is a
 * buyer's click does not load it up front); a failure to fetch it is a retryable
 * `network` error (`ChunkLoadFailed`), and the next call tries again. `baseUrl` is
 * checked with that code, before any request: an unsafe one fails every call and
 * subscription with a `validation` error (`InvalidUrl`), and nothing is sent.
 */
export function createHttpBackend(options: HttpBackendOptions): AmazonPayBackend {
  // Checked by the calls' code when it loads, before any request, so a page does not carry the URL
  // rules up front (a static import here, even unused, would keep them in esbuild's initial load).
  const base = options.baseUrl.replace(/\/+$/, '');
  const connection: HttpConnection = {
    url: (path) => base + path,
    // Every request (the calls' and an update stream's) waits for the code that checked baseUrl.
    fetch: (url, init) => load().then(() => (options.fetch ?? fetch)(url, init)),
    async headers(extra) {
      const headers = new Headers(typeof options.headers === 'function' ? await options.headers() : options.headers);
      for (const [name, value] of Object.entries(extra)) headers.set(name, value);
      return headers;
    },
    call: (...args) => load().then((loaded) => loaded.request(...args)),
  };
  let calls: Promise<HttpCalls> | undefined;
  const load = (): Promise<HttpCalls> =>
    (calls ??= import('./http-calls').then(
      (module) => module.createHttpCalls(connection, options),
      (error: unknown) => {
        calls = undefined;
        throw new AmazonPayError(
          'network',
          process.env.NODE_ENV !== 'production' ? `The HTTP backend's code could not be loaded: ${String(error)}` : 'ChunkLoadFailed',
          { code: 'ChunkLoadFailed', cause: error, retryable: true },
        );
      },
    ));
  // Each call waits for the code, then makes the real call with the same arguments.
  const lazy = <K extends keyof HttpCalls>(name: K): HttpCalls[K] =>
    ((...args: unknown[]) => load().then((loaded) => (loaded[name] as (...a: unknown[]) => Promise<unknown>)(...args))) as HttpCalls[K];
  return {
    authorize: lazy('authorize'),
    confirmOrderReference: lazy('confirmOrderReference'),
    cancelOrderReference: lazy('cancelOrderReference'),
    getOrderReferenceDetails: lazy('getOrderReferenceDetails'),
    getAuthorizationDetails: lazy('getAuthorizationDetails'),
    signCheckoutSessionPayload: lazy('signCheckoutSessionPayload'),
    completeCheckoutSession: lazy('completeCheckoutSession'),
    ...(options.updates ? { subscribe: options.updates(connection) } : {}),
    ...(options.recovery ? { recovery: options.recovery(connection) } : {}),
  };
}
