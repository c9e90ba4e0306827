import { forwardRef, type CSSProperties, type ReactNode } from 'react';
import type { AmazonPayError } from '../domain/errors';
import { walletMessages } from '../i18n/english/wallet';
import { HostedWidgetFrame } from './internal/HostedWidgetFrame';
import { useTexts } from './internal/texts';
import { useWalletWidget, type UseWalletWidgetOptions } from './useWalletWidget';

export interface WalletFallbackProps {
  readonly error: AmazonPayError;
  /** Present when trying again may help (a blocked or timed-out script). */
  readonly retry: (() => void) | undefined;
}

export interface WalletWidgetProps extends UseWalletWidgetOptions {
  /** Width of the widget area (number = px). Amazon's responsive design fills it. */
  readonly width?: number | string;
  /** Height of the widget area (number = px). */
  readonly height?: number | string;
  /**
   * What the buyer sees when the wallet cannot be shown. A node replaces the
   * default message (the Try again button stays); a function replaces all of it.
   */
  readonly fallback?: ReactNode | ((props: WalletFallbackProps) => ReactNode);
  readonly className?: string;
}

function toCssSize(value: number | string | undefined): string | undefined {
  return typeof value === 'number' ? `${value}px` : value;
}

/**
 * Amazon's Wallet widget (legacy Login and Pay Widgets.js) bound to an order
 * reference: after an InvalidPaymentMethod decline, render it again with the
 * SAME order reference so the buyer can pick another method (Amazon marks the
 * declined one). Loads Widgets.js once per page, re-binds only when the order
 * reference changes, and shows a fallback with "Try again" when the script is
 * blocked. `data-state` is `loading`, `ready` or `error`; class names `arp-wallet*`.
 */
export const WalletWidget = forwardRef<HTMLDivElement, WalletWidgetProps>(function WalletWidget(props, ref) {
  const { width, height, fallback, className, ...options } = props;
  const widget = useWalletWidget(options);
  // The provider's locale; English stands in while its chunk loads.
  const t = useTexts(walletMessages);
  const texts = {
    scriptFailed: t('wallet.scriptFailed'),
    unavailable: t('wallet.unavailable'),
    retry: t('wallet.retry'),
    language: t.langOf('wallet.retry'),
  };
  const hostStyle: CSSProperties = { width: toCssSize(width), height: toCssSize(height) };
  return (
    <HostedWidgetFrame
      ref={ref}
      kind="wallet"
      widget={widget}
      fallback={fallback}
      texts={texts}
      retryInAlert
      hostStyle={hostStyle}
      className={className}
    />
  );
});
