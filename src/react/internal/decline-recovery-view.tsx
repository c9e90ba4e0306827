import { forwardRef, useId, useRef, type ReactNode } from 'react';
import { declineView, type DeclineTone } from './decline-view';
import { declineMessages } from '../../i18n/english/decline';
import { useTexts, type DeclineMessageId, type MessageOverrides, type Translate } from './texts';
import { useComposedRefs } from './useComposedRefs';
import { useFocusRescue } from './useFocusRescue';
import { useLiveAnnouncer } from './useLiveAnnouncer';
import { VISUALLY_HIDDEN } from './visually-hidden';
import type { DeclineHandler, UseDeclineHandlerOptions } from '../useDeclineHandler';
import { useLazyPart } from './lazy-part';
import { lazyWalletWidget } from './lazy-parts';

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

const cls = (part?: string): string => (part ? `arp-decline__${part}` : 'arp-decline');


/**
 * The decline screen around a handler hook: DeclineRecovery (the browser's
 * flow, or the server's view when the server owns the order) and
 * ServerDeclineRecovery (the server's view only) are this body with their hook.
 */
export function createDeclineRecovery(useHandler: (options: UseDeclineHandlerOptions) => DeclineHandler) {
  return forwardRef<HTMLDivElement, DeclineRecoveryProps>(function DeclineRecovery(props, ref) {
    const { renderWallet, messages, className, onPayAnotherWay, ...options } = props;
    const handler = useHandler(options);
    const t = useTexts(declineMessages, messages);
    const { state } = handler;
    const view = declineView(state);
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
    const defaultWallet = ({ orderReferenceId, onPaymentSelect }: RenderWalletProps): ReactNode => {
      const Wallet = wallet.value;
      if (Wallet) return <Wallet orderReferenceId={orderReferenceId} onPaymentSelect={onPaymentSelect} displayMode="Edit" />;
      return (
        <div className="arp-wallet" data-state={wallet.failed ? 'error' : 'loading'} aria-busy={!wallet.failed || undefined}>
          {wallet.failed && (
            <div role="alert" className="arp-wallet__fallback">
              <p className="arp-wallet__message">{t('decline.error')}</p>
              <button type="button" className="arp-wallet__retry" onClick={wallet.retry}>
                {t('decline.retry')}
              </button>
            </div>
          )}
        </div>
      );
    };

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

    return (
      <div ref={setContainer} {...t.langOf(view?.title ?? 'decline.placeOrder')} className={className ? `${cls()} ${className}` : cls()} data-state={state.status} data-tone={view?.tone}>
        <div ref={politeRef} role="status" style={VISUALLY_HIDDEN} />
        <div ref={assertiveRef} role="alert" style={VISUALLY_HIDDEN} />
        {view && (
          <div className={cls('message')} data-tone={view.tone} aria-busy={view.busy || undefined}>
            <StatusIcon tone={view.tone} busy={view.busy} />
            <div className={cls('text')}>
              <p ref={title} id={`${id}-title`} className={cls('title')} tabIndex={-1} aria-describedby={view.body.length > 0 ? view.body.map((_, n) => `${id}-body-${n}`).join(' ') : undefined}>
                {t(view.title, params)}
              </p>
              {view.body.map((message, n) => (
                <p key={message} id={`${id}-body-${n}`} className={cls('body')}>
                  {t(message, params)}
                </p>
              ))}
            </div>
          </div>
        )}
        <DeclineControls handler={handler} t={t} id={id} orderReferenceId={options.orderReferenceId} renderWallet={renderWallet ?? defaultWallet} secondary={payAnotherWay} />
      </div>
    );
  });
}

/** The state's controls under its message: the Wallet when one is needed, then the primary and the secondary action. */
function DeclineControls({
  handler,
  t,
  id,
  orderReferenceId,
  renderWallet,
  secondary,
}: {
  handler: DeclineHandler;
  t: Translate<DeclineMessageId>;
  id: string;
  orderReferenceId: string;
  renderWallet: (props: RenderWalletProps) => ReactNode;
  secondary: ReactNode;
}) {
  const { state } = handler;
  const actions = (primary: ReactNode) =>
    (primary || secondary) && (
      <div className={cls('actions')}>
        {primary}
        {secondary}
      </div>
    );
  switch (state.status) {
    case 'idle':
      return actions(
        <button type="button" className={cls('primary')} onClick={handler.authorize}>
          {t('decline.placeOrder')}
        </button>,
      );
    case 'needsNewPaymentMethod': {
      const hintId = `${id}-hint`;
      const wallet = { orderReferenceId, onPaymentSelect: handler.paymentSelected };
      return (
        <>
          <div className={cls('wallet')}>{renderWallet(wallet)}</div>
          {!state.paymentSelected && (
            <p id={hintId} className={cls('hint')}>
              {t('decline.selectFirst')}
            </p>
          )}
          {actions(
            // aria-disabled, not disabled: the button stays reachable by Tab and reads its hint.
            <button
              type="button"
              className={cls('primary')}
              aria-disabled={!state.paymentSelected || undefined}
              aria-describedby={state.paymentSelected ? undefined : hintId}
              onClick={state.paymentSelected ? handler.placeOrder : undefined}
            >
              {t('decline.placeOrder')}
            </button>,
          )}
        </>
      );
    }
    case 'contactBuyer':
      return actions(
        <a className={`${cls('primary')} ${cls('link')}`} href={state.accountUrl} target="_blank" rel="noopener noreferrer">
          {t('decline.accountLink')}
        </a>,
      );
    case 'error':
      return actions(
        <button type="button" className={cls('primary')} onClick={handler.retry}>
          {t('decline.retry')}
        </button>,
      );
    default:
      return actions(null);
  }
}

/** One icon per tone (a turning ring while busy); decorative, the text says it all. Drawn in currentColor for forced colours. */
function StatusIcon({ tone, busy }: { tone: DeclineTone; busy: boolean }) {
  const common = { className: cls('icon'), viewBox: '0 0 20 20', width: 20, height: 20, 'aria-hidden': true, focusable: false } as const;
  if (busy) {
    return (
      <svg {...common} data-busy="">
        <circle cx="10" cy="10" r="7.5" fill="none" stroke="currentColor" strokeWidth="2" opacity="0.3" />
        <path d="M10 2.5a7.5 7.5 0 0 1 7.5 7.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
    );
  }
  const glyph: Record<DeclineTone, ReactNode> = {
    info: <path d="M10 9v5M10 6.2v.1" />,
    success: <path d="M6.2 10.3l2.6 2.6 5-5.4" />,
    warning: <path d="M10 6v4.6M10 13.6v.1" />,
    error: <path d="M7.3 7.3l5.4 5.4M12.7 7.3l-5.4 5.4" />,
  };
  return (
    <svg {...common}>
      {tone === 'warning' ? <path d="M10 2.2L18.4 17H1.6z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" /> : <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="1.6" />}
      <g fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        {glyph[tone]}
      </g>
    </svg>
  );
}
