import { validateShippingAddress } from './checkout-payload';
import { AmazonPayError, validationError } from './errors';
import type { CheckoutSessionPayloadRequest, CurrencyCode, ProductType, ShippingAddress } from './types';
import { assertSafeUrl } from './safe-url';
import { parseMoney } from './validation';

/** What the end-of-checkout button is given by the page. */
export interface CheckoutButtonInput {
  readonly amount: string | number;
  readonly currency: CurrencyCode;
  /** The region's ledger currency: the charge must be in it. */
  readonly ledgerCurrency: CurrencyCode;
  readonly productType: ProductType;
  readonly shippingAddress?: ShippingAddress;
  readonly checkoutResultReturnUrl: string;
  readonly checkoutCancelUrl?: string;
  /** Your order or cart id: sent as merchantMetadata.merchantReferenceId, and to your server's `orderAmount`. */
  readonly merchantReferenceId?: string;
  /** Origins the return URLs must belong to; any https origin when omitted. */
  readonly allowedReturnOrigins?: readonly string[];
  /** Sandbox accepts http://localhost return URLs (development). */
  readonly sandbox: boolean;
}

/**
 * Checks the button's input before anything is rendered or signed, and returns
 * the request the backend signs. Errors are `validation` AmazonPayErrors that
 * name the field (e.g. `shippingAddress.city is required.`).
 */
export function checkoutButtonRequest(input: CheckoutButtonInput): CheckoutSessionPayloadRequest {
  const amount = parseMoney(input.amount, input.currency);
  if (amount.currencyCode !== input.ledgerCurrency) {
    throw new AmazonPayError(
      'validation',
      process.env.NODE_ENV !== 'production'
        ? `currency ${amount.currencyCode} differs from the region's ledger currency ${input.ledgerCurrency}; charge in ${input.ledgerCurrency}.`
        : 'InvalidCurrencyCode',
      {
        code: 'InvalidCurrencyCode',
        retryable: false,
      },
    );
  }
  if (input.productType !== 'PayAndShip' && input.productType !== 'PayOnly') {
    throw validationError(
      process.env.NODE_ENV !== 'production'
        ? `productType ${JSON.stringify(input.productType)} is not PayAndShip or PayOnly.`
        : 'InvalidParameterValue',
      'InvalidParameterValue',
    );
  }
  // Amazon's additional-payment-button guide: addressDetails is required for physical goods and an error for digital ones.
  if (input.productType === 'PayAndShip' && input.shippingAddress === undefined) {
    throw validationError(
      process.env.NODE_ENV !== 'production'
        ? 'shippingAddress is required with productType PayAndShip: the end-of-checkout button carries the address the buyer entered to Amazon (use PayOnly for digital goods).'
        : 'InvalidAddress',
      'InvalidAddress',
    );
  }
  if (input.productType === 'PayOnly' && input.shippingAddress !== undefined) {
    throw validationError(
      process.env.NODE_ENV !== 'production'
        ? 'shippingAddress is only sent with productType PayAndShip (PayOnly has no shipping).'
        : 'InvalidParameterValue',
      'InvalidParameterValue',
    );
  }
  const urlRules = { allowLocalhost: input.sandbox, ...(input.allowedReturnOrigins ? { allowedOrigins: input.allowedReturnOrigins } : {}) };
  const returnUrl = assertSafeUrl(input.checkoutResultReturnUrl, 'checkoutResultReturnUrl', urlRules);
  const cancelUrl =
    input.checkoutCancelUrl === undefined ? undefined : assertSafeUrl(input.checkoutCancelUrl, 'checkoutCancelUrl', urlRules);
  const reference = input.merchantReferenceId;
  if (reference !== undefined && (typeof reference !== 'string' || reference.length === 0 || reference.length > 256)) {
    throw validationError(
      process.env.NODE_ENV !== 'production'
        ? `merchantReferenceId must be a string of 1-256 characters, got ${JSON.stringify(reference)}.`
        : 'InvalidParameterValue',
      'InvalidParameterValue',
    );
  }
  return {
    amount,
    checkoutResultReturnUrl: returnUrl.href,
    ...(cancelUrl ? { checkoutCancelUrl: cancelUrl.href } : {}),
    ...(input.shippingAddress !== undefined ? { shippingAddress: validateShippingAddress(input.shippingAddress) } : {}),
    ...(reference !== undefined ? { merchantReferenceId: reference } : {}),
  };
}
