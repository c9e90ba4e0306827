/**
 * Amazon's `AuthorizationDetails` and `OrderReferenceDetails` XML elements
 * (MWS replies and IPN NotificationData share them) into the core types.
 */
import { AmazonPayError } from '../../domain/errors';
import { AUTHORIZATION_STATES, ORDER_REFERENCE_STATES } from '../../domain/reply-shapes';
import type { AuthorizationDetails, Money, OrderReferenceDetails } from '../../domain/types';
import { CURRENCY_CODES, orderReferenceIdOfAuthorization } from '../../domain/validation';
import { child, children, requiredText, text, type XmlNode } from './xml';

function malformed(message: string): AmazonPayError {
  return new AmazonPayError('malformed', message, { code: 'MalformedReply', retryable: false });
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw malformed(`Unknown ${what} ${JSON.stringify(value)}.`);
}

function money(node: XmlNode | undefined, where: string): Money {
  return {
    amount: requiredText(node, 'Amount', where),
    currencyCode: oneOf(requiredText(node, 'CurrencyCode', where), CURRENCY_CODES, 'currency code'),
  };
}

/** MWS AuthorizationDetails do not repeat the order reference id: it is read from the authorization id when not known. */
function orderReferenceIdOf(amazonAuthorizationId: string): string {
  const id = orderReferenceIdOfAuthorization(amazonAuthorizationId);
  if (id === undefined) throw malformed(`Cannot read the order reference from authorization id ${JSON.stringify(amazonAuthorizationId)}.`);
  return id;
}

export function parseAuthorizationDetails(node: XmlNode | undefined, amazonOrderReferenceId?: string): AuthorizationDetails {
  if (node === undefined) throw malformed('The reply has no AuthorizationDetails.');
  const where = 'AuthorizationDetails';
  const status = child(node, 'AuthorizationStatus');
  const amazonAuthorizationId = requiredText(node, 'AmazonAuthorizationId', where);
  const reasonCode = text(status, 'ReasonCode');
  const softDecline = text(node, 'SoftDecline');
  return {
    amazonAuthorizationId,
    authorizationReferenceId: requiredText(node, 'AuthorizationReferenceId', where),
    amazonOrderReferenceId: amazonOrderReferenceId ?? orderReferenceIdOf(amazonAuthorizationId),
    state: oneOf(requiredText(status, 'State', 'AuthorizationStatus'), AUTHORIZATION_STATES, 'authorization state'),
    ...(reasonCode ? { reasonCode } : {}),
    ...(softDecline === undefined || softDecline === '' ? {} : { softDecline: softDecline === 'true' }),
    amount: money(child(node, 'AuthorizationAmount'), 'AuthorizationAmount'),
    lastUpdateTimestamp: requiredText(status, 'LastUpdateTimestamp', 'AuthorizationStatus'),
  };
}

/** Reads `OrderReferenceDetails` (MWS) or the IPN's `OrderReference` element. */
export function parseOrderReferenceDetails(node: XmlNode | undefined): OrderReferenceDetails {
  if (node === undefined) throw malformed('The reply has no OrderReferenceDetails.');
  const status = child(node, 'OrderReferenceStatus');
  const reasonCode = text(status, 'ReasonCode');
  const total = child(node, 'OrderTotal');
  return {
    amazonOrderReferenceId: requiredText(node, 'AmazonOrderReferenceId', 'OrderReferenceDetails'),
    state: oneOf(requiredText(status, 'State', 'OrderReferenceStatus'), ORDER_REFERENCE_STATES, 'order reference state'),
    ...(reasonCode ? { reasonCode } : {}),
    ...(total === undefined ? {} : { orderTotal: money(total, 'OrderTotal') }),
    constraints: children(child(node, 'Constraints'), 'Constraint')
      .map((constraint) => text(constraint, 'ConstraintID'))
      .filter((id): id is string => Boolean(id)),
  };
}
