import { buildCheckoutSessionPayload } from '../domain/checkout-payload';
import { AmazonPayError } from '../domain/errors';
import type { BackendUpdate, Money } from '../domain/types';
import type { UrlRules } from '../domain/validation';
import type { CheckoutV2Client, IpnVerifier, LegacyPaymentsClient, VerifiedNotification } from './amazon-clients';
import { eventStreamResponse } from './event-stream';
import { errorResponse, jsonResponse, requestError } from './http-error';
import { createMemoryOrderStore, type OrderStore } from './order-store';
import { readBodyText, readJsonObject } from './request-body';
import {
  opaqueIdFromPath,
  orderReferenceIdFromPath,
  parseAuthorizeRequest,
  parseCancelRequest,
  parseCheckoutPayloadRequest,
  parseCompleteRequest,
  parseConfirmRequest,
} from './request-validation';
import { createUpdateHub, type UpdateHub } from './update-hub';

/** The routes of docs/backend-contract.md, relative to basePath. `:id` is one path segment. */
export const AMAZON_PAY_ROUTES = [
  { name: 'authorize', method: 'POST', path: '/authorize' },
  { name: 'getOrderReferenceDetails', method: 'GET', path: '/order-references/:id' },
  { name: 'confirmOrderReference', method: 'POST', path: '/order-references/:id/confirm' },
  { name: 'cancelOrderReference', method: 'POST', path: '/order-references/:id/cancel' },
  { name: 'subscribe', method: 'GET', path: '/order-references/:id/events' },
  { name: 'getAuthorizationDetails', method: 'GET', path: '/authorizations/:id' },
  { name: 'signCheckoutSessionPayload', method: 'POST', path: '/checkout-sessions/payload' },
  { name: 'completeCheckoutSession', method: 'POST', path: '/checkout-sessions/:id/complete' },
  { name: 'ipn', method: 'POST', path: '/ipn' },
] as const;

export type AmazonPayRouteName = (typeof AMAZON_PAY_ROUTES)[number]['name'];

export interface AmazonPayRouteContext {
  readonly route: AmazonPayRouteName;
  /** The order reference, authorization or checkout session id from the path. */
  readonly id?: string;
}

/** What {@link AmazonPayHandlerConfig.orderAmount} is asked about. */
export interface OrderAmountContext {
  readonly route: 'authorize' | 'confirmOrderReference' | 'signCheckoutSessionPayload';
  /** The buyer's request (read its session cookie, not its body: the body is already parsed). */
  readonly request: Request;
  /** authorize and confirmOrderReference. */
  readonly amazonOrderReferenceId?: string;
  /** signCheckoutSessionPayload, when the browser sent one (your order or cart id). */
  readonly merchantReferenceId?: string;
  /** What the browser asked for; never trust it as the answer. */
  readonly requested: Money;
}

export interface AmazonPayHandlerConfig {
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
  /** Comment line interval on event streams. Default 15000. */
  readonly keepAliveMs?: number;
  /**
   * Runs before every route except the IPN (which comes from Amazon, not the
   * buyer): check the session, the CSRF token, that the order reference
   * belongs to this buyer. Return a Response to refuse the request.
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
   * Authorizations per order reference through this handler: the first plus
   * Amazon's three re-authorizations after a decline (default 4). The browser
   * counts too, but a reload starts it afresh; a further new attempt gets
   * 409 RetryBudgetExhausted (the kit then asks the buyer to pay another way).
   */
  readonly maxAuthorizationsPerOrder?: number;
  /** Called with every failure answered with a 5xx. Default console.error. */
  readonly onError?: (error: unknown, request: Request) => void;
}

interface MatchedRoute {
  readonly name: AmazonPayRouteName;
  readonly id?: string;
}

