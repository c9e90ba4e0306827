import { buildCheckoutSessionPayload } from '../domain/checkout-payload';
import { resolveDeclinePolicy } from '../domain/decline-policy';
import { isLiveAuthorization } from '../domain/decline-machine';
import { AmazonPayError } from '../domain/errors';
import type { CompletedCheckoutSession, CompleteCheckoutSessionRequest, Money } from '../domain/types';
import type { BackendUpdate } from '../domain/server-recovery';
import type { UrlRules } from '../domain/safe-url';
import { accessCheck, orderReferenceOfAuthorization, type CanAccess } from './access';
import type { CheckoutV2Client, IpnVerifier, LegacyPaymentsClient, VerifiedNotification } from './amazon-clients';
import { AMAZON_PAY_ROUTES, type AmazonPayRouteName } from '../contract/routes';
import { RECOVERY_REPORT_ROUTES } from '../contract/report-routes';
import { deferredHandler } from './deferred-handler';
import { eventStreamResponse } from './event-stream';
import { createEventStreamSlots } from './event-stream-slots';
import { callerError, errorResponse, isCallerError, jsonResponse, requestError } from './http-error';
import { assertRegionCurrency, checkHandlerConfig } from './handler-config';
import { createMemoryOrderStore, type OrderStore } from './order-store';
import type { RecoveryRunner } from './recovery/recovery-runner';
import { readBodyText, readJsonObject, type BodyLimits } from './request-body';
import {
  opaqueIdFromPath,
  orderReferenceIdFromPath,
  parseAuthorizeRequest,
  parseCancelRequest,
  parseCheckoutPayloadRequest,
  parseCompleteRequest,
  parseConfirmRequest,
  parseRecoveryIntentRequest,
} from './request-validation';
import { createUpdateHub, type UpdateHub } from './update-hub';
import { authorizationEvents, lostEvent, type RecordedRecoveryEvent } from '../domain/recovery-events';
import type { AuthorizationDetails, AuthorizationMode } from '../domain/types';
import { createMemoryEventLog, isRecoveryEventLog, type RecoveryEventLog } from './recovery-event-log';
import { parseFunnelEventsRequest } from './funnel-events-request';
import { createRateLimiter } from './rate-limit';
import { resolveReportQuery } from '../domain/recovery-report';

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
    throw callerError(new AmazonPayError('validation', `${method} is not allowed here; use ${allowed.join(', ')}.`, { status: 405, code: 'MethodNotAllowed', retryable: false, cause: allowed }));
  }
  throw requestError(404, 'NotFound', `No Amazon Pay route at ${path}.`);
}

