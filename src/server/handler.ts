import { AmazonPayError } from '../domain/errors';
import type { Money } from '../domain/types';
import type { CanAccess } from './access';
import type { CheckoutV2Client, IpnVerifier, LegacyPaymentsClient } from './amazon-clients';
import { AMAZON_PAY_ROUTES, type AmazonPayRouteName } from '../contract/routes';
import { RECOVERY_REPORT_ROUTES } from '../contract/report-routes';
import { deferredHandler } from './deferred-handler';
import { callerError, errorResponse, isCallerError, jsonResponse, requestError } from './http-error';
import { checkHandlerConfig } from './handler-config';
import type { OrderStore } from './order-store';
import type { RecoveryRunner } from './recovery/recovery-runner';
import type { UpdateHub } from './update-hub';
import type { RecoveryEventLog } from './recovery-event-log';
import {
  cancelOrderReference,
  authorize,
  confirmOrderReference,
  getAuthorizationDetails,
  getOrderReferenceDetails,
} from './routes/order-routes';
import { completeCheckoutSession, signCheckoutSessionPayload } from './routes/checkout-routes';
import { receiveNotification } from './routes/notification-route';
import { getRecovery, recoveryIntent, subscribe } from './routes/recovery-routes';
import { getRecoveryReport, recordFunnelEvents } from './routes/report-routes';
import { createRouteContext, type RouteContext } from './routes/route-context';

export interface AmazonPayRouteContext {
  readonly route: AmazonPayRouteName;
  /** The order reference, authorization or checkout session id from the path. */
  readonly id?: string;
}

/** What {@link AmazonPayHandlerConfig.orderAmount} is asked about. */
export interface OrderAmountContext {
  /** `recoveryIntent`: the buyer's tab asks the server to start recovering the order (the server authorizes). */
  readonly route: 'authorize' | 'confirmOrderReference' | 'signCheckoutSessionPayload' | 'recoveryIntent';
  /** The buyer's request (read its session cookie, not its body: the body is already parsed). */
  readonly request: Request;
  /** authorize and confirmOrderReference. */
  readonly amazonOrderReferenceId?: string;
  /** signCheckoutSessionPayload, when the browser sent one (your order or cart id). */
  readonly merchantReferenceId?: string;
  /** What the browser asked for; never trust it as the answer. */
  readonly requested: Money;
}

