import { forwardRef, memo, useEffect, useRef, type ReactNode } from 'react';
import { AmazonPayError } from '../domain/errors';
import { warnOnce } from '../domain/dev-warning';
import type { CurrencyCode, ProductType, ShippingAddress } from '../domain/types';
import type { PopupCountry } from '../domain/popup-country';
import type { SupportedLocale } from '../i18n/i18n';
import { useAmazonPay, useLocaleMessages } from './AmazonPayProvider';
import type { MessageOverrides, PopupMessageId } from './internal/texts';
import { usePopupState, type UseCartRecoveryPopupOptions } from './internal/usePopupState';
import { useLazyPartValue } from './internal/lazy-part';
import { lazyCartRecoveryDialog } from './internal/lazy-parts';

export interface CartRecoveryPopupProps extends UseCartRecoveryPopupOptions {
  /**
   * What is country-specific, as in Amazon's script: the pop-up's language when
   * the provider has no `locale` (`DE` shows German; with a `locale`, the locale
   * picks the texts and a development note says when the two disagree), and
   * Amazon's page language when the region does not offer the buyer's. Any case
   * (`'de'`, `'uk'`; `'GB'` is UK). Default: the provider region's country (its
   * language only through `locale`); unknown values fall back to US with a warning.
   */
  readonly country?: PopupCountry | Lowercase<PopupCountry> | 'GB' | 'gb';
  /**
   * Where the pop-up's own container is appended while it is open (the original's `append`).
   * Default `document.body`. The container is created when the pop-up opens and removed when it closes.
   */
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
  /**
   * The buyer's payment just failed: the pop-up says so above its title
   * (`popup.reason`, "Something went wrong with your payment."). Default false:
   * exit intent and inactivity show the pop-up before any payment, with no reason line.
   * An empty `popup.reason` text removes the line (and its description link) too.
   */
  readonly afterDecline?: boolean;
}

/** The language of a `country` of Amazon's script (US and UK: English). */
const COUNTRY_LANGUAGES: Readonly<Record<string, SupportedLocale>> = { de: 'de', es: 'es', fr: 'fr', it: 'it', jp: 'ja' };

const preloadDialog = (): void => void lazyCartRecoveryDialog.load().catch(() => undefined);

/**
 * The Cart Recovery pop-up: after a card decline it offers Amazon Pay with the
 * end-of-checkout button, carrying the entered shipping address over to
 * Amazon's page. A native modal `<dialog>` (focus trapped and restored,
 * Escape and a close button dismiss, background inert), appearing `fadeIn`
 * seconds after render, on exit intent or after inactivity. `data-state` is
 * `open`; class names `arp-popup*` (styles in `styles/popup.css`).
 *
 * While it waits for a trigger it renders nothing: its timers and its passive
 * listeners on `document` are the only trace, and the dialog's code (with the
 * button's) and checkout.js are fetched meanwhile (not while suppressed or dismissed), so the
 * button is ready when the dialog opens. The dialog lives in a container of its
 * own, created on open and removed on close, never in `<body>` itself.
 */
/** Props a page typically writes inline (objects rebuilt on every render), compared by value. */
const BY_VALUE: ReadonlySet<string> = new Set(['inactivity', 'shippingAddress', 'allowedReturnOrigins', 'messages']);

/**
 * The pop-up renders again only when a prop changed: the same values (by identity, or by value for
 * the inline objects above) render the same thing, so a page that re-renders on every keystroke or
 * hover does not re-render a waiting pop-up with it. A new callback identity does re-render.
 */
function samePopupProps(previous: Readonly<Record<string, unknown>>, next: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(next);
  if (keys.length !== Object.keys(previous).length) return false;
  return keys.every(
    (key) => Object.is(previous[key], next[key]) || (BY_VALUE.has(key) && JSON.stringify(previous[key]) === JSON.stringify(next[key])),
  );
}

export const CartRecoveryPopup = memo(
  forwardRef<HTMLDialogElement, CartRecoveryPopupProps>(function CartRecoveryPopup(props, forwardedRef) {
    const { country, shippingAddress, productType, onError } = props;
    const context = useAmazonPay('CartRecoveryPopup');
    // Amazon's script spoke its country's language: so does the pop-up when the provider has no locale.
    const countryLanguage = context.localeGiven || typeof country !== 'string' ? undefined : COUNTRY_LANGUAGES[country.toLowerCase()];
    const countryTexts = useLocaleMessages(countryLanguage ?? 'en');
    const { value: CartRecoveryDialog, failed: dialogFailed } = useLazyPartValue(lazyCartRecoveryDialog);
    const report = onError ?? ((error: AmazonPayError) => console.error(error));
    // Once per failure: StrictMode runs the effect twice on mount, a ref survives that.
    const reportedFailure = useRef(false);
    useEffect(() => {
      if (dialogFailed && !reportedFailure.current)
        report(
          new AmazonPayError(
            'script',
            process.env.NODE_ENV !== 'production' ? "The pop-up's Amazon Pay button could not be loaded." : 'ChunkLoadFailed',
            { code: 'ChunkLoadFailed', retryable: true },
          ),
        );
      reportedFailure.current = dialogFailed;
      // eslint-disable-next-line react-hooks/exhaustive-deps -- reported once per failure, whatever the callback's identity
    }, [dialogFailed]);
    // The lazy part is undefined on the server and during hydration: the dialog only exists on the client.
    const popup = usePopupState({
      ...props,
      contentReady: context.messagesReady && countryTexts.settled && CartRecoveryDialog !== undefined,
      onPreload: preloadDialog,
    });
    if (process.env.NODE_ENV !== 'production' && !productType && !shippingAddress) {
      warnOnce(
        'popup-pay-only',
        'CartRecoveryPopup has no shippingAddress, so Amazon Pay gets a PayOnly checkout (no shipping). Pass the address the buyer entered, or productType="PayOnly" for digital goods.',
      );
    }
    if (!popup.open || !CartRecoveryDialog) return null;
    // The dialog gets the pop-up's props (it reads its own), its state, and onError or the console.
    return (
      <CartRecoveryDialog
        {...props}
        {...popup}
        forwardedRef={forwardedRef}
        onError={report}
        countryMessages={countryLanguage && countryTexts.texts}
      />
    );
  }),
  samePopupProps,
);
