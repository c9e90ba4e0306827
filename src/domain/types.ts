/**
 * Domain types of Amazon Pay's legacy (MWS) order-reference API and of the
 * Checkout v2 session used by the cart-recovery pop-up. Framework-free.
 */

/** Marketplace region. `eu` and `de` are the same region (EUR ledger). */
export type Region = 'us' | 'uk' | 'eu' | 'de' | 'jp';

/** Authorization mode: `sync` sends TransactionTimeout=0, `async` a positive timeout. */
export type AuthorizationMode = 'sync' | 'async';

export type OrderReferenceState = 'Draft' | 'Open' | 'Suspended' | 'Canceled' | 'Closed';

export type AuthorizationState = 'Pending' | 'Open' | 'Declined' | 'Closed';

/** The four decline reason codes of Amazon's decline-handling guide. */
export type KnownDeclineReasonCode = 'InvalidPaymentMethod' | 'AmazonRejected' | 'ProcessingFailure' | 'TransactionTimedOut';

/**
 * A ReasonCode as Amazon sent it. Unknown codes are kept verbatim (Amazon adds
 * codes over time); the `(string & {})` keeps editor completion for the known ones.
 */
export type ReasonCode =
  KnownDeclineReasonCode | 'ExpiredUnused' | 'AmazonClosed' | 'MaxCapturesProcessed' | 'SellerClosed' | (string & {});

export type CurrencyCode = 'USD' | 'EUR' | 'GBP' | 'JPY';

/** An amount as Amazon's `Price`: a decimal string and an ISO 4217 code. */
export interface Money {
  readonly amount: string;
  readonly currencyCode: CurrencyCode;
}

export interface OrderReferenceDetails {
  readonly amazonOrderReferenceId: string;
  readonly state: OrderReferenceState;
  readonly reasonCode?: ReasonCode;
  readonly orderTotal?: Money;
  /** Constraints blocking ConfirmOrderReference, e.g. PaymentMethodNotAllowed. */
  readonly constraints: readonly string[];
}

export interface AuthorizationDetails {
  readonly amazonAuthorizationId: string;
  readonly authorizationReferenceId: string;
  readonly amazonOrderReferenceId: string;
  readonly state: AuthorizationState;
  readonly reasonCode?: ReasonCode;
  /** Only meaningful for InvalidPaymentMethod declines. */
  readonly softDecline?: boolean;
  readonly amount: Money;
  /** ISO-8601 time of the last state change. */
  readonly lastUpdateTimestamp: string;
}

export interface AuthorizeRequest {
  readonly amazonOrderReferenceId: string;
  /** Unique per attempt; reused only when the same attempt is re-sent after a network failure. */
  readonly authorizationReferenceId: string;
  readonly amount: Money;
  readonly mode: AuthorizationMode;
  /** Minutes for async mode (Amazon's default is 1440). Ignored in sync mode. */
  readonly transactionTimeoutMinutes?: number;
  readonly captureNow?: boolean;
  /** Shown in buyer emails; in sandbox it carries Amazon's simulation strings. */
  readonly sellerAuthorizationNote?: string;
}

export interface ConfirmOrderReferenceRequest {
  readonly amazonOrderReferenceId: string;
  readonly amount?: Money;
  /** MFA/SCA redirect targets (https). */
  readonly successUrl?: string;
  readonly failureUrl?: string;
}

/**
 * A Checkout v2 Charge's `statusDetails.state` (Amazon Pay API v2, Charge object):
 * AuthorizationInitiated (asynchronous, `canHandlePendingAuthorization`), then
 * Authorized, CaptureInitiated, Captured; or Declined, Canceled.
 */
export type ChargeState = 'AuthorizationInitiated' | 'Authorized' | 'CaptureInitiated' | 'Captured' | 'Declined' | 'Canceled';

/** The part of a Checkout v2 Charge (Get Charge) the kit reads. */
export interface ChargeDetails {
  /** e.g. `S01-1234567-1234567-C123456`. */
  readonly chargeId: string;
  /** The Charge Permission (the buyer's consent; the order reference's id form). */
  readonly chargePermissionId: string;
  readonly state: ChargeState;
  /** Declined: SoftDeclined, HardDeclined, AmazonRejected, ProcessingFailure, TransactionTimedOut; Canceled: ExpiredUnused, AmazonCanceled, MerchantCanceled, ... */
  readonly reasonCode?: string;
  readonly reasonDescription?: string;
  readonly chargeAmount: Money;
  /** statusDetails.lastUpdatedTimestamp, as Amazon sends it. */
  readonly lastUpdatedTimestamp?: string;
}

/* ----- Checkout v2 (the pop-up's button) ----- */

export type ProductType = 'PayAndShip' | 'PayOnly';
export type PaymentIntent = 'Authorize' | 'AuthorizeWithCapture' | 'Confirm';

/** Shipping address as the Checkout v2 payload's `addressDetails`. */
export interface ShippingAddress {
  readonly name: string;
  readonly addressLine1: string;
  readonly addressLine2?: string;
  readonly addressLine3?: string;
  readonly city: string;
  readonly districtOrCounty?: string;
  readonly stateOrRegion?: string;
  readonly postalCode: string;
  /** ISO 3166-1 alpha-2. */
  readonly countryCode: string;
  readonly phoneNumber: string;
}

/** What the browser asks the backend to build and sign for the button. */
export interface CheckoutSessionPayloadRequest {
  readonly checkoutResultReturnUrl: string;
  readonly checkoutCancelUrl?: string;
  readonly amount: Money;
  readonly paymentIntent?: PaymentIntent;
  readonly shippingAddress?: ShippingAddress;
  readonly merchantReferenceId?: string;
  readonly canHandlePendingAuthorization?: boolean;
}

/** A payload and signature to hand to `amazon.Pay.renderButton` byte for byte. */
export interface SignedCheckoutSessionPayload {
  /** The exact JSON string that was signed; pass it unchanged. */
  readonly payloadJSON: string;
  readonly signature: string;
  readonly publicKeyId?: string;
  readonly algorithm: 'AMZN-PAY-RSASSA-PSS-V2' | 'AMZN-PAY-RSASSA-PSS';
}

export type CheckoutSessionCancelReason = 'Declined' | 'BuyerCanceled' | (string & {});

export type CompletedCheckoutSession =
  | {
      readonly state: 'Completed';
      readonly checkoutSessionId: string;
      readonly chargePermissionId: string;
      readonly chargeId?: string;
      /** The checkout session's `merchantMetadata.merchantReferenceId` (your order or cart id), when the payload had one. */
      readonly merchantReferenceId?: string;
    }
  | {
      readonly state: 'Canceled';
      readonly checkoutSessionId: string;
      readonly reasonCode: CheckoutSessionCancelReason;
      readonly reasonDescription?: string;
    };

export interface CompleteCheckoutSessionRequest {
  readonly checkoutSessionId: string;
  readonly amount: Money;
}
