/**
 * The server's view of Amazon: the request handlers (handlers.ts) call Amazon
 * only through these interfaces, so they can be tested against fakes and the
 * Amazon-facing clients can be tested against a fake Amazon endpoint.
 * Server-only: never imported by browser code.
 */
import type { CancelOrderReferenceRequest } from '../domain/backend';
import type {
  AuthorizationDetails,
  AuthorizeRequest,
  CompleteCheckoutSessionRequest,
  CompletedCheckoutSession,
  ConfirmOrderReferenceRequest,
  OrderReferenceDetails,
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
}

/** Amazon Pay Checkout v2, through the official @amazonpay/amazon-pay-api-sdk-nodejs. */
export interface CheckoutV2Client {
  /** Signs the exact payload string for the button (generateButtonSignature). */
  signButtonPayload(payloadJSON: string): Promise<Omit<SignedCheckoutSessionPayload, 'payloadJSON'>>;
  /** POST v2/checkoutSessions/{id}/complete; a CheckoutSessionCanceled reply becomes `{ state: 'Canceled', reasonCode }`. */
  completeCheckoutSession(request: CompleteCheckoutSessionRequest, signal?: AbortSignal): Promise<CompletedCheckoutSession>;
}

/** A verified, parsed Instant Payment Notification. */
export type VerifiedNotification =
  | { readonly kind: 'authorization'; readonly notificationId: string; readonly authorization: AuthorizationDetails }
  | { readonly kind: 'orderReference'; readonly notificationId: string; readonly orderReference: OrderReferenceDetails }
  | { readonly kind: 'other'; readonly notificationId: string; readonly notificationType: string };

export interface IpnVerifier {
  /**
   * Verifies the SNS envelope (allowed topic, this seller, fresh Timestamp,
   * SignatureVersion 1 or 2 with a certificate for sns.amazonaws.com from an
   * https sns.<region>.amazonaws.com URL) and parses the inner notification. Rejects with an AmazonPayError of kind 'validation' on
   * anything forged, stale or malformed.
   */
  verify(body: string, headers: Headers): Promise<VerifiedNotification>;
}
