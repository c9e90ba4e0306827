import { useCallback, useEffect, useMemo, useRef, type ReactNode, type Ref, type RefObject } from 'react';
import type { AmazonPayError } from '../../domain/errors';
import type { FunnelTrigger } from '../../domain/recovery-events';
import { emitFunnelEvent } from '../../browser/funnel-events';
import { checkoutLanguageFor } from '../../domain/checkout-language';
import { amazonScriptsSettled } from '../../browser/script-loader';
import { POPUP_COUNTRIES, resolvePopupCountry } from '../../domain/popup-country';
import { warnOnce } from '../../domain/dev-warning';
import type { Messages } from '../../i18n/locales/en';
import { popupMessages } from '../../i18n/english/popup';
import { AmazonPayButton } from '../AmazonPayButton';
import { useAmazonPay } from '../AmazonPayProvider';
import type { CartRecoveryPopupProps } from '../CartRecoveryPopup';
import { PopupHost } from './PopupHost';
import { useTexts, withOverrides } from './texts';
import { VISUALLY_HIDDEN } from './visually-hidden';
import { useComposedRefs } from './useComposedRefs';
import { useModalDialog } from '../useModalDialog';

export interface CartRecoveryDialogProps extends Omit<CartRecoveryPopupProps, 'onError'> {
  /** The hook's ref (focus handling) and the merchant's forwarded one. */
  readonly dialogRef: RefObject<HTMLDialogElement | null>;
  readonly forwardedRef: Ref<HTMLDialogElement> | undefined;
  readonly onError: (error: AmazonPayError) => void;
  readonly dismiss: () => void;
  /** What showed the pop-up: its `popupShown` event's trigger. */
  readonly trigger: FunnelTrigger | false;
  readonly titleRef: RefObject<HTMLHeadingElement | null>;
  /** Where focus goes on close (the pop-up's `returnFocusRef`). */
  readonly returnFocusRef?: RefObject<HTMLElement | null>;
  readonly titleId: string;
  readonly descriptionId: string;
  /** The country's texts, when `country` picks the language (the provider has no locale). */
  readonly countryMessages: Messages | undefined;
}

/**
 * The open pop-up: the native `<dialog>` with its texts, close button and Amazon's
 * button. A lazy part (internal/lazy-parts.ts), fetched while the pop-up waits for its
 * trigger; rendered only while the pop-up is open (into its own container), so a page
 * where it waits, or where the buyer dismissed it, has none of it in the DOM.
 */
