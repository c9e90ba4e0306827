import { useMemo, useState, type RefObject } from 'react';
import { checkoutButtonRequest } from '../domain/checkout-button-input';
import { AmazonPayError, validationError } from '../domain/errors';
import { toAmazonPayError } from '../domain/to-amazon-pay-error';
import type { CheckoutLanguage } from '../domain/regions';
import { loadAmazonCheckout, loadedAmazonCheckout, type AmazonCheckoutGlobal } from '../browser/script-loader';
import type { CheckoutSessionPayloadRequest, CurrencyCode, ProductType, ShippingAddress } from '../domain/types';
import { useAmazonPay } from './AmazonPayProvider';
import { useHostedAmazonWidget, type HostedWidgetDefinition } from './internal/useHostedAmazonWidget';
import { useLatest } from './internal/useLatest';

export type AmazonPayButtonColor = 'Gold' | 'LightGray' | 'DarkGray';
export type AmazonPayButtonState = 'loading' | 'ready' | 'error';

export interface UseAmazonPayButtonOptions {
  /** Only the end-of-checkout placement is supported. */
  readonly placement?: 'Checkout';
  /** Default `PayAndShip`. */
  readonly productType?: ProductType;
  /** Default `Gold`. */
  readonly buttonColor?: AmazonPayButtonColor;
  /** Charge amount, e.g. `"49.90"` (a decimal within the currency's precision). */
  readonly amount: string | number;
  readonly currency: CurrencyCode;
  /** Carried over to Amazon's page for review (PayAndShip only). */
  readonly shippingAddress?: ShippingAddress;
  /** Where Amazon sends the buyer after paying (https; http://localhost in sandbox). */
  readonly checkoutResultReturnUrl: string;
  readonly checkoutCancelUrl?: string;
  /** Your order or cart id: shown in Seller Central (merchantMetadata) and passed to your server's `orderAmount` to look the amount up. */
  readonly merchantReferenceId?: string;
  /** The return URLs must belong to one of these origins. */
  readonly allowedReturnOrigins?: readonly string[];
  /** Amazon's page language; default: the region's. */
  readonly checkoutLanguage?: CheckoutLanguage;
  /**
   * Every failure: bad props (`validation`), checkout.js (`script`, `timeout`), the backend's signing call.
   * Optional, as on WalletWidget: the buyer already sees each failure (fallback with Try again, or the
   * message under the button); this is for your logs. Without it the error goes to `console.error`.
   */
  readonly onError?: (error: AmazonPayError) => void;
  /** The buyer clicked the button (before the payload is requested). */
  readonly onClick?: () => void;
  /** The Amazon button was rendered and can be clicked. */
  readonly onReady?: () => void;
}

export interface AmazonPayButtonController {
  readonly state: AmazonPayButtonState;
  readonly error: AmazonPayError | null;
  /** A click is waiting for the signed payload. */
  readonly busy: boolean;
  /** The last click could not start Amazon's checkout (signing failed); cleared by the next click. The button stays usable. */
  readonly clickError: AmazonPayError | null;
  /** Loads checkout.js again and re-renders the button. */
  readonly retry: () => void;
  /** Put on the element the Amazon button's container is created in; React renders no children into it. */
  readonly hostRef: RefObject<HTMLDivElement | null>;
}

/**
 * Renders Amazon's Checkout v2 button (end-of-checkout placement) with
 * `amazon.Pay.renderButton`, and on click fetches the signed payload from the
 * backend (the key stays on the server) and calls `initCheckout` with the
 * payload string unchanged. Re-renders the Amazon button only when what it
 * shows changes (merchant, region, language, colour, estimated amount) or on
 * `retry()`; address and URLs are read at click time. One payload request per
 * click burst.
 */