/** Which configured client (and so which optional peers) a route needs. */
const PEER_OF_ROUTE: Readonly<Record<AmazonPayRouteName, 'legacy' | 'checkout' | 'ipn' | 'none'>> = {
  authorize: 'legacy',
  getOrderReferenceDetails: 'legacy',
  confirmOrderReference: 'legacy',
  cancelOrderReference: 'legacy',
  getAuthorizationDetails: 'legacy',
  recoveryIntent: 'legacy',
  subscribe: 'none',
  getRecovery: 'none',
  signCheckoutSessionPayload: 'checkout',
  completeCheckoutSession: 'checkout',
  ipn: 'ipn',
  recordFunnelEvents: 'none',
  getRecoveryReport: 'none',
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

/** Seconds a browser is asked to wait before reopening an event stream when the server holds its maximum. */
const EVENT_STREAM_RETRY_AFTER_SECONDS = 10;

const sameMoney = (a: Money, b: Money): boolean => a.currencyCode === b.currencyCode && Number(a.amount) === Number(b.amount);

function updateOf(notification: VerifiedNotification): { orderReferenceId: string; update: BackendUpdate } | undefined {
  if (notification.kind === 'authorization') {
    const { authorization, notificationId } = notification;
    return { orderReferenceId: authorization.amazonOrderReferenceId, update: { type: 'authorization', authorization, notificationId } };
  }
  if (notification.kind === 'orderReference') {
    const { orderReference, notificationId } = notification;
    return { orderReferenceId: orderReference.amazonOrderReferenceId, update: { type: 'orderReference', orderReference, notificationId } };
  }
  return undefined;
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
export function createAmazonPayHandler(config: AmazonPayHandlerConfig | (() => AmazonPayHandlerConfig)): (request: Request) => Promise<Response> {
  if (typeof config !== 'function') return configuredHandler(config);
  return deferredHandler(() => configuredHandler(config()));
}

function configuredHandler(config: AmazonPayHandlerConfig): (request: Request) => Promise<Response> {
  checkHandlerConfig(config);
  const { legacy, checkout, ipn } = config;
  const checkAccess = accessCheck(config, (message) => console.warn(message));
  const store = config.storage ?? createMemoryOrderStore();
  const hub = config.hub ?? createUpdateHub();
  const basePath = (config.basePath ?? '').replace(/\/+$/, '');
  const bodyTimeoutMs = config.bodyTimeoutMs ?? 5_000;
  const jsonBody: BodyLimits = { maxBytes: config.maxBodyBytes ?? 16 * 1024, timeoutMs: bodyTimeoutMs };
  const ipnBody: BodyLimits = { maxBytes: config.maxIpnBodyBytes ?? 256 * 1024, timeoutMs: bodyTimeoutMs };
  const keepAliveMs = config.keepAliveMs ?? 15_000;
  const streamSlots = createEventStreamSlots({ maxEventStreams: config.maxEventStreams ?? 1000, maxEventStreamsPerOrder: config.maxEventStreamsPerOrder ?? 8 });
  const maxAuthorizations = resolveDeclinePolicy({ maxAuthorizations: config.maxAuthorizationsPerOrder }).maxAuthorizations;
  const onError = config.onError ?? ((error: unknown) => console.error('[amazon-pay]', error));
  const peers = peerChecks(config);
  const events: RecoveryEventLog = config.events ?? config.recovery?.events ?? (isRecoveryEventLog(store) ? store : createMemoryEventLog());
  const funnel = config.funnelEvents ? (config.funnelEvents === true ? {} : config.funnelEvents) : undefined;
  const perKeyLimit = createRateLimiter({ limit: funnel?.maxEventsPerMinute ?? 30, windowMs: 60_000 });
  const totalLimit = createRateLimiter({ limit: funnel?.maxEventsPerMinuteTotal ?? 3000, windowMs: 60_000 });
  const urlRules: UrlRules = {
    allowedOrigins: config.allowedReturnOrigins,
    allowLocalhost: config.allowedReturnOrigins.some((origin) => /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(origin)),
  };

  // Serializes work per key inside this process (two tabs authorizing one order, a double-clicked "complete").
  const queues = new Map<string, Promise<unknown>>();
  function exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return run;
  }

  /** Refuses an amount the server does not know for this order (see `orderAmount`). */
  async function checkAmount(context: OrderAmountContext): Promise<void> {
    let expected = await config.orderAmount(context);
    if (expected === undefined && context.amazonOrderReferenceId !== undefined) {
      expected = (await legacy.getOrderReferenceDetails(context.amazonOrderReferenceId)).orderTotal;
    }
    const { amount, currencyCode } = context.requested;
    if (expected === undefined) {
      throw callerError(new AmazonPayError('amazon', `UnknownOrderAmount: the server cannot confirm ${amount} ${currencyCode} for this order.`, { status: 409, code: 'UnknownOrderAmount', retryable: false }));
    }
    if (!sameMoney(expected, context.requested)) {
      throw callerError(new AmazonPayError('amazon', `AmountMismatch: the request says ${amount} ${currencyCode}, which is not this order's amount.`, { status: 409, code: 'AmountMismatch', retryable: false }));
    }
  }

  async function authorize(request: Request) {
    const authorizeRequest = parseAuthorizeRequest(await readJsonObject(request, jsonBody));
    if (authorizeRequest.sellerAuthorizationNote !== undefined && !config.sandboxSimulations) {
      throw requestError(400, 'UnknownField', 'sellerAuthorizationNote: accepted only when the server enables sandboxSimulations.');
    }
    const { amazonOrderReferenceId, amount } = authorizeRequest;
    await checkAccess(request, { type: 'orderReference', amazonOrderReferenceId });
    await checkAmount({ route: 'authorize', request, amazonOrderReferenceId, requested: amount });
    return exclusive(`order:${authorizeRequest.amazonOrderReferenceId}`, async () => {
      const attempts = await store.listAttempts(authorizeRequest.amazonOrderReferenceId);
      const isNew = !attempts.some((a) => a.authorizationReferenceId === authorizeRequest.authorizationReferenceId);
      // A new attempt while one is Open or Pending (a reload, a second tab) gets that one back: never a second authorization.
      const live = isNew ? attempts.find((a) => isLiveAuthorization(a, true)) : undefined;
      // Only for this order's amount: a stored authorization of another amount (the cart changed, or a forged one) is not this payment.
      if (live && !sameMoney(live.amount, amount)) {
        throw callerError(
          new AmazonPayError('amazon', `LiveAuthorizationMismatch: order reference ${amazonOrderReferenceId} has an ${live.state} authorization of another amount; close it before authorizing again.`, {
            status: 409,
            code: 'LiveAuthorizationMismatch',
            retryable: false,
          }),
        );
      }
      if (live) return live;
      // One decision-maker per order: once the server's recovery owns it, a tab's or a reload's new attempt is not made.
      if (isNew && config.recovery && (await config.recovery.view(amazonOrderReferenceId))) {
        throw callerError(
          new AmazonPayError('amazon', `OrderOwnedByServer: the server is recovering order reference ${amazonOrderReferenceId}; send the buyer's intent to its recovery route instead.`, {
            status: 409,
            code: 'OrderOwnedByServer',
            retryable: false,
          }),
        );
      }
      if (isNew && attempts.length >= maxAuthorizations) {
        throw callerError(
          new AmazonPayError('amazon', `RetryBudgetExhausted: order reference ${amazonOrderReferenceId} already had ${attempts.length} authorizations.`, { status: 409, code: 'RetryBudgetExhausted', retryable: false }),
        );
      }
      // No request signal: a buyer who closes the tab must not leave an authorization half-known.
      const result = await legacy.authorize(authorizeRequest);
      await store.saveAttempt(result);
      await recordAuthorization(request, result, authorizeRequest.mode, attempts);
      // A failure here is a 5xx: the browser repeats the same attempt id, Amazon answers the same result, tracking runs again.
      if (authorizeRequest.mode === 'async' && result.state === 'Pending') await config.recovery?.track(result);
      return result;
    });
  }

  /**
   * The report's events of an authorization the tab's flow made or read (the
   * tab decides: the server's own recovery records its orders itself). A
   * failure to record is reported, never the buyer's: the payment went through.
   */
  async function recordAuthorization(request: Request, authorization: AuthorizationDetails, mode: AuthorizationMode, earlier: readonly AuthorizationDetails[]): Promise<void> {
    const hadDecline = earlier.some((a) => a.state === 'Declined' && a.authorizationReferenceId !== authorization.authorizationReferenceId);
    await record(request, authorizationEvents(authorization, { at: Date.now(), mode, decidedBy: 'tab', hadDecline }));
  }

  async function record(request: Request, recorded: readonly RecordedRecoveryEvent[]): Promise<void> {
    if (recorded.length === 0) return;
    try {
      await events.recordEvents(recorded);
    } catch (error) {
      onError(error, request);
    }
  }

  /**
   * A completed session's charge is handed to the recovery runner, which reads
   * it (Get Charge) and, while it is AuthorizationInitiated, watches it. A
   * failure there does not fail the buyer's completion: it is reported, a
   * repeated completion tries again, and the charge's notification still starts the watch.
   */
  async function trackCharge(request: Request, completeRequest: CompleteCheckoutSessionRequest, result: CompletedCheckoutSession): Promise<void> {
    if (!config.recovery || result.state !== 'Completed' || result.chargeId === undefined) return;
    const { checkoutSessionId, chargePermissionId, chargeId, merchantReferenceId } = result;
    try {
      await config.recovery.trackCharge({ checkoutSessionId, chargePermissionId, chargeId, amount: completeRequest.amount, ...(merchantReferenceId === undefined ? {} : { merchantReferenceId }) });
    } catch (error) {
      onError(error, request);
    }
  }

  async function complete(request: Request, checkoutSessionId: string) {
    await checkAccess(request, { type: 'checkoutSession', checkoutSessionId: opaqueIdFromPath(checkoutSessionId, 'checkoutSessionId') });
    const completeRequest = parseCompleteRequest(checkoutSessionId, await readJsonObject(request, jsonBody));
    return exclusive(`checkout:${checkoutSessionId}`, async () => {
      const stored = await store.getCompletion(checkoutSessionId);
      if (stored) {
        if (!sameMoney(stored.request.amount, completeRequest.amount)) {
          const { amount, currencyCode } = stored.request.amount;
          throw callerError(new AmazonPayError('amazon', `AmountMismatch: checkout session ${checkoutSessionId} was completed with ${amount} ${currencyCode}.`, { status: 409, code: 'AmountMismatch', retryable: false }));
        }
        await trackCharge(request, stored.request, stored.result);
        return stored.result;
      }
      const result = await checkout.completeCheckoutSession(completeRequest);
      await store.saveCompletion({ request: completeRequest, result });
      if (result.state === 'Completed') {
        const { merchantReferenceId } = result;
        await record(request, [
          { id: `completed:${checkoutSessionId}`, at: Date.now(), type: 'checkoutCompleted', checkoutSessionId, amount: completeRequest.amount, ...(merchantReferenceId === undefined ? {} : { merchantReferenceId }) },
        ]);
      }
      await trackCharge(request, completeRequest, result);
      return result;
    });
  }

  async function sign(request: Request) {
    const payloadRequest = parseCheckoutPayloadRequest(await readJsonObject(request, jsonBody));
    const { merchantReferenceId } = payloadRequest;
    await checkAccess(request, { type: 'checkoutPayload', ...(merchantReferenceId === undefined ? {} : { merchantReferenceId }) });
    let payloadJSON: string;
    try {
      payloadJSON = JSON.stringify(buildCheckoutSessionPayload(payloadRequest, { storeId: config.storeId, urlRules }));
    } catch (error) {
      // A return URL outside allowedReturnOrigins, an address Amazon would refuse: the caller's request, named.
      if (error instanceof AmazonPayError && error.kind === 'validation') throw requestError(400, error.code ?? 'InvalidParameterValue', error.message);
      throw error;
    }
    assertRegionCurrency(checkout.region, payloadRequest.amount.currencyCode);
    await checkAmount({ route: 'signCheckoutSessionPayload', request, ...(merchantReferenceId === undefined ? {} : { merchantReferenceId }), requested: payloadRequest.amount });
    const { signature, publicKeyId, algorithm } = await checkout.signButtonPayload(payloadJSON);
    return { payloadJSON, signature, ...(publicKeyId === undefined ? {} : { publicKeyId }), algorithm };
  }

  /**
   * Processed notifications are recorded only after storing succeeded: a
   * delivery answered 5xx is processed in full when SNS redelivers it, and one
   * already processed (a replay) is refused with nothing stored or relayed.
   */
  async function receiveNotification(request: Request): Promise<Response> {
    const body = await readBodyText(request, ipnBody);
    let notification: VerifiedNotification;
    try {
      notification = await ipn!.verify(body, request.headers);
    } catch (error) {
      // A forgery or a misconfigured topic: the reason goes to onError, the reply (to SNS or whoever posted) has only the code.
      onError(error, request);
      return errorResponse(error, {}, 'refused');
    }
    const replayed = (): AmazonPayError =>
      requestError(409, 'ReplayedNotification', `ReplayedNotification: notification ${notification.notificationId} was already processed.`);
    if (await store.hasProcessedNotification?.(notification.notificationId)) throw replayed();
    // A runner recording its attempts here stores the authorization it re-reads (as new as the notification's, or newer);
    // the notification's copy is stored only when it does not, or when it fails.
    const copy = notification.kind === 'authorization' ? notification.authorization : undefined;
    const runnerStores = config.recovery?.orders === store;
    if (copy && !runnerStores) await store.saveAttempt(copy);
    // Before the id is recorded: a recovery that fails is a 5xx, and SNS delivers the notification again.
    // The runner publishes what it re-read (one event per notification); without one the notification itself is relayed.
    if (config.recovery) {
      try {
        await config.recovery.onNotification(notification);
      } catch (error) {
        if (copy && runnerStores) await store.saveAttempt(copy);
        // Amazon throttling (429) or failing: SNS redelivers only on a 5xx, so the notification is answered 503.
        if (error instanceof AmazonPayError && (error.retryable || error.status === 429)) {
          onError(error, request);
          return errorResponse(new AmazonPayError('network', error.message, { status: 503, code: error.code ?? 'AmazonUnavailable', retryable: true, cause: error }), { 'retry-after': '30' });
        }
        throw error;
      }
    }
    // Two deliveries at once: both stored the same state; only the one that records the id relays it.
    if (!(await store.markNotificationProcessed(notification.notificationId))) throw replayed();
    // Without the server's recovery the tab decides: an asynchronous result arriving here is recorded as the tab's.
    if (copy && !config.recovery) await recordAuthorization(request, copy, 'async', await store.listAttempts(copy.amazonOrderReferenceId));
    const relayed = config.recovery ? undefined : updateOf(notification);
    if (relayed) hub.publish(relayed.orderReferenceId, relayed.update);
    return jsonResponse({ received: true });
  }

  async function ownedOrderReference(request: Request, pathId: string): Promise<string> {
    const amazonOrderReferenceId = orderReferenceIdFromPath(pathId);
    await checkAccess(request, { type: 'orderReference', amazonOrderReferenceId });
    return amazonOrderReferenceId;
  }

  function serverRecovery(): NonNullable<AmazonPayHandlerConfig['recovery']> {
    if (!config.recovery) throw requestError(404, 'RecoveryNotConfigured', 'This server does not run the recovery (no `recovery` runner configured): the browser decides.');
    return config.recovery;
  }

  /** The buyer's intent for an order the server owns (or starts owning with `start`). */
  async function recoveryIntent(request: Request, amazonOrderReferenceId: string) {
    const recovery = serverRecovery();
    const intent = parseRecoveryIntentRequest(await readJsonObject(request, jsonBody));
    if (intent.amount) await checkAmount({ route: 'recoveryIntent', request, amazonOrderReferenceId, requested: intent.amount });
    return exclusive(`order:${amazonOrderReferenceId}`, () => recovery.intent(amazonOrderReferenceId, intent));
  }

  async function getRecovery(amazonOrderReferenceId: string) {
    const view = await serverRecovery().view(amazonOrderReferenceId);
    if (!view) throw requestError(404, 'UnknownOrder', `The server is not recovering order reference ${amazonOrderReferenceId}.`);
    return view;
  }

  function subscribe(request: Request, amazonOrderReferenceId: string): Response {
    const slot = streamSlots.take(amazonOrderReferenceId);
    if (typeof slot === 'string') {
      const where = slot === 'order' ? 'on this order reference' : 'on this server';
      const busy = callerError(new AmazonPayError('network', `Too many open event streams ${where}; reconnect later.`, { status: 503, code: 'TooManyEventStreams', retryable: true }));
      return errorResponse(busy, { 'retry-after': String(EVENT_STREAM_RETRY_AFTER_SECONDS) });
    }
    return eventStreamResponse(request, hub, amazonOrderReferenceId, { keepAliveMs, retryMs: 3000, onClose: slot });
  }

  async function route(request: Request, matched: MatchedRoute): Promise<Response | object> {
    const id = matched.id ?? '';
    switch (matched.name) {
      case 'authorize':
        return authorize(request);
      case 'getOrderReferenceDetails':
        return legacy.getOrderReferenceDetails(await ownedOrderReference(request, id), request.signal);
      case 'confirmOrderReference': {
        const confirm = parseConfirmRequest(await ownedOrderReference(request, id), await readJsonObject(request, jsonBody), urlRules);
        if (confirm.amount) await checkAmount({ route: 'confirmOrderReference', request, amazonOrderReferenceId: confirm.amazonOrderReferenceId, requested: confirm.amount });
        return legacy.confirmOrderReference(confirm);
      }
      case 'cancelOrderReference': {
        const orderReferenceId = await ownedOrderReference(request, id);
        const canceled = await legacy.cancelOrderReference(parseCancelRequest(orderReferenceId, await readJsonObject(request, jsonBody)));
        // The tab gave up on a declined order (the buyer pays another way): lost.
        const attempts = await store.listAttempts(orderReferenceId);
        const declined = attempts.filter((a) => a.state === 'Declined');
        if (declined.length > 0 && !attempts.some((a) => a.state === 'Open')) {
          const reasonCode = declined.at(-1)?.reasonCode;
          await record(request, [lostEvent(orderReferenceId, { at: Date.now(), decidedBy: 'tab', endState: 'canceled', ...(reasonCode ? { reasonCode } : {}) })]);
        }
        return canceled;
      }
      case 'subscribe':
        return subscribe(request, await ownedOrderReference(request, id));
      case 'recoveryIntent':
        return recoveryIntent(request, await ownedOrderReference(request, id));
      case 'getRecovery':
        return getRecovery(await ownedOrderReference(request, id));
      case 'getAuthorizationDetails': {
        const amazonAuthorizationId = opaqueIdFromPath(id, 'amazonAuthorizationId');
        await checkAccess(request, { type: 'orderReference', amazonOrderReferenceId: orderReferenceOfAuthorization(amazonAuthorizationId) });
        const details = await legacy.getAuthorizationDetails(amazonAuthorizationId, request.signal);
        await store.saveAttempt(details);
        // A poll of a Pending authorization (the tab deciding); one the server recovers is recorded by its runner.
        if (details.state !== 'Pending' && !(config.recovery && (await config.recovery.view(details.amazonOrderReferenceId)))) {
          await recordAuthorization(request, details, 'async', await store.listAttempts(details.amazonOrderReferenceId));
        }
        return details;
      }
      case 'signCheckoutSessionPayload':
        return sign(request);
      case 'completeCheckoutSession':
        return complete(request, id);
      case 'ipn':
        return receiveNotification(request);
      case 'recordFunnelEvents':
        return recordFunnelEvents(request);
      case 'getRecoveryReport':
        return recoveryReport(request);
    }
  }

  /** The tab's funnel events: parsed, each checked with canAccess, rate-limited per cart or order and in all. */
  async function recordFunnelEvents(request: Request): Promise<Response> {
    const parsed = parseFunnelEventsRequest(await readJsonObject(request, jsonBody));
    for (const { resource } of parsed) await checkAccess(request, resource);
    const perKey = new Map<string, number>();
    for (const { key } of parsed) perKey.set(key, (perKey.get(key) ?? 0) + 1);
    const wait = Math.max(totalLimit.take('all', parsed.length), ...[...perKey].map(([key, count]) => perKeyLimit.take(key, count)));
    if (wait > 0) {
      const busy = callerError(new AmazonPayError('network', 'Too many funnel events; send them later.', { status: 429, code: 'TooManyEvents', retryable: true }));
      return errorResponse(busy, { 'retry-after': String(wait) });
    }
    const at = Date.now();
    await events.recordEvents(parsed.map(({ event }) => ({ ...event, id: `tab:${crypto.randomUUID()}`, at })));
    return jsonResponse({ recorded: parsed.length }, 202);
  }

  async function recoveryReport(request: Request) {
    // The merchant's own admin check, never the buyer's canAccess.
    if ((await config.recoveryReport!.isAdmin(request)) !== true) throw requestError(403, 'Forbidden', 'Only the shop\'s admins may read the recovery report.');
    const params = new URL(request.url).searchParams;
    const unknown = [...params.keys()].find((name) => !['from', 'to', 'groupBy'].includes(name));
    if (unknown !== undefined) throw requestError(400, 'UnknownField', `${unknown}: not a parameter of the recovery report (expected from, to, groupBy).`);
    const query = { from: params.get('from') ?? '', to: params.get('to') ?? '', ...(params.has('groupBy') ? { groupBy: params.get('groupBy') as 'reasonCode' } : {}) };
    try {
      resolveReportQuery(query);
    } catch (error) {
      throw requestError(400, 'InvalidParameterValue', (error as Error).message);
    }
    return events.getRecoveryReport(query);
  }

  return async function handleAmazonPayRequest(request: Request): Promise<Response> {
    try {
      const { pathname } = new URL(request.url);
      if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) throw requestError(404, 'NotFound', `No Amazon Pay route at ${pathname}.`);
      const matched = matchRoute(request.method, pathname.slice(basePath.length) || '/');
      if (matched.name === 'ipn' && !ipn) throw requestError(404, 'NotFound', 'Notifications are not enabled on this server (no IpnVerifier configured).');
      if (matched.name === 'recordFunnelEvents' && !funnel) throw requestError(404, 'NotFound', 'Funnel events are not enabled on this server (no funnelEvents option).');
      if (matched.name === 'getRecoveryReport' && !config.recoveryReport) throw requestError(404, 'NotFound', 'The recovery report is not enabled on this server (no recoveryReport option).');
      if (matched.name !== 'ipn' && config.guard) {
        const refusal = await config.guard(request, { route: matched.name, ...(matched.id === undefined ? {} : { id: matched.id }) });
        if (refusal) return refusal;
      }
      // A client whose optional peer is missing: refused before any call to Amazon (and reported at start-up).
      const missing = await peers[PEER_OF_ROUTE[matched.name]];
      if (missing) {
        const code = missing instanceof AmazonPayError && missing.code ? missing.code : 'MissingPeerDependency';
        throw callerError(new AmazonPayError('network', 'The server is missing a package it needs; see its start-up log.', { status: 503, code, retryable: true, cause: missing }));
      }
      const result = await route(request, matched);
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      const allow = error instanceof AmazonPayError && error.code === 'MethodNotAllowed' ? { allow: (error.cause as string[]).join(', ') } : undefined;
      if (!isCallerError(error)) onError(error, request);
      return errorResponse(error, allow);
    }
  };
}
