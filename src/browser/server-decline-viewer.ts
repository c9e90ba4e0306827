import { subscriberOf } from './listener-set';
import { declineFunnel, emitFunnelEvent } from './funnel-events';
import type { DeclineState } from '../domain/decline-state';
import type { ServerDeclineViewer, ServerDeclineViewerOptions } from '../domain/backend';
import type { BackendUpdate, RecoveryIntent, ServerRecoveryView, ViewerInput } from '../domain/server-recovery';
import { validationError } from '../domain/errors';
import { toAmazonPayError } from '../domain/to-amazon-pay-error';
import { checkRecoveryView } from '../contract/recovery-replies';

const INTENT: Readonly<Record<ViewerInput['type'], RecoveryIntent>> = {
  authorize: 'start',
  paymentSelected: 'paymentSelected',
  placeOrder: 'placeOrder',
  retry: 'retry',
  cancel: 'cancel',
};
/** One object: React compares snapshots by identity. */
const IDLE: DeclineState = { status: 'idle' };
const isFinal = (state: DeclineState): boolean => state.status === 'approved' || state.status === 'declined';

/**
 * Shows the server's decision for one order: the view it answers each intent
 * with, then every newer one from the order's event stream (`recovery` on each
 * event) or, while not final, from polling. The view of the highest revision
 * wins, so reordered events never step back; polling starts with the viewer,
 * before the server knows the order. A failed intent shows `error`
 * (its outcome is unknown: no "Pay another way"); Try again sends it again.
 */
export function createServerDeclineViewer(options: ServerDeclineViewerOptions): ServerDeclineViewer {
  const id = options.amazonOrderReferenceId;
  const pollMs = options.pollMs ?? 10_000;
  const report = options.reportError ?? ((error: unknown) => console.error('[react-amazon-pay-recovery]', error));
  const listeners = new Set<() => void>();
  let server: ServerRecoveryView | undefined;
  let local: DeclineState | undefined = undefined;
  let lastIntent: RecoveryIntent | undefined;
  let running = false;
  let disposed = false;
  let controller: AbortController | undefined;
  let unsubscribe: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reported: DeclineState | undefined;
  const track = declineFunnel(options.onEvent, id, options.mode);

  const state = (): DeclineState => local ?? server?.state ?? IDLE;
  const recovery = () => {
    const found = options.backend().recovery;
    if (!found)
      throw validationError(
        process.env.NODE_ENV !== 'production'
          ? 'The backend has no `recovery`: create it with createHttpBackend({ ..., recovery: serverRecovery() }).'
          : 'MissingRecovery',
        'MissingRecovery',
      );
    return found;
  };

  function changed(): void {
    const now = state();
    track(now);
    for (const listener of [...listeners]) listener();
    options.onStateChange?.(now);
    if (
      now !== reported &&
      (isFinal(now) || now.status === 'contactBuyer') &&
      (reported?.status !== now.status || now.status === 'contactBuyer')
    )
      options.onSettled?.(now);
    reported = now;
  }

  function apply(view: ServerRecoveryView): void {
    if (disposed || view.amazonOrderReferenceId !== id || (server && view.revision < server.revision)) return;
    server = view;
    local = undefined;
    changed();
    schedulePoll();
  }

  /** Also while the server does not know the order: a start by another tab or the server is shown even if its event was missed. */
  function schedulePoll(): void {
    clearTimeout(timer);
    if (!running || (server && isFinal(server.state))) return;
    timer = setTimeout(() => {
      recovery()
        .get(id, { signal: controller!.signal })
        .then(apply, () => schedulePoll());
    }, pollMs);
  }

  function onUpdate(update: BackendUpdate): void {
    const view = (update as { recovery?: unknown }).recovery;
    try {
      checkRecoveryView(view);
    } catch {
      return; // an event without the server's view (another shop's stream format): polling still finds it
    }
    apply(view as ServerRecoveryView);
  }

  function sendIntent(intent: RecoveryIntent): void {
    lastIntent = intent;
    if (intent === 'start' || intent === 'placeOrder') {
      local = intent === 'start' ? { status: 'authorizing', attempt: 1 } : { status: 'confirming' };
      changed();
    }
    const request = intent === 'start' ? { intent, amount: options.amount, mode: options.mode } : { intent };
    recovery()
      .send(id, request, { signal: controller?.signal })
      .then(apply, (error: unknown) => {
        const failure = toAmazonPayError(error);
        if (disposed || failure.kind === 'aborted') return;
        local = {
          status: 'error',
          error: {
            kind: failure.kind,
            message: failure.message,
            retryable: failure.retryable,
            ...(failure.code ? { code: failure.code } : {}),
          },
          authorizationUnknown: true,
        };
        changed();
      });
  }

  function stop(): void {
    running = false;
    controller?.abort();
    unsubscribe?.();
    unsubscribe = undefined;
    clearTimeout(timer);
  }

  return {
    orderReferenceId: id,
    getState: state,
    canCancel: () => local === undefined && (server?.canCancel ?? false),
    started: () => server !== undefined || lastIntent !== undefined,
    subscribe: subscriberOf(listeners),
    start() {
      if (disposed || running) return;
      running = true;
      controller = new AbortController();
      const backend = options.backend();
      try {
        unsubscribe = backend.subscribe?.(id, onUpdate, { signal: controller.signal });
      } catch (error) {
        report(error); // polling still finds every change
      }
      // A reload or a second tab joins the recovery under way; an order the server does not know yet stays idle, polled.
      recovery()
        .get(id, { signal: controller.signal })
        .then(apply, () => schedulePoll());
    },
    stop,
    send(input) {
      if (disposed) return;
      const current = state();
      if (input.type === 'cancel' && local === undefined && server?.canCancel)
        emitFunnelEvent(options.onEvent, { type: 'otherMethodChosen', amazonOrderReferenceId: id });
      if (input.type === 'retry' && current.status === 'error' && local && lastIntent) return sendIntent(lastIntent);
      if (input.type === 'authorize' && (server || lastIntent)) return;
      sendIntent(INTENT[input.type]);
    },
    dispose() {
      stop();
      disposed = true;
      listeners.clear();
    },
  };
}
