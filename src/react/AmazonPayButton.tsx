import { forwardRef, type ReactNode } from 'react';
import type { AmazonPayError } from '../domain/errors';
import { useMessages, type MessageOverrides, type PopupMessageId } from './internal/messages';
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
  const { state, error, busy, clickError, retry: retryRender, hostRef } = useAmazonPayButton(options);
  // Error texts in the provider's locale; English stands in while its chunk loads.
  const t = useMessages(messages);
  const retry = error?.retryable ? retryRender : undefined;
  const unavailable = state === 'error' && error !== null;

  const custom = unavailable && typeof fallback === 'function' ? fallback({ error, retry }) : undefined;
  let message: ReactNode = null;
  if (unavailable && typeof fallback !== 'function') message = fallback ?? t(retry ? 'button.scriptFailed' : 'button.unavailable');
  else if (!unavailable && clickError) message = t('button.checkoutFailed');

  return (
    <div
      ref={ref}
      className={className ? `arp-button ${className}` : 'arp-button'}
      data-state={state}
      data-error-code={error?.code}
      aria-busy={state === 'loading' || busy || undefined}
    >
      <div ref={hostRef} className="arp-button__host" hidden={unavailable} />
      {custom !== undefined && (
        <div role="alert" className="arp-button__fallback">
          {custom}
        </div>
      )}
      {/* The alert holds the message only, so it is announced once, without the button's label. */}
      {message !== null && (
        <div role="alert" className={unavailable ? 'arp-button__fallback' : 'arp-button__message arp-button__message--click'}>
          {message}
        </div>
      )}
      {unavailable && custom === undefined && retry && (
        <button type="button" className="arp-button__retry" onClick={retry}>
          {t('button.retry')}
        </button>
      )}
    </div>
  );
});