interface AmazonPayHandlerOptions {
  readonly legacy: LegacyPaymentsClient;
  readonly checkout: CheckoutV2Client;
  /** Enables POST {basePath}/ipn; without it that route is a 404. */
  readonly ipn?: IpnVerifier;
  /** Default: {@link createMemoryOrderStore} (one process, lost on restart). */
  readonly storage?: OrderStore;
  /** Default: {@link createUpdateHub} (one process). */
  readonly hub?: UpdateHub;
  /** Checkout v2 store id (the Login with Amazon client id) for the button payload. */
  readonly storeId: string;
  /** Origins the Checkout v2 return/cancel URLs and the MFA success/failure URLs may point to, e.g. `['https://shop.example']`. */
  readonly allowedReturnOrigins: readonly string[];
  /** The path prefix the handler sees in request URLs, e.g. `/api/amazon-pay` for a Next.js catch-all route. Default `''`. */
  readonly basePath?: string;
  /** Default 16 kB. Larger bodies get 413. */
  readonly maxBodyBytes?: number;
  /** Default 256 kB (SNS's message limit). */
  readonly maxIpnBodyBytes?: number;
  /** A request body still arriving after this long (a slow or stalled client) is answered 408 RequestTimeout. Default 5000 ms. */
  readonly bodyTimeoutMs?: number;
  /** Comment line interval on event streams. Default 15000. */
  readonly keepAliveMs?: number;
  /**
   * Open event streams this handler holds at once (default 1000); one more
   * is answered 503 with `Retry-After`, and the browser reconnects later.
   */
  readonly maxEventStreams?: number;
  /**
   * Open event streams on one order reference (default 8: a buyer's tabs),
   * beside `maxEventStreams`, so one buyer cannot take every slot. One more is
   * answered 503 `TooManyEventStreams` with `Retry-After`.
   */
  readonly maxEventStreamsPerOrder?: number;
  /**
   * Runs first on every route except the IPN (which comes from Amazon, not
   * the buyer), before the body is read: check the session or a CSRF token.
   * Return a Response to refuse the request. Ownership of the order is
   * `canAccess`'s job, which sees the ids the request acts on.
   */
  readonly guard?: (request: Request, context: AmazonPayRouteContext) => Response | undefined | Promise<Response | undefined>;
  /**
   * The amount your server knows for the order (from its cart or order record).
   * The browser sends amounts (and `merchantReferenceId`), and a buyer can change
   * them: check that the reference belongs to the buyer's session. The handler refuses
   * one that differs (409 AmountMismatch) before Amazon signs or authorizes it.
   * Return `undefined` to fall back: for authorize and confirm, to the order
   * reference's OrderTotal at Amazon (which your server set at checkout); the
   * button payload has no fallback and is refused (409 UnknownOrderAmount).
   */
  readonly orderAmount: (context: OrderAmountContext) => Money | undefined | Promise<Money | undefined>;
  /**
   * Forward a browser-sent `sellerAuthorizationNote` to Amazon (sandbox
   * simulation strings). Default false: such a request is refused (400), since
   * in production the note is shown to the buyer in Amazon's e-mails.
   */
  readonly sandboxSimulations?: boolean;
  /**
   * Authorizations per order reference through this handler, counted here so a
   * page reload does not reset them. Default and maximum: Amazon's per-order
   * limit from the decline policy (MAX_AUTHORIZATIONS_PER_ORDER_REFERENCE, 10);
   * the browser's own budgets (three automatic re-authorizations) stay below
   * it. A further new attempt gets 409 RetryBudgetExhausted (the kit then asks
   * the buyer to pay another way).
   */
  readonly maxAuthorizationsPerOrder?: number;
  /**
   * Recovers asynchronous orders on the server after the buyer left
   * ({@link createRecoveryRunner}): it watches every async authorization this
   * handler makes, every Checkout v2 charge of a session it completes (with
   * the runner's `checkoutV2` option) and acts on every verified notification. Default: none.
   */
  readonly recovery?: RecoveryRunner;
  /**
   * Where the handler records the declines, recoveries and losses it sees
   * (the buyer's tab deciding), completed checkouts and the tab's funnel
   * events: the recovery report's data. Default: the recovery runner's log,
   * else `storage` when it records events (createPostgresStorage), else an
   * in-memory log.
   */
  readonly events?: RecoveryEventLog;
  /**
   * Enables POST {basePath}/events, where the buyer's tab sends its funnel
   * events (sendFunnelEvents in the browser): pop-up shown, dismissed, Amazon
   * Pay chosen, another method chosen. Each is checked with `canAccess` (the
   * cart by its merchantReferenceId, the order reference) and rate-limited.
   * Default: off (the route answers 404).
   */
  readonly funnelEvents?: boolean | FunnelEventsOptions;
  /**
   * Enables GET {basePath}/admin/recovery-report?from=&to=&groupBy= for the
   * merchant's admin pages (<RecoveryReport> from `react-amazon-pay-recovery/report`).
   * `isAdmin` is YOUR admin check (your staff session), never the buyer's
   * `canAccess`: anything but `true` answers 403. Default: off (the route answers 404).
   */
  readonly recoveryReport?: RecoveryReportRouteOptions;
  /**
   * Receives the details of every failure the reply does not carry: Amazon's
   * and the transport's errors, store and callback failures (5xx) and refused
   * notifications. Replies carry a code and a generic message only. Default console.error.
   */
  readonly onError?: (error: unknown, request: Request) => void;
}

/** Limits of the funnel events route. */
export interface FunnelEventsOptions {
  /** Events per minute about one cart or one order reference. Default 30. */
  readonly maxEventsPerMinute?: number;
  /** Events per minute this handler takes in all. Default 3000. */
  readonly maxEventsPerMinuteTotal?: number;
}

export interface RecoveryReportRouteOptions {
  /** Your admin check: whether the request comes from your staff. Required; read your own admin session, not the buyer's. */
  readonly isAdmin: (request: Request) => boolean | Promise<boolean>;
}

