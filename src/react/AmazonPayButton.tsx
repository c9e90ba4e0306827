import { forwardRef, type ReactNode } from 'react';
import type { AmazonPayError } from '../domain/errors';
import { HostedWidgetFrame } from './internal/HostedWidgetFrame';
import { buttonMessages } from '../i18n/english/button';
import { useTexts, type MessageOverrides, type PopupMessageId } from './internal/texts';
import { useAmazonPayButton, type UseAmazonPayButtonOptions } from './useAmazonPayButton';

export interface AmazonPayButtonFallbackProps {
  readonly error: AmazonPayError;
  /** Present when trying again may help (a blocked script, a button that did not render). */
  readonly retry: (() => void) | undefined;
}

export interface AmazonPayButtonProps extends UseAmazonPayButtonOptions {
  /** Replaces the default message shown when the button cannot be shown (a function replaces all of it). */
  readonly fallback?: ReactNode | ((props: AmazonPayButtonFallbackProps) => ReactNode);
  /** Text overrides (`button.scriptFailed`, `button.unavailable`, `button.retry`, `button.checkoutFailed`). */
  readonly messages?: MessageOverrides<PopupMessageId>;
  readonly className?: string;
}

/**
 * Amazon's Checkout v2 button in the end-of-checkout placement: renders with
 * `amazon.Pay.renderButton`, fetches the signed payload from the backend on
 * click and hands it to `initCheckout` unchanged. Shows a fallback with "Try
 * again" when checkout.js is blocked. `data-state` is `loading`, `ready` or
 * `error`; `aria-busy` while the payload is fetched; class names `arp-button*`.
 * Needs `<AmazonPayProvider>` with a `publicKeyId`.
 */
export const AmazonPayButton = forwardRef<HTMLDivElement, AmazonPayButtonProps>(function AmazonPayButton(props, ref) {
  const { fallback, messages, className, ...options } = props;
  const { busy, clickError, ...widget } = useAmazonPayButton(options);
  // Error texts in the provider's locale; English stands in while its chunk loads.
  const t = useTexts(buttonMessages, messages);
  const texts = {
    scriptFailed: t('button.scriptFailed'),
    unavailable: t('button.unavailable'),
    retry: t('button.retry'),
    language: t.langOf('button.retry'),
  };
  const unavailable = widget.state === 'error' && widget.error !== null;
  return (
    <HostedWidgetFrame
      ref={ref}
      kind="button"
      widget={{ ...widget, unavailable }}
      fallback={fallback}
      texts={texts}
      busy={busy}
      className={className}
    >
      {clickError && (
        <div role="alert" {...t.langOf('button.checkoutFailed')} className="arp-button__message arp-button__message--click">
          {t('button.checkoutFailed')}
        </div>
      )}
    </HostedWidgetFrame>
  );
});
