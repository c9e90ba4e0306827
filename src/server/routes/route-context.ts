/**
 * What every route of the handler shares, built once per handler from its
 * configuration: the stores, the one keyed lock, the body limits, the access
 * and amount checks, and the one owner of the order's side effects.
 */
import { resolveDeclinePolicy } from '../../domain/decline-policy';
import { AmazonPayError } from '../../domain/errors';
import type { UrlRules } from '../../domain/safe-url';
import type { Money } from '../../domain/types';
import { accessCheck, type AmazonPayResource } from '../access';
import { createEventStreamSlots, type EventStreamSlots } from '../event-stream-slots';
import type { AmazonPayHandlerConfig, OrderAmountContext } from '../handler';
import { callerError } from '../http-error';
import { createKeyedLock, type KeyedLock } from '../keyed-lock';
import { createMemoryOrderStore, type OrderStore } from '../order-store';
import { createRateLimiter, type RateLimiter } from '../rate-limit';
import { createMemoryEventLog, isRecoveryEventLog, type RecoveryEventLog } from '../recovery-event-log';
import type { BodyLimits } from '../request-body';
import { orderReferenceIdFromPath } from '../request-validation';
import { createUpdateHub, type UpdateHub } from '../update-hub';
import { createOrderEffects, type OrderEffects } from './order-effects';

export interface RouteContext {
  readonly config: AmazonPayHandlerConfig;
  readonly store: OrderStore;
  readonly hub: UpdateHub;
  /** Serializes one order's (`order:<id>`) or one checkout session's (`checkout:<id>`) work in this process. */
  readonly lock: KeyedLock;
  readonly jsonBody: BodyLimits;
  readonly ipnBody: BodyLimits;
  readonly urlRules: UrlRules;
  readonly maxAuthorizations: number;
  readonly streams: EventStreamSlots;
  readonly keepAliveMs: number;
  readonly funnelLimits: { readonly perKey: RateLimiter; readonly total: RateLimiter };
  readonly events: RecoveryEventLog;
  readonly onError: (error: unknown, request: Request) => void;
  /** The one owner of what the handler does on learning an order's news (stored, recorded, handed to the runner, relayed). */
  readonly effects: OrderEffects;
  checkAccess(request: Request, resource: AmazonPayResource): Promise<void>;
  /** Refuses an amount the server does not know for this order (see `orderAmount`). */
  checkAmount(context: OrderAmountContext): Promise<void>;
  /** The order reference id of the path, once `canAccess` allowed it. */
  ownedOrderReference(request: Request, pathId: string): Promise<string>;
}

export const sameMoney = (a: Money, b: Money): boolean => a.currencyCode === b.currencyCode && Number(a.amount) === Number(b.amount);

export function createRouteContext(config: AmazonPayHandlerConfig): RouteContext {
  const checkAccess = accessCheck(config, (message) => console.warn(message));
  const store = config.storage ?? createMemoryOrderStore();
  const hub = config.hub ?? createUpdateHub();
  const bodyTimeoutMs = config.bodyTimeoutMs ?? 5_000;
  const events: RecoveryEventLog = config.events ?? config.recovery?.events ?? (isRecoveryEventLog(store) ? store : createMemoryEventLog());
  const funnel = config.funnelEvents ? (config.funnelEvents === true ? {} : config.funnelEvents) : undefined;
  const onError = config.onError ?? ((error: unknown) => console.error('[amazon-pay]', error));
  return {
    config,
    store,
    hub,
    lock: createKeyedLock(),
    jsonBody: { maxBytes: config.maxBodyBytes ?? 16 * 1024, timeoutMs: bodyTimeoutMs },
    ipnBody: { maxBytes: config.maxIpnBodyBytes ?? 256 * 1024, timeoutMs: bodyTimeoutMs },
    urlRules: {
      allowedOrigins: config.allowedReturnOrigins,
      allowLocalhost: config.allowedReturnOrigins.some((origin) => /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(origin)),
    },
    maxAuthorizations: resolveDeclinePolicy({ maxAuthorizations: config.maxAuthorizationsPerOrder }).maxAuthorizations,
    streams: createEventStreamSlots({
      maxEventStreams: config.maxEventStreams ?? 1000,
      maxEventStreamsPerOrder: config.maxEventStreamsPerOrder ?? 8,
    }),
    keepAliveMs: config.keepAliveMs ?? 15_000,
    funnelLimits: {
      perKey: createRateLimiter({ limit: funnel?.maxEventsPerMinute ?? 30, windowMs: 60_000 }),
      total: createRateLimiter({ limit: funnel?.maxEventsPerMinuteTotal ?? 3000, windowMs: 60_000 }),
    },
    events,
    onError,
    effects: createOrderEffects({ store, hub, events, recovery: config.recovery, onError }),
    checkAccess,
    async checkAmount(context) {
      let expected = await config.orderAmount(context);
      if (expected === undefined && context.amazonOrderReferenceId !== undefined) {
        expected = (await config.legacy.getOrderReferenceDetails(context.amazonOrderReferenceId)).orderTotal;
      }
      const { amount, currencyCode } = context.requested;
      if (expected === undefined) {
        throw callerError(
          new AmazonPayError('amazon', `UnknownOrderAmount: the server cannot confirm ${amount} ${currencyCode} for this order.`, {
            status: 409,
            code: 'UnknownOrderAmount',
            retryable: false,
          }),
        );
      }
      if (!sameMoney(expected, context.requested)) {
        throw callerError(
          new AmazonPayError('amazon', `AmountMismatch: the request says ${amount} ${currencyCode}, which is not this order's amount.`, {
            status: 409,
            code: 'AmountMismatch',
            retryable: false,
          }),
        );
      }
    },
    async ownedOrderReference(request, pathId) {
      const amazonOrderReferenceId = orderReferenceIdFromPath(pathId);
      await checkAccess(request, { type: 'orderReference', amazonOrderReferenceId });
      return amazonOrderReferenceId;
    },
  };
}
