import type { DeclineState } from './decline-state';
import type { FunnelSink } from './recovery-events';
import type { BackendUpdate, RecoveryIntentRequest, ServerRecoveryView, ViewerInput } from './server-recovery';
import type {
  AuthorizationDetails,
  AuthorizeRequest,
  CheckoutSessionPayloadRequest,
  CompleteCheckoutSessionRequest,
  CompletedCheckoutSession,
  AuthorizationMode,
  Money,
  ConfirmOrderReferenceRequest,
  OrderReferenceDetails,
  SignedCheckoutSessionPayload,
} from './types';

export interface CallOptions {
  /** Aborts the call; the promise rejects with an `aborted` AmazonPayError. */
  readonly signal?: AbortSignal;
}

export interface CancelOrderReferenceRequest {
  readonly amazonOrderReferenceId: string;
  /** Up to 1024 characters; shown to the buyer. */
  readonly reason?: string;
}

export type BackendUpdateListener = (update: BackendUpdate) => void;

/**
 * Every call the kit makes to the merchant's server. The merchant's server holds
 * the Amazon Pay keys and calls Amazon; the browser only sees these results.
 *
 * Implementations: {@link createHttpBackend} (production, over the REST/JSON
 * contract in docs/backend-contract.md) and {@link createSandboxBackend}
 * (in memory, behaves like Amazon's sandbox).
 *
 * Every method rejects with an {@link AmazonPayError} only.
 */
export interface AmazonPayBackend {
  /** Authorize (sync: TransactionTimeout=0; async: Pending, result later). */
  authorize(request: AuthorizeRequest, options?: CallOptions): Promise<AuthorizationDetails>;
  /** ConfirmOrderReference: Suspended -> Open after the buyer picked a payment method. */
  confirmOrderReference(request: ConfirmOrderReferenceRequest, options?: CallOptions): Promise<OrderReferenceDetails>;
  /** CancelOrderReference (e.g. after a sync TransactionTimedOut, when the merchant chose to cancel). */
  cancelOrderReference(request: CancelOrderReferenceRequest, options?: CallOptions): Promise<OrderReferenceDetails>;
  getOrderReferenceDetails(amazonOrderReferenceId: string, options?: CallOptions): Promise<OrderReferenceDetails>;
  getAuthorizationDetails(amazonAuthorizationId: string, options?: CallOptions): Promise<AuthorizationDetails>;
  /**
   * Pushed updates (Instant Payment Notifications relayed by the merchant's
   * server) for one order reference, until the signal aborts or the returned
   * function is called. Optional: without it the kit polls.
   */
  subscribe?(amazonOrderReferenceId: string, listener: BackendUpdateListener, options?: CallOptions): () => void;
  /**
   * Present when the merchant's server recovers the orders (the kit's handler
   * with a `recovery` runner): the server decides, and the browser sends the
   * buyer's intents and shows the server's view. Without it the browser decides.
   */
  recovery?: {
    /** Sends the buyer's intent; resolves with the server's view after it. */
    send(amazonOrderReferenceId: string, request: RecoveryIntentRequest, options?: CallOptions): Promise<ServerRecoveryView>;
    /** The server's view (rejects with code `UnknownOrder` before `start`). */
    get(amazonOrderReferenceId: string, options?: CallOptions): Promise<ServerRecoveryView>;
    /** The tab's side of one order: intents out, the server's view in (the decline components use it). */
    viewer(options: ServerDeclineViewerOptions): ServerDeclineViewer;
  };
  /** Build and sign the Checkout v2 session payload for the button (server side: the key never reaches the browser). */
  signCheckoutSessionPayload(request: CheckoutSessionPayloadRequest, options?: CallOptions): Promise<SignedCheckoutSessionPayload>;
  /** Complete the checkout session on return from Amazon. Idempotent: a repeat returns the first result. */
  completeCheckoutSession(request: CompleteCheckoutSessionRequest, options?: CallOptions): Promise<CompletedCheckoutSession>;
}

export interface ServerDeclineViewerOptions {
  readonly amazonOrderReferenceId: string;
  readonly amount: Money;
  readonly mode: AuthorizationMode;
  /** The backend to call now (its `recovery` and, when present, `subscribe`). */
  readonly backend: () => AmazonPayBackend;
  /** Reads the server's view this often while it is not final (pushed updates make it immediate). Default 10 000. */
  readonly pollMs?: number;
  /** A state the tab enters (approved, declined, contact the buyer), once per change. */
  readonly onSettled?: (state: DeclineState) => void;
  readonly onStateChange?: (state: DeclineState) => void;
  readonly reportError?: (error: unknown) => void;
  /** The provider's `onEvent`: the viewer emits the decline funnel events of what it shows. */
  readonly onEvent?: FunnelSink;
}

/** The browser side of an order the server owns: sends intents, shows the server's view. */
export interface ServerDeclineViewer {
  readonly orderReferenceId: string;
  getState(): DeclineState;
  /** Whether "Pay another way" may be offered now (the server says). */
  canCancel(): boolean;
  /** The buyer acted, or the server has a view of the order. */
  started(): boolean;
  subscribe(listener: () => void): () => void;
  start(): void;
  stop(): void;
  send(input: ViewerInput): void;
  dispose(): void;
}
