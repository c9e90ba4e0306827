import { useMemo, type ReactNode, type Ref } from 'react';
import type { AmazonPayError } from '../../domain/errors';
import { checkoutLanguageFor } from '../../domain/checkout-language';
import { resolvePopupCountry } from '../../domain/popup-country';
import { popupMessages } from '../../i18n/english/popup';
import { AmazonPayButton } from '../AmazonPayButton';
import { useAmazonPay } from '../AmazonPayProvider';
import type { CartRecoveryPopupProps } from '../CartRecoveryPopup';
import { PopupHost } from './PopupHost';
import { useTexts } from './texts';
import { useComposedRefs } from './useComposedRefs';

export interface CartRecoveryDialogProps extends Omit<CartRecoveryPopupProps, 'onError'> {
  /** The hook's ref (focus handling) and the merchant's forwarded one. */
  readonly dialogRef: Ref<HTMLDialogElement>;
  readonly forwardedRef: Ref<HTMLDialogElement> | undefined;
  readonly onError: (error: AmazonPayError) => void;
  readonly dismiss: () => void;
  readonly titleRef: React.Ref<HTMLHeadingElement>;
  readonly titleId: string;
  readonly descriptionId: string;
}

/**
 * The open pop-up: the native `<dialog>` with its texts, close button and Amazon's
 * button. A lazy part (internal/lazy-parts.ts), fetched while the pop-up waits for its
 * trigger; rendered only while the pop-up is open (into its own container), so a page
 * where it waits, or where the buyer dismissed it, has none of it in the DOM.
 */
export function CartRecoveryDialog(props: CartRecoveryDialogProps) {
  const { container, dialogRef, forwardedRef, country, shippingAddress, productType, amount, currency, checkoutResultReturnUrl, checkoutCancelUrl, merchantReferenceId, allowedReturnOrigins, onError, messages, className, unstyled, children, dismiss, titleRef, titleId, descriptionId } = props;
  const context = useAmazonPay('CartRecoveryPopup');
  const resolvedCountry = useMemo(() => resolvePopupCountry(country, context.region), [country, context.region]);
  const t = useTexts(popupMessages, messages);
  const classes = ['arp-popup', unstyled ? 'arp-popup--unstyled' : '', className ?? ''].filter(Boolean).join(' ');
  const reasonId = `${titleId}-reason`;
  const ref = useComposedRefs(dialogRef, forwardedRef);
  return (
    // In a container of its own, outside the provider's .arp-root: the provider's appearance goes on the dialog itself.
    <PopupHost parent={container}>
      <dialog
        ref={ref}
        lang={context.language}
        className={classes}
        data-state="open"
        data-arp-theme={context.appearanceTheme}
        style={context.appearanceStyle}
        aria-labelledby={titleId}
        aria-describedby={`${reasonId} ${descriptionId}`}
      >
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
              onError={onError}
            />
            {children}
          </div>
        </div>
      </dialog>
    </PopupHost>
  );
}

/** "Amazon Pay" never breaks across lines (also in the merchant's overrides); the text itself is unchanged. */
function keepBrandTogether(text: string): ReactNode {
  const parts = text.split('Amazon Pay');
  return parts.flatMap((part, index) => (index === 0 ? [part] : [<span key={index} className="arp-popup__brand">Amazon Pay</span>, part]));
}
