import { forwardRef, useId, useMemo, useRef, type ReactNode } from 'react';
import { declineFirstPaintMessages } from '../../i18n/english/decline-first-paint';
import { useTexts, type DeclineMessageId, type MessageOverrides } from './texts';
import { useComposedRefs } from './useComposedRefs';
import { useFocusRescue } from './useFocusRescue';
import { useLiveAnnouncer } from './useLiveAnnouncer';
import { VISUALLY_HIDDEN } from './visually-hidden';
import type { DeclineHandler, UseDeclineHandlerOptions } from '../useDeclineHandler';
import { useLazyPart } from './lazy-part';
import { lazyWalletWidget } from './lazy-parts';
import { lazyDeclineScreen } from './lazy-decline-screen';

export interface RenderWalletProps {
  readonly orderReferenceId: string;
  /** Pass to the wallet's onPaymentSelect: records the buyer's choice. */
  readonly onPaymentSelect: () => void;
}

export interface DeclineRecoveryProps extends UseDeclineHandlerOptions {
  /** Replaces the default `<WalletWidget>` shown after a hard decline. */
  readonly renderWallet?: (props: RenderWalletProps) => ReactNode;
  /** Text overrides by message id (`decline.*`, see src/locales/en.ts). */
  readonly messages?: MessageOverrides<DeclineMessageId>;
  readonly className?: string;
  /** Offer "Pay another way" (calls `cancel`, then your `onPayAnotherWay`). Default true. */
  readonly onPayAnotherWay?: () => void;
}

/** The class of the decline screen or one of its parts (`arp-decline__<part>`). */
const cls = (part?: string): string => (part ? `arp-decline__${part}` : 'arp-decline');

/** The primary and the secondary action of a state, in one row (nothing when neither is there). */
function declineActions(primary: ReactNode, secondary: ReactNode): ReactNode {
  return (
    (primary || secondary) && (
      <div className={cls('actions')}>
        {primary}
        {secondary}
      </div>
    )
  );
}

/**
 * The decline screen around a handler hook: DeclineRecovery (the browser's
 * flow, or the server's view when the server owns the order) and
 * ServerDeclineRecovery (the server's view only) are this body with their hook.
 */
export function createDeclineRecovery(useHandler: (options: UseDeclineHandlerOptions) => DeclineHandler) {
  return forwardRef<HTMLDivElement, DeclineRecoveryProps>(function DeclineRecovery(props, ref) {
    const { renderWallet, messages, className, onPayAnotherWay } = props;
    // The hook reads its own options from the props.
    const handler = useHandler(props);
    // Past the first paint (idle's Place order) the screen's messages, icons, controls and their
    // English come from a lazy part, fetched after mount; the hooks and elements stay here, so a
    // focused Place order is the same button when it arrives.
    const screen = useLazyPart(lazyDeclineScreen);
    const parts = screen.value;
    const english = useMemo(
      () => (parts ? { ...declineFirstPaintMessages, ...parts.declineMessages } : declineFirstPaintMessages),
      [parts],
    );
    const t = useTexts<DeclineMessageId>(english as Readonly<Record<DeclineMessageId, string>>, messages);
    const { state } = handler;
    const view = parts ? parts.declineView(state) : null;
    const id = `arp-decline-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
    const params = state.status === 'retryScheduled' ? { seconds: Math.ceil(state.remainingMs / 1000) } : undefined;

    const container = useRef<HTMLDivElement | null>(null);
    const title = useRef<HTMLParagraphElement | null>(null);
    const setContainer = useComposedRefs(container, ref);
    const key = view ? `${state.status} ${view.title}` : state.status;
    const focusMoved = useFocusRescue(key, container, title);
    const announcement = view ? [view.title, ...view.body].map((message) => t(message, params)).join(' ') : '';
    // One announcement per step the buyer sees: confirming the new method and authorizing are one "working" step (retry included).
    const announceKey = state.status === 'confirming' || state.status === 'authorizing' ? 'working' : key;
    const { politeRef, assertiveRef } = useLiveAnnouncer(announceKey, announcement, view?.tone === 'error', () => focusMoved.current);

    const wallet = useLazyPart(lazyWalletWidget, !renderWallet);

    const payAnotherWay = handler.canCancel && (
      <button
        type="button"
        className={cls('secondary')}
        onClick={() => {
          handler.cancel();
          onPayAnotherWay?.();
        }}
      >
        {t('decline.payAnotherWay')}
      </button>
    );

    let controls: ReactNode;
    if (state.status === 'idle') {
      controls = declineActions(
        <button type="button" className={cls('primary')} onClick={handler.authorize}>
          {t('decline.placeOrder')}
        </button>,
        payAnotherWay,
      );
    } else if (parts) {
      controls = parts.declineControls({
        handler,
        t,
        id,
        orderReferenceId: props.orderReferenceId,
        renderWallet: renderWallet ?? parts.defaultWallet(wallet, t),
        actions: (primary) => declineActions(primary, payAnotherWay),
      });
    } else if (screen.failed) {
      // The screen's file could not be fetched (offline, a deployment that removed it): the flow goes on; Try again fetches it.
      controls = (
        <div role="alert" className={cls('message')} data-tone="error">
          <p className={cls('title')}>{t('decline.error')}</p>
          {declineActions(
            <button type="button" className={cls('primary')} onClick={screen.retry}>
              {t('decline.retry')}
            </button>,
            payAnotherWay,
          )}
        </div>
      );
    }

    return (
      <div
        ref={setContainer}
        {...t.langOf(view?.title ?? 'decline.placeOrder')}
        className={className ? `${cls()} ${className}` : cls()}
        data-state={state.status}
        data-tone={view?.tone}
        aria-busy={(!parts && state.status !== 'idle' && !screen.failed) || undefined}
      >
        <div ref={politeRef} role="status" style={VISUALLY_HIDDEN} />
        <div ref={assertiveRef} role="alert" style={VISUALLY_HIDDEN} />
        {view && parts?.declineMessage(view, t, params, id, title)}
        {controls}
      </div>
    );
  });
}
