import { forwardRef, type ReactNode } from 'react';
import { declineMessageFor } from '../i18n/decline-message';
import { useMessages, type DeclineMessageId, type MessageOverrides } from './internal/messages';
import { useDeclineHandler, type DeclineHandler, type UseDeclineHandlerOptions } from './useDeclineHandler';
import { useLazyPart } from './internal/lazy-part';
import { lazyWalletWidget } from './internal/lazy-parts';

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
 * The buyer-facing side of a declined Amazon Pay authorization: messages,
 * countdown, the Wallet re-bound to the same order reference, Place order /
 * Try again / Pay another way. Behaviour lives in {@link useDeclineHandler}.
 * State is exposed as `data-state` for styling.
 */
export const DeclineRecovery = forwardRef<HTMLDivElement, DeclineRecoveryProps>(function DeclineRecovery(props, ref) {
  const { renderWallet, messages, className, onPayAnotherWay, ...options } = props;
  const handler = useDeclineHandler(options);
  const t = useMessages(messages);
  const { state } = handler;
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
  return (
    <div ref={ref} className={className ? `${cls()} ${className}` : cls()} data-state={state.status}>
      <DeclineBody handler={handler} t={t} orderReferenceId={options.orderReferenceId} renderWallet={renderWallet ?? defaultWallet} />
      {handler.canCancel && (
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
      )}
    </div>
  );
});

function DeclineBody({
  handler,
  t,
  orderReferenceId,
  renderWallet,
}: {
  handler: DeclineHandler;
  t: (id: DeclineMessageId, params?: Record<string, string | number>) => string;
  orderReferenceId: string;
  renderWallet: (props: RenderWalletProps) => ReactNode;
}) {
  const { state } = handler;
  const status = (id: DeclineMessageId) => (
    <p role="status" className={cls('message')}>
      {t(id)}
    </p>
  );
  switch (state.status) {
    case 'idle':
      return (
        <button type="button" className={cls('primary')} onClick={handler.authorize}>
          {t('decline.placeOrder')}
        </button>
      );
    case 'authorizing':
      return status('decline.authorizing');
    case 'confirming':
      return status('decline.confirming');
    case 'approved':
      return status('decline.approved');
    case 'pending':
      return status(declineMessageFor(state));
    case 'retryScheduled':
      return (
        <p role="status" className={cls('message')}>
          {t('decline.retryScheduled', { seconds: Math.ceil(state.remainingMs / 1000) })}
        </p>
      );
    case 'needsNewPaymentMethod': {
      const wallet = { orderReferenceId, onPaymentSelect: handler.paymentSelected };
      return (
        <>
          <p role="alert" className={cls('message')}>
            <strong>{t('decline.walletTitle')}</strong> {t('decline.walletBody')}
          </p>
          <div className={cls('wallet')}>{renderWallet(wallet)}</div>
          {!state.paymentSelected && <p className={cls('hint')}>{t('decline.selectFirst')}</p>}
          <button type="button" className={cls('primary')} onClick={handler.placeOrder} disabled={!state.paymentSelected}>
            {t('decline.placeOrder')}
          </button>
        </>
      );
    }
    case 'contactBuyer':
      return (
        <div role="alert" className={cls('message')}>
          <p>{t(declineMessageFor(state))}</p>
          {state.awaitingUpdate && <p>{t('decline.awaitingUpdate')}</p>}
          <a className={cls('link')} href={state.accountUrl} target="_blank" rel="noopener noreferrer">
            {t('decline.accountLink')}
          </a>
        </div>
      );
    case 'declined':
      return (
        <p role="alert" className={cls('message')}>
          {t(declineMessageFor(state))}
        </p>
      );
    case 'error':
      return (
        <div role="alert" className={cls('message')} data-error-kind={state.error.kind}>
          <p>{t(declineMessageFor(state))}</p>
          <button type="button" className={cls('primary')} onClick={handler.retry}>
            {t('decline.retry')}
          </button>
        </div>
      );
  }
}
