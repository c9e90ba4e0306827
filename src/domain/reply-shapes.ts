import type { AuthorizationDetails, AuthorizationState, ChargeState, OrderReferenceDetails, OrderReferenceState } from './types';
import type { BackendUpdate } from './server-recovery';

/**
 * Reads replies and pushed updates of a backend the kit did not write (a
 * merchant's own adapter): anything not of the documented shape is `undefined`,
 * which the decline machine treats as an unknown outcome, never as a decline.
 */

/** Every state Amazon gives an authorization; the contract's reply schemas and the server's MWS parser use the same list. */
export const AUTHORIZATION_STATES: readonly AuthorizationState[] = ['Pending', 'Open', 'Declined', 'Closed'];
/** Every state Amazon gives an order reference; the contract's reply schemas and the server's MWS parser use the same list. */
export const ORDER_REFERENCE_STATES: readonly OrderReferenceState[] = ['Draft', 'Open', 'Suspended', 'Canceled', 'Closed'];
/** A Checkout v2 Charge's states (Amazon Pay API v2, Charge object). */
export const CHARGE_STATES: readonly ChargeState[] = [
  'AuthorizationInitiated',
  'Authorized',
  'CaptureInitiated',
  'Captured',
  'Declined',
  'Canceled',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const optional = (value: unknown, check: (v: unknown) => boolean): boolean => value === undefined || value === null || check(value);

export function readAuthorizationDetails(value: unknown): AuthorizationDetails | undefined {
  if (!isRecord(value)) return undefined;
  const { amazonAuthorizationId, authorizationReferenceId, amazonOrderReferenceId, state, reasonCode, softDecline } = value;
  if (!isText(amazonAuthorizationId) || !isText(authorizationReferenceId) || !isText(amazonOrderReferenceId)) return undefined;
  if (typeof state !== 'string' || !(AUTHORIZATION_STATES as readonly string[]).includes(state)) return undefined;
  if (!optional(reasonCode, isText) || !optional(softDecline, (v) => typeof v === 'boolean')) return undefined;
  return value as unknown as AuthorizationDetails;
}

export function readOrderReferenceDetails(value: unknown): OrderReferenceDetails | undefined {
  if (!isRecord(value)) return undefined;
  const { amazonOrderReferenceId, state, reasonCode } = value;
  if (!isText(amazonOrderReferenceId) || typeof state !== 'string' || !(ORDER_REFERENCE_STATES as readonly string[]).includes(state))
    return undefined;
  if (!optional(reasonCode, isText)) return undefined;
  return value as unknown as OrderReferenceDetails;
}

export function readBackendUpdate(value: unknown): BackendUpdate | undefined {
  if (!isRecord(value) || !isText(value.notificationId)) return undefined;
  if (value.type === 'authorization') {
    const authorization = readAuthorizationDetails(value.authorization);
    return authorization ? { type: 'authorization', authorization, notificationId: value.notificationId } : undefined;
  }
  if (value.type === 'orderReference') {
    const orderReference = readOrderReferenceDetails(value.orderReference);
    return orderReference ? { type: 'orderReference', orderReference, notificationId: value.notificationId } : undefined;
  }
  return undefined;
}
