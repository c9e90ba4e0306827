/**
 * Who may act on what: every route that acts on an order asks the merchant's
 * `canAccess` about the Amazon object it is about to touch, after the request
 * was parsed and before Amazon, the store or the event hub is used.
 */
import { AmazonPayError } from '../domain/errors';
import { orderReferenceIdOfAuthorization } from '../domain/validation';
import { requestError } from './http-error';

/** What a buyer's request is about to act on. */
export type AmazonPayResource =
  /** authorize, read, confirm, cancel, the event stream, and an authorization's details (its order reference is the id's prefix). */
  | { readonly type: 'orderReference'; readonly amazonOrderReferenceId: string }
  /** completeCheckoutSession: the `amazonCheckoutSessionId` Amazon appended to your return URL. */
  | { readonly type: 'checkoutSession'; readonly checkoutSessionId: string }
  /** signCheckoutSessionPayload: your order or cart id, when the browser sent one. */
  | { readonly type: 'checkoutPayload'; readonly merchantReferenceId?: string };

/** Answers whether the buyer making `request` may act on `resource` (read the session cookie, not the body). */
export type CanAccess = (request: Request, resource: AmazonPayResource) => boolean | Promise<boolean>;

export interface AccessOptions {
  readonly canAccess?: CanAccess;
  readonly dangerouslyAllowAnyBuyer?: boolean;
}

export const ANY_BUYER_WARNING =
  '[amazon-pay] dangerouslyAllowAnyBuyer is set: anyone who can reach this server may read, confirm, cancel, authorize and watch ANY order reference. Use it for local development only; in production configure canAccess.';

/**
 * The access check of a handler configuration. Either `canAccess` or an
 * explicit `dangerouslyAllowAnyBuyer: true` (which warns once, here) is
 * required: a handler without an ownership check lets anyone cancel anyone's order.
 */
export function accessCheck(
  options: AccessOptions,
  warn: (message: string) => void,
): (request: Request, resource: AmazonPayResource) => Promise<void> {
  const { canAccess, dangerouslyAllowAnyBuyer } = options;
  if (typeof canAccess === 'function') {
    if (dangerouslyAllowAnyBuyer)
      throw new AmazonPayError('validation', 'createAmazonPayHandler: set canAccess or dangerouslyAllowAnyBuyer, not both.', {
        code: 'InvalidConfiguration',
        retryable: false,
      });
    return async (request, resource) => {
      if ((await canAccess(request, resource)) !== true) throw requestError(403, 'Forbidden', 'This session may not act on that order.');
    };
  }
  if (dangerouslyAllowAnyBuyer !== true) {
    throw new AmazonPayError(
      'validation',
      'createAmazonPayHandler needs canAccess: (request, resource) => boolean, which decides whether the buyer of this request may act on that order reference, checkout session or cart. (For local development only: dangerouslyAllowAnyBuyer: true.)',
      { code: 'InvalidConfiguration', retryable: false },
    );
  }
  warn(ANY_BUYER_WARNING);
  return async () => {};
}

/** The order reference an authorization id belongs to; anything else is a 400. */
export function orderReferenceOfAuthorization(amazonAuthorizationId: string): string {
  const orderReferenceId = orderReferenceIdOfAuthorization(amazonAuthorizationId);
  if (orderReferenceId === undefined)
    throw requestError(
      400,
      'InvalidParameterValue',
      `amazonAuthorizationId: ${JSON.stringify(amazonAuthorizationId.slice(0, 120))} is not an Amazon authorization id (S01-1234567-1234567-A123456).`,
    );
  return orderReferenceId;
}