/** The ownership check: `canAccess`, or, for local development only, `dangerouslyAllowAnyBuyer: true`. */
export type AmazonPayAccessConfig =
  | {
      /**
       * Required (or `dangerouslyAllowAnyBuyer`). Whether the buyer making
       * `request` may act on `resource`: the order reference (authorize, read,
       * confirm, cancel, events, an authorization's details), the checkout
       * session (complete) or your order id (sign). Asked after the request is
       * parsed and before anything is done; `false` answers 403 Forbidden.
       * Look the id up in the buyer's session or order records.
       */
      readonly canAccess: CanAccess;
      readonly dangerouslyAllowAnyBuyer?: false;
    }
  | {
      readonly canAccess?: undefined;
      /**
       * LOCAL DEVELOPMENT ONLY: no ownership check at all; anyone who can reach
       * the server may read, cancel and authorize any order reference. Logs a
       * warning when the handler is configured.
       */
      readonly dangerouslyAllowAnyBuyer: true;
    };

export type AmazonPayHandlerConfig = AmazonPayHandlerOptions & AmazonPayAccessConfig;

interface MatchedRoute {
  readonly name: AmazonPayRouteName;
  readonly id?: string;
}

function matchRoute(method: string, path: string): MatchedRoute {
  const segments = path.split('/').slice(1);
  let allowed: string[] = [];
  for (const route of [...AMAZON_PAY_ROUTES, ...RECOVERY_REPORT_ROUTES]) {
    const pattern = route.path.split('/').slice(1);
    if (pattern.length !== segments.length) continue;
    let id: string | undefined;
    const matches = pattern.every((part, i) => {
      if (part !== ':id') return part === segments[i];
      try {
        id = decodeURIComponent(segments[i]!);
      } catch {
        throw requestError(400, 'InvalidParameterValue', `The path segment ${JSON.stringify(segments[i])} is not valid percent-encoding.`);
      }
      return id !== '';
    });
    if (!matches) continue;
    if (route.method === method) return { name: route.name, ...(id === undefined ? {} : { id }) };
    allowed = [...allowed, route.method];
  }
  if (allowed.length > 0) {
    throw callerError(
      new AmazonPayError('validation', `${method} is not allowed here; use ${allowed.join(', ')}.`, {
        status: 405,
        code: 'MethodNotAllowed',
        retryable: false,
        cause: allowed,
      }),
    );
  }
  throw requestError(404, 'NotFound', `No Amazon Pay route at ${path}.`);
}

/** One route of the handler: what it needs, whether it is on, and the function that answers it. */
interface Route {
  /** Which configured client (and so which optional peers) it needs. */
  readonly peer: 'legacy' | 'checkout' | 'ipn' | 'none';
  /** Why it answers 404 on this server, or undefined when it is on. */
  readonly off?: (config: AmazonPayHandlerConfig) => string | undefined;
  /** `guard` runs first, except on the IPN (it comes from Amazon, not the buyer). */
  readonly unguarded?: true;
  readonly handle: (request: Request, context: RouteContext, id: string) => Promise<Response | object>;
}

/** The route table: each contract route (contract/routes.ts) to its file's function. */
const ROUTES: Readonly<Record<AmazonPayRouteName, Route>> = {
  authorize: { peer: 'legacy', handle: authorize },
  getOrderReferenceDetails: { peer: 'legacy', handle: getOrderReferenceDetails },
  confirmOrderReference: { peer: 'legacy', handle: confirmOrderReference },
  cancelOrderReference: { peer: 'legacy', handle: cancelOrderReference },
  getAuthorizationDetails: { peer: 'legacy', handle: getAuthorizationDetails },
  recoveryIntent: { peer: 'legacy', handle: recoveryIntent },
  subscribe: { peer: 'none', handle: subscribe },
  getRecovery: { peer: 'none', handle: getRecovery },
  signCheckoutSessionPayload: { peer: 'checkout', handle: signCheckoutSessionPayload },
  completeCheckoutSession: { peer: 'checkout', handle: completeCheckoutSession },
  ipn: {
    peer: 'ipn',
    unguarded: true,
    off: (config) => (config.ipn ? undefined : 'Notifications are not enabled on this server (no IpnVerifier configured).'),
    handle: receiveNotification,
  },
  recordFunnelEvents: {
    peer: 'none',
    off: (config) => (config.funnelEvents ? undefined : 'Funnel events are not enabled on this server (no funnelEvents option).'),
    handle: recordFunnelEvents,
  },
  getRecoveryReport: {
    peer: 'none',
    off: (config) => (config.recoveryReport ? undefined : 'The recovery report is not enabled on this server (no recoveryReport option).'),
    handle: getRecoveryReport,
  },
};

