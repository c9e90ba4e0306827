import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type CSSProperties,
  type ReactNode,
} from 'react';
import { appearanceThemeOf, appearanceToCssVariables, type Appearance, type AppearanceTheme } from '../browser/appearance';
import { warnIfStylesMissing } from '../browser/styles-check';
import type { AmazonPayBackend } from '../domain/backend';
import { warnOnce } from '../domain/dev-warning';
import { validationError } from '../domain/errors';
import { resolveLocale, type SupportedLocale } from '../i18n/i18n';
import type { Messages } from '../i18n/locales/en';
import { loadTranslation, loadedLocaleMessages, subscribeLocaleMessages } from '../i18n/locale-messages';
import { getRegionConfig, isMerchantId, type RegionConfig } from '../domain/regions';
import type { Region } from '../domain/types';
import { overridesEveryText, withOverrides, type MessageOverrides } from './internal/texts';
import { resolveStoreId } from './internal/resolve-store-id';
import type { FunnelSink, RecoveryFunnelEvent } from '../domain/recovery-events';

export interface AmazonPayProviderProps {
  /** Every call to the merchant's server goes through this adapter. */
  readonly backend: AmazonPayBackend;
  /** Amazon Pay merchant/seller id (legacy widgets and Checkout v2 `merchantId`). */
  readonly sellerId: string;
  readonly region: Region;
  /** Sandbox (test) or live environment. */
  readonly sandbox?: boolean;
  /**
   * The buyer's BCP 47 locale, e.g. `de-DE`. Default `en-US`. It picks the
   * language of every text of the kit (the pop-up and the button included) and
   * number formatting. The kit's texts in that language (de, fr, it, es, ja)
   * load on demand; until they arrive English shows and the pop-up waits (pass
   * `messages` from `react-amazon-pay-recovery/locales/<lang>` to avoid that).
   */
  readonly locale?: string;
  /** Checkout v2 public key id (public; the private key stays on the server). */
  readonly publicKeyId?: string;
  /**
   * Store ID (Seller Central: Integration Central; the Login with Amazon client
   * id `amzn1.application-oa2-client.…`). The Wallet widget's Widgets.js needs it;
   * your server's `createAmazonPayHandler` takes the same value as `storeId`.
   */
  readonly storeId?: string;
  /** @deprecated The same value as `storeId` under its legacy Widgets.js name; use `storeId`. */
  readonly clientId?: string;
  /** CSP nonce for the Amazon scripts the kit inserts. */
  readonly nonce?: string;
  /** Per-region override of the page where a buyer updates a declined payment method. */
  readonly accountUrls?: Partial<Record<Region, string>>;
  /** Text overrides by message id; any string the kit shows can be replaced. They win over the locale's texts. */
  readonly messages?: MessageOverrides;
  /**
   * Theme and design tokens (`--arp-*` custom properties). When given, the
   * children are wrapped in `<div class="arp-root" data-arp-theme style="display: contents; --arp-…">`.
   * Without it nothing is wrapped and the stylesheets' own values apply.
   */
  readonly appearance?: Appearance;
  /**
   * The kit's funnel events, for your analytics or your server's recovery
   * report (pass `sendFunnelEvents({ baseUrl })` from
   * `react-amazon-pay-recovery/events`, or call it from your own
   * handler): `popupShown` (with its `trigger`), `popupDismissed`,
   * `amazonPayChosen` (the pop-up's button pressed), `declineSeen` (reason
   * code, mode, soft or not), `otherMethodChosen` ("Pay another way"),
   * `recovered` (amount), `lost`. Ids only, no personal data
   * ({@link RecoveryFunnelEvent}). Called after the fact, never while rendering;
   * an error it throws is reported (the global `reportError`, else the
   * console) and changes nothing for the pop-up or the payment. A new function
   * on each render is fine: the latest one is called.
   */
  readonly onEvent?: (event: RecoveryFunnelEvent) => void;
  readonly children?: ReactNode;
}

export interface AmazonPayContextValue {
  readonly backend: AmazonPayBackend;
  readonly sellerId: string;
  readonly region: Region;
  readonly regionConfig: RegionConfig;
  readonly sandbox: boolean;
  readonly locale: string;
  /** False when the provider was given no `locale` (then `en-US`): the pop-up's `country` picks its language, as Amazon's script did. */
  readonly localeGiven: boolean;
  readonly publicKeyId: string | undefined;
  readonly storeId: string | undefined;
  /** @deprecated Same value as `storeId`. */
  readonly clientId: string | undefined;
  readonly nonce: string | undefined;
  readonly accountUrls: Partial<Record<Region, string>> | undefined;
  /** The language of `messages`: the kit's language for `locale` (`de-AT` -> `de`), English while (or if) its texts did not load. */
  readonly language: SupportedLocale;
  /**
   * The texts of `language` once its chunk has loaded, with the provider's `messages` applied.
   * An id missing here (English, or before the chunk arrives) shows the component's built-in
   * English text, so a page carries only the English of the components it uses.
   */
  readonly messages: MessageOverrides;
  /** False while `language`'s texts are loading (the pop-up waits for them); true once they are there or failed to load. */
  readonly messagesReady: boolean;
  /** The appearance's custom properties; components that portal out of the provider's tree put it on their root. */
  readonly appearanceStyle: CSSProperties | undefined;
  /** The appearance's theme, for `data-arp-theme` on portalled roots; undefined without `appearance`. */
  readonly appearanceTheme: AppearanceTheme | undefined;
  /** The provider's latest `onEvent`; the lazy parts emit through browser/funnel-events.ts. */
  readonly onEvent: FunnelSink;
}

const AmazonPayContext = createContext<AmazonPayContextValue | null>(null);
AmazonPayContext.displayName = 'AmazonPayContext';

