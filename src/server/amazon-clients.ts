/**
 * The server's view of Amazon: the request handlers (handler.ts and its route files) call Amazon
 * only through these interfaces, so they can be tested against fakes and the
 * Amazon-facing clients can be tested against a fake Amazon endpoint.
 * Server-only: never imported by browser code.
 */
import type { CancelOrderReferenceRequest } from '../domain/backend';
import type {
  AuthorizationDetails,
  AuthorizeRequest,
  CompleteCheckoutSessionRequest,
  ChargeDetails,
  CompletedCheckoutSession,
  ConfirmOrderReferenceRequest,
  OrderReferenceDetails,
  Region,
  SignedCheckoutSessionPayload,
} from '../domain/types';

/** Amazon Pay legacy (MWS "OffAmazonPayments") API, signed with Signature Version 2. */
export interface LegacyPaymentsClient {
  authorize(request: AuthorizeRequest, signal?: AbortSignal): Promise<AuthorizationDetails>;
  confirmOrderReference(request: ConfirmOrderReferenceRequest, signal?: AbortSignal): Promise<OrderReferenceDetails>;
  cancelOrderReference(request: CancelOrderReferenceRequest, signal?: AbortSignal): Promise<OrderReferenceDetails>;
  closeOrderReference(amazonOrderReferenceId: string, closureReason?: string, signal?: AbortSignal): Promise<OrderReferenceDetails>;
  getOrderReferenceDetails(amazonOrderReferenceId: string, signal?: AbortSignal): Promise<OrderReferenceDetails>;
  getAuthorizationDetails(amazonAuthorizationId: string, signal?: AbortSignal): Promise<AuthorizationDetails>;
  /**
   * Resolves once the optional peers the client needs are installed; rejects
   * with a `MissingPeerDependency` error naming the npm command. The handler
   * and the runner check it at start-up, before any call to Amazon.
   */
  ready?(): Promise<void>;
}

/** Amazon Pay Checkout v2, through the official @amazonpay/amazon-pay-api-sdk-nodejs. */
export interface CheckoutV2Client {
  /** The Amazon Pay region the client signs for; with it the handler refuses a button payload in another currency than the region's. */
  readonly region?: Region;
  /** Signs the exact payload string for the button (generateButtonSignature). */
  signButtonPayload(payloadJSON: string): Promise<Omit<SignedCheckoutSessionPayload, 'payloadJSON'>>;
  /** POST v2/checkoutSessions/{id}/complete; a CheckoutSessionCanceled reply becomes `{ state: 'Canceled', reasonCode }`. */
  completeCheckoutSession(request: CompleteCheckoutSessionRequest, signal?: AbortSignal): Promise<CompletedCheckoutSession>;
  /** As {@link LegacyPaymentsClient.ready}: the Checkout v2 SDK is installed. */
  ready?(): Promise<void>;
}

/** What Close Charge Permission is asked (DELETE v2/chargePermissions/{id}/close). */
export interface CloseChargePermissionRequest {
  readonly chargePermissionId: string;
  /** Shown to the buyer by Amazon; at most 255 characters (longer is cut). */
  readonly closureReason: string;
  /** Also cancel the permission's charges still in AuthorizationInitiated or Authorized. */
  readonly cancelPendingCharges: boolean;
}

/** A Charge Permission after Close Charge Permission. */
export interface ClosedChargePermission {
  readonly chargePermissionId: string;
  /** `Closed` once Amazon closed it. */
  readonly state: string;
  readonly reasonCode?: string;
}

/**
 * What the charge recovery keeps of Get Charge Permission: no buyer data (name,
 * e-mail and address are in Amazon's reply and are dropped when it is read).
 */
export interface ChargePermissionReference {
  readonly chargePermissionId: string;
  /** `Chargeable`, `NonChargeable` or `Closed`. */
  readonly state: string;
  /** The checkout payload's `merchantMetadata.merchantReferenceId` (your order or cart id), when it had one. */
  readonly merchantReferenceId?: string;
}

/**
 * The Checkout v2 calls the server's charge recovery makes (createCheckoutV2Client
 * implements them). Every reply is checked: one that is not the requested object
 * in a documented state is a `malformed` AmazonPayError and nothing is acted on.
 */
export interface CheckoutV2ChargeClient {
  /** GET v2/charges/{chargeId}. */
  getCharge(chargeId: string, signal?: AbortSignal): Promise<ChargeDetails>;
  /**
   * GET v2/chargePermissions/{id}: the cart id of a charge completed where no
   * watch was started (another server, or a completion whose Get Charge failed).
   */
  getChargePermission(chargePermissionId: string, signal?: AbortSignal): Promise<ChargePermissionReference>;
  /** DELETE v2/chargePermissions/{id}/close. */
  closeChargePermission(request: CloseChargePermissionRequest, signal?: AbortSignal): Promise<ClosedChargePermission>;
  /** As {@link LegacyPaymentsClient.ready}: the Checkout v2 SDK is installed. */
  ready?(): Promise<void>;
}

/** A verified, parsed Instant Payment Notification. */
export type VerifiedNotification =
  | { readonly kind: 'authorization'; readonly notificationId: string; readonly authorization: AuthorizationDetails }
  | { readonly kind: 'orderReference'; readonly notificationId: string; readonly orderReference: OrderReferenceDetails }
  /**
   * A Checkout v2 notification about a Charge (ObjectType CHARGE). It carries no
   * state: the runner reads the charge with Get Charge before acting.
   */
  | {
      readonly kind: 'charge';
      readonly notificationId: string;
      readonly chargeId: string;
      readonly chargePermissionId?: string;
      readonly notificationType: string;
    }
  | { readonly kind: 'other'; readonly notificationId: string; readonly notificationType: string };

export interface IpnVerifier {
  /**
   * Verifies the SNS envelope (allowed topic, this seller, fresh Timestamp,
   * SignatureVersion 1 or 2 with a certificate for sns.amazonaws.com from an
   * https sns.<region>.amazonaws.com URL) and parses the inner notification. Rejects with an AmazonPayError of kind 'validation' on
   * anything forged, stale or malformed.
   */
  verify(body: string, headers: Headers): Promise<VerifiedNotification>;
  /** As {@link LegacyPaymentsClient.ready}: the XML parser the notifications need is installed. */
  ready?(): Promise<void>;
}
