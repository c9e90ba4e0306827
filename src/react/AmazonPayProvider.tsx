import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type CSSProperties, type ReactNode } from 'react';
import { appearanceToCssVariables, type Appearance, type AppearanceTheme } from '../browser/appearance';
import type { AmazonPayBackend } from '../domain/backend';
import { warnOnce } from '../domain/dev-warning';
import { AmazonPayError } from '../domain/errors';
import { resolveLocale, type LocaleMessages } from '../i18n/i18n';
import { loadLocaleMessages, loadedLocaleMessages, subscribeLocaleMessages } from '../i18n/load-locale-messages';
import { getRegionConfig, type RegionConfig } from '../domain/regions';
import type { Region } from '../domain/types';

export interface AmazonPayProviderProps {
  /** Every call to the merchant's server goes through this adapter. */
  readonly backend: AmazonPayBackend;
  /** Amazon Pay merchant/seller id (legacy widgets and Checkout v2 `merchantId`). */
  readonly sellerId: string;
  readonly region: Region;
  /** Sandbox (test) or live environment. */
  readonly sandbox?: boolean;
  /**
   * BCP 47 locale for texts and number formatting, e.g. `de-DE`. Default `en-US`.
   * The kit's texts in that language (de, fr, it, es, ja) load on demand; until
   * they arrive English shows (pass `messages` from `react-amazon-pay-recovery/locales/<lang>` to avoid that).
   */
  readonly locale?: string;
  /** Checkout v2 public key id (public; the private key stays on the server). */
  readonly publicKeyId?: string;
  /** Login with Amazon client id, for the legacy Widgets.js. */
  readonly clientId?: string;
  /** CSP nonce for the Amazon scripts the kit inserts. */
  readonly nonce?: string;
  /** Per-region override of the page where a buyer updates a declined payment method. */
  readonly accountUrls?: Partial<Record<Region, string>>;
  /** Text overrides by message id; any string the kit shows can be replaced. They win over the locale's texts. */
  readonly messages?: Readonly<Record<string, string>>;
  /**
   * Theme and design tokens (`--arp-*` custom properties). When given, the
   * children are wrapped in `<div class="arp-root" data-arp-theme style="display: contents; --arp-…">`.
   * Without it nothing is wrapped and the stylesheets' own values apply.
   */
  readonly appearance?: Appearance;
  readonly children?: ReactNode;
}

export interface AmazonPayContextValue {
  readonly backend: AmazonPayBackend;
  readonly sellerId: string;
  readonly region: Region;
  readonly regionConfig: RegionConfig;
  readonly sandbox: boolean;
  readonly locale: string;
  readonly publicKeyId: string | undefined;
  readonly clientId: string | undefined;
  readonly nonce: string | undefined;
  readonly accountUrls: Partial<Record<Region, string>> | undefined;
  readonly messages: Readonly<Record<string, string>> | undefined;
  /** The appearance's custom properties; components that portal out of the provider's tree put it on their root. */
  readonly appearanceStyle: CSSProperties | undefined;
  /** The appearance's theme, for `data-arp-theme` on portalled roots; undefined without `appearance`. */
  readonly appearanceTheme: AppearanceTheme | undefined;
}

const AmazonPayContext = createContext<AmazonPayContextValue | null>(null);
AmazonPayContext.displayName = 'AmazonPayContext';

function assertProps(props: AmazonPayProviderProps): void {
  const backend = props.backend as Partial<AmazonPayBackend> | undefined;
  if (!backend || typeof backend.authorize !== 'function' || typeof backend.getAuthorizationDetails !== 'function') {
    throw new AmazonPayError('validation', '<AmazonPayProvider> needs a `backend` (createHttpBackend(...) or createSandboxBackend()).', { retryable: false });
  }
  if (typeof props.sellerId !== 'string' || !/^[A-Z0-9]{6,20}$/.test(props.sellerId)) {
    throw new AmazonPayError('validation', `<AmazonPayProvider> sellerId ${JSON.stringify(props.sellerId)} is not an Amazon Pay merchant id (6-20 upper-case letters and digits).`, { retryable: false });
  }
}

/**
 * Context for the kit: the backend adapter, merchant identity, region,
 * environment and locale. Hooks and components throw a clear error outside it.
 */
export function AmazonPayProvider(props: AmazonPayProviderProps) {
  assertProps(props);
  const regionConfig = getRegionConfig(props.region);
  const { backend, sellerId, region, sandbox = false, locale = 'en-US', publicKeyId, clientId, nonce, accountUrls, messages, appearance } = props;
  const appearanceStyle = useMemo(() => (appearance ? (appearanceToCssVariables(appearance) as CSSProperties) : undefined), [appearance]);
  const appearanceTheme = appearance ? (appearance.theme ?? 'light') : undefined;
  const localeMessages = useLocaleMessages(locale);
  const texts = useMemo(() => (localeMessages ? { ...localeMessages, ...messages } : messages), [localeMessages, messages]);
  const value = useMemo<AmazonPayContextValue>(
    () => ({ backend, sellerId, region, regionConfig, sandbox, locale, publicKeyId, clientId, nonce, accountUrls, messages: texts, appearanceStyle, appearanceTheme }),
    [backend, sellerId, region, regionConfig, sandbox, locale, publicKeyId, clientId, nonce, accountUrls, texts, appearanceStyle, appearanceTheme],
  );
  const children = appearanceStyle ? (
    <div className="arp-root" data-arp-theme={appearanceTheme} style={{ ...appearanceStyle, display: 'contents' }}>
      {props.children}
    </div>
  ) : (
    props.children
  );
  return <AmazonPayContext.Provider value={value}>{children}</AmazonPayContext.Provider>;
}

const noServerMessages = (): undefined => undefined;

/**
 * The locale's texts once loaded; `undefined` for English and while loading.
 * The server render and hydration always use English (the server snapshot),
 * so a locale loaded earlier on either side cannot cause a hydration mismatch.
 */
function useLocaleMessages(locale: string): LocaleMessages | undefined {
  const language = useMemo(() => resolveLocale(locale), [locale]);
  const ready = useSyncExternalStore(subscribeLocaleMessages, () => loadedLocaleMessages(language), noServerMessages);
  useEffect(() => {
    if (loadedLocaleMessages(language)) return;
    loadLocaleMessages(language).catch((error: unknown) =>
      warnOnce(`locale-messages-${language}`, `the "${language}" texts could not be loaded (${String(error)}); showing English.`),
    );
  }, [language]);
  return language === 'en' ? undefined : ready;
}

/** The provider's value; throws when called outside `<AmazonPayProvider>`. */
export function useAmazonPay(hookName = 'useAmazonPay'): AmazonPayContextValue {
  const value = useContext(AmazonPayContext);
  if (!value) {
    throw new AmazonPayError('validation', `${hookName} must be used inside <AmazonPayProvider>. Wrap your checkout in <AmazonPayProvider backend={...} sellerId="..." region="...">.`, {
      code: 'MissingProvider',
      retryable: false,
    });
  }
  return value;
}
