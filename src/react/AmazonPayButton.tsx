import { forwardRef, type ReactNode } from 'react';
import type { AmazonPayError } from '../domain/errors';
import { useAmazonPay } from './AmazonPayProvider';
import { DEFAULT_POPUP_MESSAGES, resolvePopupCountry, withMessageOverrides, type PopupMessages } from '../i18n/popup-messages';
import { usePopupMessages } from './usePopupMessages';
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
  readonly messages?: Partial<PopupMessages>;
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
  const context = useAmazonPay('AmazonPayButton');
  const { state, error, busy, clickError, retry: retryRender, hostRef } = useAmazonPayButton(options);
  // Error texts only; English stands in while the region's language loads.
  const text = usePopupMessages(resolvePopupCountry(undefined, context.region), context.messages, messages) ?? withMessageOverrides(DEFAULT_POPUP_MESSAGES, context.messages, messages);
  const retry = error?.retryable ? retryRender : undefined;
  const unavailable = state === 'error' && error !== null;

  let fallbackContent: ReactNode = null;
  if (unavailable) {
    fallbackContent =
      typeof fallback === 'function' ? (
        fallback({ error, retry })
      ) : (
        <>
          <p className="arp-button__message">{fallback ?? text[retry ? 'button.scriptFailed' : 'button.unavailable']}</p>
          {retry && (
            <button type="button" className="arp-button__retry" onClick={retry}>
              {text['button.retry']}
            </button>
          )}
        </>
      );
  }

  return (
    <div
      ref={ref}
      className={className ? `arp-button ${className}` : 'arp-button'}
      data-state={state}
      data-error-code={error?.code}
      aria-busy={state === 'loading' || busy || undefined}
    >
      <div ref={hostRef} className="arp-button__host" hidden={unavailable} />
      {unavailable && (
        <div role="alert" className="arp-button__fallback">
          {fallbackContent}
        </div>
      )}
      {!unavailable && clickError && (
        <p role="alert" className="arp-button__message arp-button__message--click">
          {text['button.checkoutFailed']}
        </p>
      )}
    </div>
  );
});
