import { forwardRef, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { AmazonPayError } from '../domain/errors';
import { warnOnce } from '../domain/dev-warning';
import type { CurrencyCode, ProductType, ShippingAddress } from '../domain/types';
import { useAmazonPay } from './AmazonPayProvider';
import { checkoutLanguageFor } from '../domain/checkout-language';
import { resolvePopupCountry, type PopupCountry } from '../domain/popup-country';
import { useComposedRefs } from './internal/useComposedRefs';
import { popupMessages } from '../i18n/english/popup';
import { useTexts, type MessageOverrides, type PopupMessageId } from './internal/texts';
import { useCartRecoveryPopup, type UseCartRecoveryPopupOptions } from './useCartRecoveryPopup';
import { useLazyPart } from './internal/lazy-part';
import { lazyAmazonPayButton } from './internal/lazy-parts';

export interface CartRecoveryPopupProps extends UseCartRecoveryPopupOptions {
  /**
   * What is country-specific: Amazon's page language when the region does not
   * offer the buyer's (the provider's `locale` picks the texts). Any case
   * (`'de'`, `'uk'`; `'GB'` is UK). Default: the provider region's country;
   * unknown values fall back to US with a warning.
   */
  readonly country?: PopupCountry | Lowercase<PopupCountry> | 'GB' | 'gb';
  /** Where the dialog is portalled (the original's `append`). Default `document.body`. */
  readonly container?: Element | null;
  /** The address the buyer entered in the merchant's checkout; Amazon's page shows it for review. */
  readonly shippingAddress?: ShippingAddress;
  /**
   * `PayAndShip` (with `shippingAddress`) or `PayOnly` (digital goods, no
   * shipping). Default: PayAndShip when an address is given, else PayOnly with
   * a development warning, since a physical order without the address would
   * reach Amazon with none. PayAndShip without an address is a validation error (onError).
   */
  readonly productType?: ProductType;
  readonly amount: string | number;
  readonly currency: CurrencyCode;
  readonly checkoutResultReturnUrl: string;
  readonly checkoutCancelUrl?: string;
  /** Your order or cart id (merchantMetadata; your server's `orderAmount` looks the amount up by it). */
  readonly merchantReferenceId?: string;
  readonly allowedReturnOrigins?: readonly string[];
  /** Failures of the button (bad props, blocked checkout.js, the signing call). Default: console.error. */
  readonly onError?: (error: AmazonPayError) => void;
  /** Per-string text overrides; they win over the provider's `messages`. */
  readonly messages?: MessageOverrides<PopupMessageId>;
  readonly className?: string;
  /** Drop the kit's class-based look (the `arp-popup--unstyled` modifier turns off popup.css rules). */
  readonly unstyled?: boolean;
  /** Extra content below the button (e.g. a note about the declined card). */
  readonly children?: ReactNode;
}

const subscribeNothing = (): (() => void) => () => undefined;

/** False on the server and during hydration, true after: the portal needs `document`. */
function useIsClient(): boolean {
  return useSyncExternalStore(subscribeNothing, () => true, () => false);
}

/**
 * The Cart Recovery pop-up: after a card decline it offers Amazon Pay with the
 * end-of-checkout button, carrying the entered shipping address over to
 * Amazon's page. A native modal `<dialog>` (focus trapped and restored,
 * Escape and a close button dismiss, background inert), appearing `fadeIn`
 * seconds after render, on exit intent or after inactivity. `data-state` is
 * `open` or `closed`; class names `arp-popup*` (styles in `styles/popup.css`).
 */
export const CartRecoveryPopup = forwardRef<HTMLDialogElement, CartRecoveryPopupProps>(function CartRecoveryPopup(props, forwardedRef) {
  const { country, container, shippingAddress, productType, amount, currency, checkoutResultReturnUrl, checkoutCancelUrl, merchantReferenceId, allowedReturnOrigins, onError, messages, className, unstyled, children, ...options } = props;
  const context = useAmazonPay('CartRecoveryPopup');
  const resolvedCountry = useMemo(() => resolvePopupCountry(country, context.region), [country, context.region]);
  const t = useTexts(popupMessages, messages);
  const { value: AmazonPayButton, failed: buttonFailed } = useLazyPart(lazyAmazonPayButton);
  const report = onError ?? ((error: AmazonPayError) => console.error(error));
  useEffect(() => {
    if (buttonFailed) report(new AmazonPayError('script', "The pop-up's Amazon Pay button could not be loaded.", { code: 'ChunkLoadFailed', retryable: true }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reported once per failure, whatever the callback's identity
  }, [buttonFailed]);
  const isClient = useIsClient();
  // Not before hydration: the dialog only exists on the client.
  const { open, dismiss, dialogRef, titleRef, titleId, descriptionId } = useCartRecoveryPopup({ ...options, contentReady: context.messagesReady && isClient && AmazonPayButton !== undefined });
  const composedRef = useComposedRefs(dialogRef, forwardedRef);
  if (!isClient) return null;
  if (process.env.NODE_ENV !== 'production' && !productType && !shippingAddress) {
    warnOnce('popup-pay-only', 'CartRecoveryPopup has no shippingAddress, so Amazon Pay gets a PayOnly checkout (no shipping). Pass the address the buyer entered, or productType="PayOnly" for digital goods.');
  }

  const classes = ['arp-popup', unstyled ? 'arp-popup--unstyled' : '', className ?? ''].filter(Boolean).join(' ');
  const reasonId = `${titleId}-reason`;

  const dialog = (
    // Portalled out of the provider's .arp-root: the provider's appearance goes on the dialog itself.
    <dialog
      ref={composedRef}
      lang={context.language}
      className={classes}
      data-state={open ? 'open' : 'closed'}
      data-arp-theme={context.appearanceTheme}
      style={context.appearanceStyle}
      aria-labelledby={titleId}
      aria-describedby={`${reasonId} ${descriptionId}`}
    >
      {open && AmazonPayButton && (
        <div className="arp-popup__content">
          <div className="arp-popup__header">
            <p id={reasonId} className="arp-popup__reason">
              {keepBrandTogether(t('popup.reason'))}
            </p>
            <button type="button" className="arp-popup__close" aria-label={t('popup.close')} onClick={dismiss}>
              <span aria-hidden="true">×</span>
            </button>
          </div>
          <div className="arp-popup__body">
            {/* Focus lands here on open: a keystroke meant for the page presses nothing. */}
            <h2 ref={titleRef} id={titleId} className="arp-popup__title" tabIndex={-1}>
              {keepBrandTogether(t('popup.title'))}
            </h2>
            <div id={descriptionId} className="arp-popup__description">
              <p>{keepBrandTogether(t('popup.description'))}</p>
              <p>{keepBrandTogether(t('popup.callToAction'))}</p>
            </div>
            <AmazonPayButton
              className="arp-popup__button"
              amount={amount}
              currency={currency}
              shippingAddress={shippingAddress}
              productType={productType ?? (shippingAddress ? 'PayAndShip' : 'PayOnly')}
              checkoutResultReturnUrl={checkoutResultReturnUrl}
              checkoutCancelUrl={checkoutCancelUrl}
              merchantReferenceId={merchantReferenceId}
              allowedReturnOrigins={allowedReturnOrigins}
              checkoutLanguage={checkoutLanguageFor(context.locale, resolvedCountry, context.regionConfig.region)}
              messages={messages}
              onError={report}
            />
            {children}
          </div>
        </div>
      )}
    </dialog>
  );
  return createPortal(dialog, container ?? document.body);
});

/** "Amazon Pay" never breaks across lines (also in the merchant's overrides); the text itself is unchanged. */
function keepBrandTogether(text: string): ReactNode {
  const parts = text.split('Amazon Pay');
  return parts.flatMap((part, index) => (index === 0 ? [part] : [<span key={index} className="arp-popup__brand">Amazon Pay</span>, part]));
}