export function CartRecoveryDialog(props: CartRecoveryDialogProps) {
  const {
    container,
    dialogRef,
    forwardedRef,
    country,
    afterDecline,
    shippingAddress,
    productType,
    amount,
    currency,
    checkoutResultReturnUrl,
    checkoutCancelUrl,
    merchantReferenceId,
    allowedReturnOrigins,
    onError,
    messages,
    className,
    unstyled,
    children,
    dismiss,
    titleRef,
    titleId,
    descriptionId,
    countryMessages,
    returnFocusRef,
    trigger,
  } = props;
  const context = useAmazonPay('CartRecoveryPopup');
  const resolvedCountry = useMemo(() => resolvePopupCountry(country, context.region), [country, context.region]);
  // Without a provider locale the country's language, as Amazon's script (its texts came with countryMessages).
  const countryLocale = POPUP_COUNTRIES[resolvedCountry].checkoutLanguage.replace('_', '-');
  const textSource = useMemo(
    () => (countryMessages ? { messages: withOverrides(countryMessages, context.messages), locale: countryLocale } : undefined),
    [countryMessages, context.messages, countryLocale],
  );
  if (
    process.env.NODE_ENV !== 'production' &&
    country !== undefined &&
    context.localeGiven &&
    countryLocale.slice(0, 2) !== context.language
  ) {
    warnOnce(
      `popup-country-locale:${resolvedCountry}:${context.locale}`,
      `CartRecoveryPopup country ${JSON.stringify(country)} speaks ${countryLocale}, but the provider's locale ${JSON.stringify(context.locale)} picks the pop-up's texts. Amazon's script localised by country: drop the provider's locale to do the same.`,
    );
  }
  const t = useTexts(popupMessages, messages, textSource);
  const classes = ['arp-popup', unstyled ? 'arp-popup--unstyled' : '', className ?? ''].filter(Boolean).join(' ');
  // The reason only when the merchant says why; an empty text removes it and its description link.
  const reason = afterDecline ? t('popup.reason') : '';
  const reasonId = `${titleId}-reason`;
  const ref = useComposedRefs(dialogRef, forwardedRef);
  // The provider's onEvent: shown once per opening (a ref survives StrictMode's replayed effect), the buyer
  // closing it (close button, Escape), Amazon's button pressed. The cart's id joins them to the checkout.
  const journey = merchantReferenceId === undefined ? {} : { merchantReferenceId };
  const announcedShown = useRef(false);
  useEffect(() => {
    if (announcedShown.current) return;
    announcedShown.current = true;
    emitFunnelEvent(context.onEvent, { type: 'popupShown', trigger: trigger || 'open', ...journey });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the dialog opens
  }, []);
  const close = useCallback(() => {
    emitFunnelEvent(context.onEvent, { type: 'popupDismissed', ...journey });
    dismiss();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- journey is merchantReferenceId's; onEvent is a ref
  }, [dismiss, merchantReferenceId]);
  const chosen = (): void => emitFunnelEvent(context.onEvent, { type: 'amazonPayChosen', ...journey });
  // Rendered only while the pop-up is open: the modal dialog's focus handling comes with it (a lazy part).
  useModalDialog(dialogRef, true, close, titleRef, returnFocusRef);
  const announceRef = useRef<HTMLDivElement | null>(null);
  const announcement = `${t('popup.title')} ${reason} ${t('popup.description')} ${t('popup.callToAction')}`;
  useEffect(() => {
    // Shown as an offer while the buyer types (useModalDialog, a layout effect: already decided), it takes no focus:
    // screen readers hear it politely, once the region has been on the page a moment.
    if (announceRef.current?.closest('dialog')?.dataset.presentation !== 'offer') return;
    const timer = setTimeout(() => {
      if (announceRef.current) announceRef.current.textContent = announcement;
    }, 100);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- announced once, when the dialog opens
  }, []);
  return (
    // In a container of its own, outside the provider's .arp-root: the provider's appearance goes on the dialog itself.
    <PopupHost parent={container}>
      <dialog
        ref={ref}
        {...t.langOf('popup.title')}
        className={classes}
        data-state="open"
        data-arp-theme={context.appearanceTheme}
        style={context.appearanceStyle}
        aria-labelledby={titleId}
        aria-describedby={reason ? `${reasonId} ${descriptionId}` : descriptionId}
      >
        <div ref={announceRef} role="status" style={VISUALLY_HIDDEN} />
        <div className="arp-popup__content">
          <div className="arp-popup__header">
            <button type="button" className="arp-popup__close" aria-label={t('popup.close')} onClick={close}>
              <span aria-hidden="true">×</span>
            </button>
          </div>
          <div className="arp-popup__body">
            {reason && (
              <p id={reasonId} className="arp-popup__reason">
                {keepBrandTogether(reason)}
              </p>
            )}
            {/* Focus lands here on open (unless the buyer is typing: useModalDialog): a keystroke meant for the page presses nothing. */}
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
              checkoutLanguage={checkoutLanguageFor(
                textSource ? countryLocale : context.locale,
                resolvedCountry,
                context.regionConfig.region,
              )}
              messages={messages}
              onError={onError}
              onClick={chosen}
            />
            {children}
          </div>
        </div>
      </dialog>
    </PopupHost>
  );
}

/**
 * The dialog, once checkout.js is there: the pop-up preloads it beside this chunk, and waiting for it (at most
 * 1 s) lets Amazon's button draw before the dialog's first paint even with `fadeIn={0}`. A blocked or slow
 * script still shows the dialog after 1 s, its button loading or its fallback.
 */
export function loadCartRecoveryDialog(): Promise<typeof CartRecoveryDialog> {
  return amazonScriptsSettled(1000).then(() => CartRecoveryDialog);
}

/** "Amazon Pay" never breaks across lines (also in the merchant's overrides); the text itself is unchanged. */
function keepBrandTogether(text: string): ReactNode {
  const parts = text.split('Amazon Pay');
  return parts.flatMap((part, index) =>
    index === 0
      ? [part]
      : [
          <span key={index} className="arp-popup__brand">
            Amazon Pay
          </span>,
          part,
        ],
  );
}