function matchRoute(method: string, path: string): MatchedRoute {
  const segments = path.split('/').slice(1);
  let allowed: string[] = [];
  for (const route of AMAZON_PAY_ROUTES) {
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
    throw new AmazonPayError('validation', `${method} is not allowed here; use ${allowed.join(', ')}.`, { status: 405, code: 'MethodNotAllowed', retryable: false, cause: allowed });
  }
  throw requestError(404, 'NotFound', `No Amazon Pay route at ${path}.`);
}

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
 * Open or Pending gets that one back instead; notifications are verified,
 * deduplicated and relayed to the order reference's event stream.
 */
export function createAmazonPayHandler(config: AmazonPayHandlerConfig): (request: Request) => Promise<Response> {
  const { legacy, checkout, ipn } = config;
  const store = config.storage ?? createMemoryOrderStore();
  const hub = config.hub ?? createUpdateHub();
  const basePath = (config.basePath ?? '').replace(/\/+$/, '');
  const maxBodyBytes = config.maxBodyBytes ?? 16 * 1024;
  const maxIpnBodyBytes = config.maxIpnBodyBytes ?? 256 * 1024;
  const keepAliveMs = config.keepAliveMs ?? 15_000;
  const maxAuthorizations = config.maxAuthorizationsPerOrder ?? 4;
  const onError = config.onError ?? ((error: unknown) => console.error('[amazon-pay]', error));
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
      throw new AmazonPayError('amazon', `UnknownOrderAmount: the server cannot confirm ${amount} ${currencyCode} for this order.`, { status: 409, code: 'UnknownOrderAmount', retryable: false });
    }
    if (!sameMoney(expected, context.requested)) {
      throw new AmazonPayError('amazon', `AmountMismatch: the order is ${expected.amount} ${expected.currencyCode}, the request says ${amount} ${currencyCode}.`, { status: 409, code: 'AmountMismatch', retryable: false });
    }
  }

  async function authorize(request: Request) {
    const authorizeRequest = parseAuthorizeRequest(await readJsonObject(request, maxBodyBytes));
    if (authorizeRequest.sellerAuthorizationNote !== undefined && !config.sandboxSimulations) {
      throw requestError(400, 'UnknownField', 'sellerAuthorizationNote: accepted only when the server enables sandboxSimulations.');
    }
    const { amazonOrderReferenceId, amount } = authorizeRequest;
    await checkAmount({ route: 'authorize', request, amazonOrderReferenceId, requested: amount });
    return exclusive(`order:${authorizeRequest.amazonOrderReferenceId}`, async () => {
      const attempts = await store.listAttempts(authorizeRequest.amazonOrderReferenceId);
      const isNew = !attempts.some((a) => a.authorizationReferenceId === authorizeRequest.authorizationReferenceId);
      // A new attempt while one is Open or Pending (a reload, a second tab) gets that one back: never a second authorization.
      const live = isNew ? attempts.find((a) => a.state === 'Open' || a.state === 'Pending') : undefined;
      if (live) return live;
      if (isNew && attempts.length >= maxAuthorizations) {
        throw new AmazonPayError('amazon', `RetryBudgetExhausted: order reference ${amazonOrderReferenceId} already had ${attempts.length} authorizations.`, { status: 409, code: 'RetryBudgetExhausted', retryable: false });
      }
      // No request signal: a buyer who closes the tab must not leave an authorization half-known.
      const result = await legacy.authorize(authorizeRequest);
      await store.saveAttempt(result);
      return result;
    });
  }

  async function complete(request: Request, checkoutSessionId: string) {
    const completeRequest = parseCompleteRequest(opaqueIdFromPath(checkoutSessionId, 'checkoutSessionId'), await readJsonObject(request, maxBodyBytes));
    return exclusive(`checkout:${checkoutSessionId}`, async () => {
      const stored = await store.getCompletion(checkoutSessionId);
      if (stored) {
        if (!sameMoney(stored.request.amount, completeRequest.amount)) {
          const { amount, currencyCode } = stored.request.amount;
          throw new AmazonPayError('amazon', `AmountMismatch: checkout session ${checkoutSessionId} was completed with ${amount} ${currencyCode}.`, { status: 409, code: 'AmountMismatch', retryable: false });
        }
        return stored.result;
      }
      const result = await checkout.completeCheckoutSession(completeRequest);
      await store.saveCompletion({ request: completeRequest, result });
      return result;
    });
  }

  async function sign(request: Request) {
    const payloadRequest = parseCheckoutPayloadRequest(await readJsonObject(request, maxBodyBytes));
    const payloadJSON = JSON.stringify(buildCheckoutSessionPayload(payloadRequest, { storeId: config.storeId, urlRules }));
    const { merchantReferenceId } = payloadRequest;
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
    const notification = await ipn!.verify(await readBodyText(request, maxIpnBodyBytes), request.headers);
    const replayed = (): AmazonPayError =>
      new AmazonPayError('validation', `ReplayedNotification: notification ${notification.notificationId} was already processed.`, { status: 409, code: 'ReplayedNotification', retryable: false });
    if (await store.hasProcessedNotification?.(notification.notificationId)) throw replayed();
    if (notification.kind === 'authorization') await store.saveAttempt(notification.authorization);
    // Two deliveries at once: both stored the same state; only the one that records the id relays it.
    if (!(await store.markNotificationProcessed(notification.notificationId))) throw replayed();
    const relayed = updateOf(notification);
    if (relayed) hub.publish(relayed.orderReferenceId, relayed.update);
    return jsonResponse({ received: true });
  }

  async function route(request: Request, matched: MatchedRoute): Promise<Response | object> {
    const id = matched.id ?? '';
    switch (matched.name) {
      case 'authorize':
        return authorize(request);
      case 'getOrderReferenceDetails':
        return legacy.getOrderReferenceDetails(orderReferenceIdFromPath(id), request.signal);
      case 'confirmOrderReference': {
        const confirm = parseConfirmRequest(orderReferenceIdFromPath(id), await readJsonObject(request, maxBodyBytes), urlRules);
        if (confirm.amount) await checkAmount({ route: 'confirmOrderReference', request, amazonOrderReferenceId: confirm.amazonOrderReferenceId, requested: confirm.amount });
        return legacy.confirmOrderReference(confirm);
      }
      case 'cancelOrderReference': {
        const orderReferenceId = orderReferenceIdFromPath(id);
        return legacy.cancelOrderReference(parseCancelRequest(orderReferenceId, await readJsonObject(request, maxBodyBytes)));
      }
      case 'subscribe':
        return eventStreamResponse(request, hub, orderReferenceIdFromPath(id), { keepAliveMs, retryMs: 3000 });
      case 'getAuthorizationDetails': {
        const details = await legacy.getAuthorizationDetails(opaqueIdFromPath(id, 'amazonAuthorizationId'), request.signal);
        await store.saveAttempt(details);
        return details;
      }
      case 'signCheckoutSessionPayload':
        return sign(request);
      case 'completeCheckoutSession':
        return complete(request, id);
      case 'ipn':
        return receiveNotification(request);
    }
  }

  return async function handleAmazonPayRequest(request: Request): Promise<Response> {
    try {
      const { pathname } = new URL(request.url);
      if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) throw requestError(404, 'NotFound', `No Amazon Pay route at ${pathname}.`);
      const matched = matchRoute(request.method, pathname.slice(basePath.length) || '/');
      if (matched.name === 'ipn' && !ipn) throw requestError(404, 'NotFound', 'Notifications are not enabled on this server (no IpnVerifier configured).');
      if (matched.name !== 'ipn' && config.guard) {
        const refusal = await config.guard(request, { route: matched.name, ...(matched.id === undefined ? {} : { id: matched.id }) });
        if (refusal) return refusal;
      }
      const result = await route(request, matched);
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      const allow = error instanceof AmazonPayError && error.code === 'MethodNotAllowed' ? { allow: (error.cause as string[]).join(', ') } : undefined;
      const response = errorResponse(error, allow);
      if (response.status >= 500) onError(error, request);
      return response;
    }
  };
}