/**
 * Starts loading every optional peer the configured clients need as the
 * handler is built: a missing one is reported at start-up with the npm
 * command, and the routes that need it answer 500 MissingPeerDependency
 * without calling Amazon. Each entry resolves to the error, or undefined.
 */
function peerChecks(config: AmazonPayHandlerConfig): Readonly<Record<'legacy' | 'checkout' | 'ipn' | 'none', Promise<unknown>>> {
  const check = (client: { ready?: () => Promise<void> } | undefined): Promise<unknown> =>
    client?.ready
      ? client.ready().then(
          () => undefined,
          (error: unknown) => {
            console.error('[amazon-pay] start-up check failed:', error instanceof Error ? error.message : error);
            return error;
          },
        )
      : Promise.resolve(undefined);
  return { legacy: check(config.legacy), checkout: check(config.checkout), ipn: check(config.ipn), none: Promise.resolve(undefined) };
}

/**
 * The merchant server's side of the REST/JSON contract (docs/backend-contract.md)
 * as a Web Fetch handler: `(request: Request) => Promise<Response>`. Mount it
 * with {@link toNodeListener} (node:http, Express), as Next.js route handlers,
 * or in Hono, Bun, Deno and workers directly.
 *
 * Every body is checked before Amazon is called, amounts against the
 * server's own (`orderAmount`); a checkout session is
 * completed at most once (a repeat gets the stored result); a new
 * authorization request while another one of the same order reference is
 * Open or Pending gets that one back instead (only if its amount is the
 * order's); notifications are verified, deduplicated and relayed to the order
 * reference's event stream. Every route that acts on an order asks
 * `canAccess` first.
 *
 * The configuration is checked here (handler-config.ts): a wrong or missing
 * option throws one sentence naming it and the fix. Pass a function returning
 * the configuration to build it, and the Amazon clients in it, on the first
 * request instead: a Next.js build then needs neither the keys nor the
 * optional peers. Until such a configuration builds, the kit's routes answer
 * 500 with kind `configuration` (not retryable) and the reason is logged once.
 */
export function createAmazonPayHandler(
  config: AmazonPayHandlerConfig | (() => AmazonPayHandlerConfig),
): (request: Request) => Promise<Response> {
  if (typeof config !== 'function') return configuredHandler(config);
  return deferredHandler(() => configuredHandler(config()));
}

function configuredHandler(config: AmazonPayHandlerConfig): (request: Request) => Promise<Response> {
  checkHandlerConfig(config);
  const context = createRouteContext(config);
  const basePath = (config.basePath ?? '').replace(/\/+$/, '');
  const peers = peerChecks(config);

  return async function handleAmazonPayRequest(request: Request): Promise<Response> {
    try {
      const { pathname } = new URL(request.url);
      if (pathname !== basePath && !pathname.startsWith(`${basePath}/`))
        throw requestError(404, 'NotFound', `No Amazon Pay route at ${pathname}.`);
      const matched = matchRoute(request.method, pathname.slice(basePath.length) || '/');
      const route = ROUTES[matched.name];
      const off = route.off?.(config);
      if (off !== undefined) throw requestError(404, 'NotFound', off);
      if (!route.unguarded && config.guard) {
        const refusal = await config.guard(request, { route: matched.name, ...(matched.id === undefined ? {} : { id: matched.id }) });
        if (refusal) return refusal;
      }
      // A client whose optional peer is missing: refused before any call to Amazon (and reported at start-up).
      const missing = await peers[route.peer];
      if (missing) {
        const code = missing instanceof AmazonPayError && missing.code ? missing.code : 'MissingPeerDependency';
        throw callerError(
          new AmazonPayError('network', 'The server is missing a package it needs; see its start-up log.', {
            status: 503,
            code,
            retryable: true,
            cause: missing,
          }),
        );
      }
      const result = await route.handle(request, context, matched.id ?? '');
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      const allow =
        error instanceof AmazonPayError && error.code === 'MethodNotAllowed' ? { allow: (error.cause as string[]).join(', ') } : undefined;
      if (!isCallerError(error)) context.onError(error, request);
      return errorResponse(error, allow);
    }
  };
}