function assertProps(props: AmazonPayProviderProps): void {
  const backend = props.backend as Partial<AmazonPayBackend> | undefined;
  if (!backend || typeof backend.authorize !== 'function' || typeof backend.getAuthorizationDetails !== 'function') {
    throw validationError(
      process.env.NODE_ENV !== 'production'
        ? '<AmazonPayProvider> needs a `backend` (createHttpBackend(...) or createSandboxBackend()).'
        : 'MissingBackend',
      'MissingBackend',
    );
  }
  if (!isMerchantId(props.sellerId)) {
    throw validationError(
      process.env.NODE_ENV !== 'production'
        ? `<AmazonPayProvider> sellerId ${JSON.stringify(props.sellerId)} is not an Amazon Pay merchant id (8-20 upper-case letters and digits).`
        : 'InvalidSellerId',
      'InvalidSellerId',
    );
  }
}

/** Development: a second after the provider mounts (stylesheets have loaded), warns once if the kit's is missing. */
function useStylesCheckInDevelopment(): void {
  useEffect(() => {
    const timer = setTimeout(warnIfStylesMissing, 1000);
    return () => clearTimeout(timer);
  }, []);
}
const useStylesCheck = process.env.NODE_ENV !== 'production' ? useStylesCheckInDevelopment : (): void => {};

/**
 * Context for the kit: the backend adapter, merchant identity, region,
 * environment and locale. Hooks and components throw a clear error outside it.
 */
export function AmazonPayProvider(props: AmazonPayProviderProps) {
  assertProps(props);
  useStylesCheck();
  const regionConfig = getRegionConfig(props.region);
  const { backend, sellerId, region, sandbox = false, locale = 'en-US', publicKeyId, nonce, accountUrls, messages, appearance } = props;
  const localeGiven = props.locale !== undefined;
  const storeId = resolveStoreId('AmazonPayProvider', props.storeId, props.clientId);
  const appearanceStyle = useMemo(() => (appearance ? (appearanceToCssVariables(appearance) as CSSProperties) : undefined), [appearance]);
  const appearanceTheme = appearance ? appearanceThemeOf(appearance) : undefined;
  const wanted = useMemo(() => resolveLocale(locale), [locale]);
  const { texts: localeTexts, settled } = useLocaleMessages(wanted);
  const texts = useMemo(() => withOverrides(localeTexts, messages), [localeTexts, messages]);
  const complete = overridesEveryText(messages);
  const messagesReady = settled || complete;
  const language = localeTexts === undefined && !complete ? 'en' : wanted;
  // A ref, not a value: a new onEvent on each render re-renders no consumer. Read only after the fact
  // (effects, handlers, the flows' callbacks), never while rendering; set to the latest below.
  const onEvent = useRef(props.onEvent);
  const value = useMemo<AmazonPayContextValue>(
    () => ({
      backend,
      sellerId,
      region,
      regionConfig,
      sandbox,
      locale,
      localeGiven,
      language,
      publicKeyId,
      storeId,
      clientId: storeId,
      nonce,
      accountUrls,
      messages: texts,
      messagesReady,
      appearanceStyle,
      appearanceTheme,
      onEvent,
    }),
    [
      backend,
      sellerId,
      region,
      regionConfig,
      sandbox,
      locale,
      localeGiven,
      language,
      publicKeyId,
      storeId,
      nonce,
      accountUrls,
      texts,
      messagesReady,
      appearanceStyle,
      appearanceTheme,
    ],
  );
  const children = appearanceStyle ? (
    <div className="arp-root" data-arp-theme={appearanceTheme} style={{ ...appearanceStyle, display: 'contents' }}>
      {props.children}
    </div>
  ) : (
    props.children
  );
  // eslint-disable-next-line react-hooks/refs -- the latest callback; nothing reads it during render
  onEvent.current = props.onEvent;
  return <AmazonPayContext.Provider value={value}>{children}</AmazonPayContext.Provider>;
}

const noServerMessages = (): undefined => undefined;

/**
 * The language's texts once loaded (undefined for English, which components
 * carry, and until then); `settled` once they are there or failed to load
 * (English stays, with a development warning).
 * The server render and hydration always use English (the server snapshot),
 * so a locale loaded earlier on either side cannot cause a hydration mismatch.
 */
export function useLocaleMessages(language: SupportedLocale): { readonly texts: Messages | undefined; readonly settled: boolean } {
  const ready = useSyncExternalStore(
    subscribeLocaleMessages,
    () => (language === 'en' ? undefined : loadedLocaleMessages(language)),
    noServerMessages,
  );
  const [failed, setFailed] = useState<SupportedLocale | undefined>(undefined);
  useEffect(() => {
    if (language === 'en' || loadedLocaleMessages(language)) return;
    let active = true;
    loadTranslation(language).catch((error: unknown) => {
      if (process.env.NODE_ENV !== 'production')
        warnOnce(`locale-messages-${language}`, `the "${language}" texts could not be loaded (${String(error)}); showing English.`);
      if (active) setFailed(language);
    });
    return () => {
      active = false;
    };
  }, [language]);
  return { texts: ready, settled: language === 'en' || ready !== undefined || failed === language };
}

/** The provider's value; throws when called outside `<AmazonPayProvider>`. */
export function useAmazonPay(hookName = 'useAmazonPay'): AmazonPayContextValue {
  const value = useContext(AmazonPayContext);
  if (!value) {
    throw validationError(
      process.env.NODE_ENV !== 'production'
        ? `${hookName} must be used inside <AmazonPayProvider>. Wrap your checkout in <AmazonPayProvider backend={...} sellerId="..." region="...">.`
        : 'MissingProvider',
      'MissingProvider',
    );
  }
  return value;
}