export function useAmazonPayButton(options: UseAmazonPayButtonOptions): AmazonPayButtonController {
  const context = useAmazonPay('AmazonPayButton');
  const { backend, sellerId, region, regionConfig, sandbox, nonce, publicKeyId } = context;
  const productType = options.productType ?? 'PayAndShip';
  const buttonColor = options.buttonColor ?? 'Gold';
  const checkoutLanguage = options.checkoutLanguage ?? regionConfig.defaultCheckoutLanguage;
  const { amount, currency, shippingAddress, checkoutResultReturnUrl, checkoutCancelUrl, allowedReturnOrigins, merchantReferenceId } =
    options;
  const originsKey = allowedReturnOrigins?.join(' ');
  // Compared by content: a new object literal per parent render changes nothing.
  const addressKey = shippingAddress === undefined ? undefined : JSON.stringify(shippingAddress);

  const validated = useMemo((): { request: CheckoutSessionPayloadRequest; error: null } | { request: null; error: AmazonPayError } => {
    try {
      if (options.placement !== undefined && options.placement !== 'Checkout') {
        throw validationError(
          process.env.NODE_ENV !== 'production'
            ? `placement ${JSON.stringify(options.placement)} is not supported: the recovery button is the end-of-checkout button (placement "Checkout").`
            : 'InvalidParameterValue',
          'InvalidParameterValue',
        );
      }
      if (!publicKeyId) {
        throw validationError(
          process.env.NODE_ENV !== 'production'
            ? '<AmazonPayButton> needs the Checkout v2 publicKeyId: pass publicKeyId to <AmazonPayProvider>.'
            : 'MissingParameter',
          'MissingParameter',
        );
      }
      const request = checkoutButtonRequest({
        amount,
        currency,
        ledgerCurrency: regionConfig.ledgerCurrency,
        productType,
        shippingAddress: addressKey === undefined ? undefined : (JSON.parse(addressKey) as ShippingAddress),
        checkoutResultReturnUrl,
        checkoutCancelUrl,
        merchantReferenceId,
        allowedReturnOrigins: originsKey === undefined ? undefined : originsKey.split(' '),
        sandbox,
      });
      return { request, error: null };
    } catch (error) {
      return { request: null, error: toAmazonPayError(error) };
    }
  }, [
    options.placement,
    publicKeyId,
    amount,
    currency,
    regionConfig,
    productType,
    addressKey,
    checkoutResultReturnUrl,
    checkoutCancelUrl,
    merchantReferenceId,
    originsKey,
    sandbox,
  ]);

  const latest = useLatest({
    request: validated.request,
    onError: options.onError,
    onClick: options.onClick,
    onReady: options.onReady,
    backend,
  });
  const [busy, setBusy] = useState(false);
  // Cleared by each new render of the Amazon button, and shown only while it is ready.
  const [clickError, setClickError] = useState<AmazonPayError | null>(null);
  const estimatedAmount = validated.request?.amount.amount;

  const widget: AmazonPayError | HostedWidgetDefinition<AmazonCheckoutGlobal> = validated.error
    ? validated.error
    : {
        load: () => loadAmazonCheckout({ region, nonce }),
        loaded: loadedAmazonCheckout,
        mountFailedCode: 'ButtonNotRendered',
        containerClassName: 'arp-button__amazon',
        mount(amazon, containerId, session) {
          const handle = amazon.Pay.renderButton(`#${containerId}`, {
            merchantId: sellerId,
            publicKeyId,
            ledgerCurrency: regionConfig.ledgerCurrency,
            checkoutLanguage,
            productType,
            placement: 'Checkout',
            buttonColor,
            estimatedOrderAmount: { amount: validated.request.amount.amount, currencyCode: currency },
            sandbox,
          });
          if (!handle) {
            const message =
              process.env.NODE_ENV !== 'production'
                ? 'amazon.Pay.renderButton returned no button (checkout.js refused the options or the container).'
                : 'ButtonNotRendered';
            throw new AmazonPayError('script', message, { code: 'ButtonNotRendered', retryable: true });
          }
          let clickPending = false;
          const failed = (error: AmazonPayError): void => {
            setClickError(error);
            session.report(error);
          };
          handle.onClick(() => {
            const { request, backend: currentBackend, onClick } = latest.current;
            if (!session.active() || clickPending || !request) return;
            clickPending = true;
            setBusy(true);
            setClickError(null);
            onClick?.();
            currentBackend
              .signCheckoutSessionPayload(request)
              .then(
                (signed) => {
                  if (!session.active()) return;
                  try {
                    handle.initCheckout({
                      createCheckoutSessionConfig: {
                        payloadJSON: signed.payloadJSON,
                        signature: signed.signature,
                        publicKeyId: signed.publicKeyId ?? publicKeyId,
                        algorithm: signed.algorithm,
                      },
                    });
                  } catch (thrown) {
                    failed(toAmazonPayError(thrown));
                  }
                },
                (error: unknown) => {
                  if (session.active()) failed(toAmazonPayError(error));
                },
              )
              .finally(() => {
                clickPending = false;
                if (session.active()) setBusy(false);
              });
          });
          setClickError(null);
          session.ready();
          latest.current.onReady?.();
          return () => {
            if (clickPending) setBusy(false);
          };
        },
      };

  const { state, error, retry, hostRef } = useHostedAmazonWidget({
    kind: 'button',
    mountKey: JSON.stringify([
      sellerId,
      publicKeyId,
      region,
      regionConfig.ledgerCurrency,
      checkoutLanguage,
      productType,
      buttonColor,
      estimatedAmount,
      currency,
      sandbox,
      nonce,
    ]),
    widget,
    onError: options.onError,
  });
  return { state, error, busy: state === 'error' ? false : busy, clickError: state === 'ready' ? clickError : null, retry, hostRef };
}
