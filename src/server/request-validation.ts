/**
 * Checks every request body of the contract field by field. Each error names
 * the field (`amount.currencyCode: ...`) and is a 400 before Amazon is called.
 */
import type { CancelOrderReferenceRequest } from '../domain/backend';
import { AmazonPayError } from '../domain/errors';
import type { RecoveryIntentRequest } from '../domain/server-recovery';
import type {
  AuthorizeRequest,
  CheckoutSessionPayloadRequest,
  CompleteCheckoutSessionRequest,
  ConfirmOrderReferenceRequest,
  Money,
} from '../domain/types';
import { assertSafeUrl, type UrlRules } from '../domain/safe-url';
import { assertOrderReferenceId, isAuthorizationReferenceId, parseMoney } from '../domain/validation';
import { requestError } from './http-error';

type Body = Record<string, unknown>;

/** Unknown fields are refused: a misspelt optional field would otherwise be silently ignored. */
function onlyFields(body: Body, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(body).find((field) => !allowed.includes(field));
  if (unknown !== undefined)
    throw requestError(400, 'UnknownField', `${unknown}: not a field of ${what} (expected ${allowed.join(', ')}).`);
}

function field<T>(name: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof AmazonPayError) throw requestError(400, error.code ?? 'InvalidParameterValue', `${name}: ${error.message}`);
    throw error;
  }
}

function optionalString(body: Body, name: string, maxLength: number): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw requestError(400, 'InvalidParameterValue', `${name}: must be a string.`);
  if (value.length > maxLength)
    throw requestError(400, 'InvalidParameterValue', `${name}: ${value.length} characters; the limit is ${maxLength}.`);
  return value;
}

function optionalBoolean(body: Body, name: string): boolean | undefined {
  const value = body[name];
  if (value !== undefined && typeof value !== 'boolean')
    throw requestError(400, 'InvalidParameterValue', `${name}: must be true or false.`);
  return value;
}

function money(value: unknown, name: string): Money {
  if (typeof value !== 'object' || value === null)
    throw requestError(400, 'InvalidAmount', `${name}: must be an object { amount, currencyCode }.`);
  const { amount, currencyCode } = value as Body;
  return field(name, () => parseMoney(amount, currencyCode));
}

export function orderReferenceIdFromPath(value: string): string {
  field('amazonOrderReferenceId', () => assertOrderReferenceId(value));
  return value;
}

/** Amazon ids of authorizations (`S01-1234567-1234567-A123456`) and checkout sessions (UUIDs). */
export function opaqueIdFromPath(value: string, name: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(value))
    throw requestError(400, 'InvalidParameterValue', `${name}: ${JSON.stringify(value.slice(0, 120))} is not a valid id.`);
  return value;
}

export function parseAuthorizeRequest(body: Body): AuthorizeRequest {
  onlyFields(
    body,
    [
      'amazonOrderReferenceId',
      'authorizationReferenceId',
      'amount',
      'mode',
      'transactionTimeoutMinutes',
      'captureNow',
      'sellerAuthorizationNote',
      'decider',
    ],
    'an authorize request',
  );
  if (body.decider !== undefined && body.decider !== 'browser')
    throw requestError(400, 'InvalidParameterValue', `decider: must be "browser" when present, got ${JSON.stringify(body.decider)}.`);
  field('amazonOrderReferenceId', () => assertOrderReferenceId(body.amazonOrderReferenceId));
  if (!isAuthorizationReferenceId(body.authorizationReferenceId)) {
    throw requestError(
      400,
      'InvalidParameterValue',
      `authorizationReferenceId: ${JSON.stringify(body.authorizationReferenceId)} is not 1-32 letters, digits, "-" or "_".`,
    );
  }
  if (body.mode !== 'sync' && body.mode !== 'async')
    throw requestError(400, 'InvalidParameterValue', `mode: must be "sync" or "async", got ${JSON.stringify(body.mode)}.`);
  const minutes = body.transactionTimeoutMinutes;
  if (minutes !== undefined && !(Number.isInteger(minutes) && (minutes as number) >= 0 && (minutes as number) <= 1440)) {
    throw requestError(
      400,
      'InvalidParameterValue',
      `transactionTimeoutMinutes: must be a whole number of minutes from 0 to 1440, got ${JSON.stringify(minutes)}.`,
    );
  }
  const captureNow = optionalBoolean(body, 'captureNow');
  const note = optionalString(body, 'sellerAuthorizationNote', 255);
  return {
    amazonOrderReferenceId: body.amazonOrderReferenceId as string,
    authorizationReferenceId: body.authorizationReferenceId,
    amount: money(body.amount, 'amount'),
    mode: body.mode,
    ...(minutes === undefined ? {} : { transactionTimeoutMinutes: minutes as number }),
    ...(captureNow === undefined ? {} : { captureNow }),
    ...(note === undefined ? {} : { sellerAuthorizationNote: note }),
  };
}

