/**
 * The reply bodies of the contract, as runtime schemas: the browser adapter
 * checks every reply against them (a wrong shape is a `malformed` error naming
 * the field), and the server's tests check the handler's replies with the same ones.
 */
import { AUTHORIZATION_STATES, CHARGE_STATES, ORDER_REFERENCE_STATES } from '../domain/reply-shapes';
import type { BuyerRouteName } from './routes';

/** A field rule: a typeof name (`?` prefix = optional), the allowed values, or a nested shape. */
export type Shape = { readonly [field: string]: string | readonly string[] | Shape };

const MONEY: Shape = { amount: 'string', currencyCode: 'string' };
const ORDER_REFERENCE: Shape = {
  amazonOrderReferenceId: 'string',
  state: ORDER_REFERENCE_STATES,
  reasonCode: '?string',
  constraints: 'array',
};
const AUTHORIZATION: Shape = {
  amazonAuthorizationId: 'string',
  authorizationReferenceId: 'string',
  amazonOrderReferenceId: 'string',
  state: AUTHORIZATION_STATES,
  reasonCode: '?string',
  softDecline: '?boolean',
  amount: MONEY,
  lastUpdateTimestamp: 'string',
};
const SIGNED_PAYLOAD: Shape = { payloadJSON: 'string', signature: 'string', publicKeyId: '?string', algorithm: 'string' };
const COMPLETED: Shape = {
  state: ['Completed', 'Canceled'],
  checkoutSessionId: 'string',
  chargePermissionId: 'string',
  chargeId: '?string',
};
const CANCELED: Shape = { checkoutSessionId: 'string', reasonCode: 'string', reasonDescription: '?string' };
const AUTHORIZATION_UPDATE: Shape = { notificationId: 'string', authorization: AUTHORIZATION };
const ORDER_REFERENCE_UPDATE: Shape = {
  type: ['authorization', 'orderReference'],
  notificationId: 'string',
  orderReference: ORDER_REFERENCE,
};
/** The server's view itself is checked by the tab that shows it (contract/recovery-replies.ts). */
const RECOVERY_UPDATE: Shape = { notificationId: 'string', recovery: {} };
const CHARGE_UPDATE: Shape = {
  notificationId: 'string',
  charge: { chargeId: 'string', chargePermissionId: 'string', state: CHARGE_STATES, reasonCode: '?string', chargeAmount: MONEY },
};

/** Throws a plain Error naming the first field that breaks the shape. */
export function conform(value: unknown, shape: Shape, path: string): void {
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

/** The routes that answer with a JSON body. */
export type ReplyRoute = Exclude<BuyerRouteName, 'subscribe' | 'ipn' | 'recoveryIntent' | 'getRecovery'>;

const REPLIES: Readonly<Record<ReplyRoute, Shape | ((value: unknown) => Shape)>> = {
  authorize: AUTHORIZATION,
  getOrderReferenceDetails: ORDER_REFERENCE,
  confirmOrderReference: ORDER_REFERENCE,
  cancelOrderReference: ORDER_REFERENCE,
  getAuthorizationDetails: AUTHORIZATION,
  signCheckoutSessionPayload: SIGNED_PAYLOAD,
  completeCheckoutSession: (value) => ((value as { state?: unknown })?.state === 'Canceled' ? CANCELED : COMPLETED),
};

/** Throws a plain Error naming the field when `value` is not the route's documented reply. */
export function checkReply(route: ReplyRoute, value: unknown): void {
  const shape = REPLIES[route];
  conform(value, typeof shape === 'function' ? shape(value) : shape, 'reply');
}

/** Throws a plain Error naming the field when `value` is not a documented event of the update stream. */
export function checkUpdate(value: unknown): void {
  const type = (value as { type?: unknown })?.type;
  conform(
    value,
    type === 'authorization'
      ? AUTHORIZATION_UPDATE
      : type === 'charge'
        ? CHARGE_UPDATE
        : type === 'recovery'
          ? RECOVERY_UPDATE
          : ORDER_REFERENCE_UPDATE,
    'update',
  );
}
