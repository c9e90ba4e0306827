/**
 * When the kit's server owns an order (its recovery runner decides), the
 * buyer's tab is a viewer: it sends the buyer's intents and shows the server's
 * view. These are the shapes both sides share (docs/durable-server.md, "One
 * decision-maker per order").
 */
import type { AmazonPayBackend } from './backend';
import type { DeclineState } from './decline-machine';
import type { AuthorizationMode, Money } from './types';

/** What the buyer did: start the payment, repeat what failed, leave Amazon Pay, pick and place with another method. */
export type RecoveryIntent = 'start' | 'retry' | 'cancel' | 'paymentSelected' | 'placeOrder';

/** The body of POST /order-references/:id/recovery. `start` carries the order's amount and mode. */
export interface RecoveryIntentRequest {
  readonly intent: RecoveryIntent;
  readonly amount?: Money;
  readonly mode?: AuthorizationMode;
}

/** The server's decision for one order, as every tab shows it. */
export interface ServerRecoveryView {
  readonly amazonOrderReferenceId: string;
  /** What the buyer sees (the same states as the browser's own decline flow). */
  readonly state: DeclineState;
  /** Whether "Pay another way" may be offered now. */
  readonly canCancel: boolean;
  /** Increases with every change: keep the view of the highest revision. */
  readonly revision: number;
}

/** What the buyer did, in the words of the browser's own flow (`authorize` is the first Place order). */
export type ViewerInput = { readonly type: 'authorize' | 'paymentSelected' | 'placeOrder' | 'retry' | 'cancel' };

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