/**
 * Whether the authorize request came from a tab that runs its own decline machine: the kit's HTTP backend
 * without `serverRecovery()` marks it `decider: 'browser'` (checked by {@link parseAuthorizeRequest}).
 */
export const browserDecides = (body: Body): boolean => body.decider === 'browser';

export function parseConfirmRequest(amazonOrderReferenceId: string, body: Body, urlRules: UrlRules): ConfirmOrderReferenceRequest {
  onlyFields(body, ['amount', 'successUrl', 'failureUrl'], 'a confirm request');
  const url = (name: 'successUrl' | 'failureUrl'): { [k: string]: string } =>
    body[name] === undefined ? {} : { [name]: field(name, () => assertSafeUrl(body[name], name, urlRules)).href };
  return {
    amazonOrderReferenceId,
    ...(body.amount === undefined ? {} : { amount: money(body.amount, 'amount') }),
    ...url('successUrl'),
    ...url('failureUrl'),
  };
}

export function parseCancelRequest(amazonOrderReferenceId: string, body: Body): CancelOrderReferenceRequest {
  onlyFields(body, ['reason'], 'a cancel request');
  const reason = optionalString(body, 'reason', 1024);
  return { amazonOrderReferenceId, ...(reason === undefined ? {} : { reason }) };
}

/** Type checks only; buildCheckoutSessionPayload checks the values (URLs, amount, address). */
export function parseCheckoutPayloadRequest(body: Body): CheckoutSessionPayloadRequest {
  onlyFields(
    body,
    [
      'checkoutResultReturnUrl',
      'checkoutCancelUrl',
      'amount',
      'paymentIntent',
      'shippingAddress',
      'merchantReferenceId',
      'canHandlePendingAuthorization',
    ],
    'a checkout session payload request',
  );
  optionalBoolean(body, 'canHandlePendingAuthorization');
  optionalString(body, 'merchantReferenceId', 256);
  optionalString(body, 'paymentIntent', 32);
  money(body.amount, 'amount');
  if (typeof body.checkoutResultReturnUrl !== 'string')
    throw requestError(400, 'InvalidUrl', 'checkoutResultReturnUrl: required, an https URL.');
  return body as unknown as CheckoutSessionPayloadRequest;
}

export function parseCompleteRequest(checkoutSessionId: string, body: Body): CompleteCheckoutSessionRequest {
  onlyFields(body, ['amount'], 'a complete request');
  return { checkoutSessionId, amount: money(body.amount, 'amount') };
}

const INTENTS = ['start', 'retry', 'cancel', 'paymentSelected', 'placeOrder'] as const;

/** The buyer's intent for an order the server owns; `start` needs the amount and the mode. */
export function parseRecoveryIntentRequest(body: Body): RecoveryIntentRequest {
  onlyFields(body, ['intent', 'amount', 'mode'], 'a recovery intent');
  const intent = body.intent;
  if (!INTENTS.includes(intent as (typeof INTENTS)[number]))
    throw requestError(400, 'InvalidParameterValue', `intent: must be one of ${INTENTS.join(', ')}, got ${JSON.stringify(intent)}.`);
  if (intent !== 'start') {
    if (body.amount !== undefined || body.mode !== undefined)
      throw requestError(400, 'UnknownField', `amount and mode: only the start intent carries them.`);
    return { intent: intent as RecoveryIntentRequest['intent'] };
  }
  if (body.mode !== 'sync' && body.mode !== 'async')
    throw requestError(400, 'InvalidParameterValue', `mode: must be "sync" or "async", got ${JSON.stringify(body.mode)}.`);
  return { intent, amount: money(body.amount, 'amount'), mode: body.mode };
}
