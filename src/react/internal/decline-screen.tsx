import type { ReactNode, RefObject } from 'react';
import type { DeclineHandler } from '../useDeclineHandler';
import type { DeclineView, DeclineTone } from './decline-view';
import type { DeclineMessageId, Translate } from './texts';
import type { RenderWalletProps } from './decline-recovery-view';
import type { LazyPartUse } from './lazy-part';
import type { WalletWidget } from '../WalletWidget';
import type { MessageParams } from '../../i18n/i18n';

// The decline screen past its first paint, a lazy part (lazy-decline-screen.ts) fetched after
// `<DeclineRecovery>` mounts: the message for each state (chosen by declineView), its icon, the
// controls of each state and their English. Render functions, not components: the component that
// calls them keeps its elements (a focused Place order stays the same button when this arrives).
export { declineView } from './decline-view';
export { declineMessages } from '../../i18n/english/decline';

const cls = (part: string): string => `arp-decline__${part}`;

/** The state's message: its icon, title (focus target) and further lines. */
export function declineMessage(
  view: DeclineView,
  t: Translate<DeclineMessageId>,
  params: MessageParams | undefined,
  id: string,
  title: RefObject<HTMLParagraphElement | null>,
): ReactNode {
  return (
    <div className={cls('message')} data-tone={view.tone} aria-busy={view.busy || undefined}>
      <StatusIcon tone={view.tone} busy={view.busy} />
      <div className={cls('text')}>
        <p
          ref={title}
          id={`${id}-title`}
          className={cls('title')}
          tabIndex={-1}
          aria-describedby={view.body.length > 0 ? view.body.map((_, n) => `${id}-body-${n}`).join(' ') : undefined}
        >
          {t(view.title, params)}
        </p>
        {view.body.map((message, n) => (
          <p key={message} id={`${id}-body-${n}`} className={cls('body')}>
            {t(message, params)}
          </p>
        ))}
      </div>
    </div>
  );
}

/** The default `<WalletWidget>` once its lazy part is there, a placeholder (with Try again after a failed fetch) before. */
export function defaultWallet(wallet: LazyPartUse<typeof WalletWidget>, t: Translate<DeclineMessageId>) {
  return ({ orderReferenceId, onPaymentSelect }: RenderWalletProps): ReactNode => {
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
}

/** The state's controls under its message: the Wallet when one is needed, then the primary and the secondary action (idle's are the first paint's, in decline-recovery-view.tsx). */
export function declineControls({
  handler,
  t,
  id,
  orderReferenceId,
  renderWallet,
  actions,
}: {
  handler: DeclineHandler;
  t: Translate<DeclineMessageId>;
  id: string;
  orderReferenceId: string;
  renderWallet: (props: RenderWalletProps) => ReactNode;
  /** The state's primary action in a row with the secondary one ("Pay another way" when offered). */
  actions: (primary: ReactNode) => ReactNode;
}): ReactNode {
  const { state } = handler;
  switch (state.status) {
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
      {tone === 'warning' ? (
        <path d="M10 2.2L18.4 17H1.6z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
      ) : (
        <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="1.6" />
      )}
      <g fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        {glyph[tone]}
      </g>
    </svg>
  );
}
