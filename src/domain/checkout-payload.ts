import { validationError } from './errors';
import type { CheckoutSessionPayloadRequest, PaymentIntent, ShippingAddress } from './types';
import { assertSafeUrl, type UrlRules } from './safe-url';
import { parseMoney } from './validation';

/** Field limits of the Checkout v2 payload's addressDetails. */
export const ADDRESS_FIELD_LIMITS: Readonly<Record<keyof ShippingAddress, number>> = {
  name: 50,
  addressLine1: 180,
  addressLine2: 60,
  addressLine3: 60,
  city: 50,
  districtOrCounty: 50,
  stateOrRegion: 50,
  postalCode: 20,
  countryCode: 2,
  phoneNumber: 20,
};

const REQUIRED_ADDRESS_FIELDS: readonly (keyof ShippingAddress)[] = [
  'name',
  'addressLine1',
  'city',
  'postalCode',
  'countryCode',
  'phoneNumber',
];

/** Validates a shipping address; the error names the field. Returns a copy without empty optional fields. */
export function validateShippingAddress(address: unknown): ShippingAddress {
  if (typeof address !== 'object' || address === null) {
    throw validationError(
      process.env.NODE_ENV !== 'production'
        ? 'shippingAddress must be an object with name, addressLine1, city, postalCode, countryCode and phoneNumber.'
        : 'InvalidAddress',
      'InvalidAddress',
    );
  }
  const record = address as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [field, limit] of Object.entries(ADDRESS_FIELD_LIMITS) as [keyof ShippingAddress, number][]) {
    const value = record[field];
    if (value === undefined || value === null || value === '') {
      if (REQUIRED_ADDRESS_FIELDS.includes(field)) {
        throw validationError(
          process.env.NODE_ENV !== 'production' ? `shippingAddress.${field} is required.` : 'InvalidAddress',
          'InvalidAddress',
        );
      }
      continue;
    }
    if (typeof value !== 'string') {
      throw validationError(
        process.env.NODE_ENV !== 'production' ? `shippingAddress.${field} must be a string.` : 'InvalidAddress',
        'InvalidAddress',
      );
    }
    const trimmed = value.trim();
    if (trimmed.length > limit) {
      throw validationError(
        process.env.NODE_ENV !== 'production'
          ? `shippingAddress.${field} is ${trimmed.length} characters; the limit is ${limit}.`
          : 'InvalidAddress',
        'InvalidAddress',
      );
    }
    out[field] = trimmed;
  }
  if (!/^[A-Z]{2}$/.test(out.countryCode ?? '')) {
    throw validationError(
      process.env.NODE_ENV !== 'production'
        ? `shippingAddress.countryCode must be an ISO 3166 alpha-2 code such as "GB", got ${JSON.stringify(record.countryCode)}.`
        : 'InvalidAddress',
      'InvalidAddress',
    );
  }
  // Amazon takes the county, not a state, for these countries (as Amazon's Magento and WooCommerce plugins send it).
  if (COUNTY_COUNTRIES.includes(out.countryCode!) && out.stateOrRegion !== undefined) {
    out.districtOrCounty ??= out.stateOrRegion;
    delete out.stateOrRegion;
  }
  return out as unknown as ShippingAddress;
}

const COUNTY_COUNTRIES: readonly string[] = ['GB', 'SG', 'AE', 'MX'];

export interface CheckoutPayloadContext {
  readonly storeId: string;
  readonly urlRules?: UrlRules;
}

/**
 * The Checkout v2 create-session payload for the end-of-checkout button
 * (ProcessOrder mode: the buyer reviews the carried-over address on Amazon's
 * page and pays there). Shared by the sandbox and the reference server so both
 * sign the same bytes.
 */
export function buildCheckoutSessionPayload(
  request: CheckoutSessionPayloadRequest,
  context: CheckoutPayloadContext,
): Record<string, unknown> {
  const money = parseMoney(request.amount?.amount, request.amount?.currencyCode);
  const returnUrl = assertSafeUrl(request.checkoutResultReturnUrl, 'checkoutResultReturnUrl', context.urlRules);
  const cancelUrl =
    request.checkoutCancelUrl === undefined ? undefined : assertSafeUrl(request.checkoutCancelUrl, 'checkoutCancelUrl', context.urlRules);
  const paymentIntent: PaymentIntent = request.paymentIntent ?? 'Authorize';
  if (!['Authorize', 'AuthorizeWithCapture', 'Confirm'].includes(paymentIntent)) {
    throw validationError(
      process.env.NODE_ENV !== 'production'
        ? `paymentIntent ${JSON.stringify(paymentIntent)} is not Authorize, AuthorizeWithCapture or Confirm.`
        : 'InvalidParameterValue',
      'InvalidParameterValue',
    );
  }
  const payload: Record<string, unknown> = {
    webCheckoutDetails: {
      checkoutMode: 'ProcessOrder',
      checkoutResultReturnUrl: returnUrl.href,
      ...(cancelUrl ? { checkoutCancelUrl: cancelUrl.href } : {}),
    },
    storeId: context.storeId,
    scopes: ['name', 'email', 'phoneNumber', 'billingAddress'],
    paymentDetails: {
      paymentIntent,
      chargeAmount: { amount: money.amount, currencyCode: money.currencyCode },
      ...(request.canHandlePendingAuthorization === undefined
        ? {}
        : { canHandlePendingAuthorization: request.canHandlePendingAuthorization }),
    },
  };
  if (request.shippingAddress !== undefined) payload.addressDetails = validateShippingAddress(request.shippingAddress);
  if (request.merchantReferenceId !== undefined)
    payload.merchantMetadata = { merchantReferenceId: String(request.merchantReferenceId).slice(0, 256) };
  return payload;
}
