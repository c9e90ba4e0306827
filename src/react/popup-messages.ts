import type { CheckoutLanguage } from '../core/regions';
import type { Region } from '../core/types';

/** Countries of the original amazonpayAssist script, plus Japan. */
export type PopupCountry = 'US' | 'UK' | 'DE' | 'ES' | 'FR' | 'IT' | 'JP';

export type PopupLanguage = 'en' | 'de' | 'fr' | 'it' | 'es' | 'ja';

/** Every string the pop-up and the Amazon Pay button show, by message id. */
export interface PopupMessages {
  readonly 'popup.title': string;
  /** The buyer can pay with the payment methods in their Amazon account. */
  readonly 'popup.description': string;
  readonly 'popup.callToAction': string;
  readonly 'popup.close': string;
  readonly 'button.scriptFailed': string;
  readonly 'button.unavailable': string;
  readonly 'button.retry': string;
}

export type PopupMessageId = keyof PopupMessages;

export const POPUP_MESSAGES: Readonly<Record<PopupLanguage, PopupMessages>> = {
  en: {
    'popup.title': 'Would you like to use Amazon Pay instead?',
    'popup.description': 'You can pay with the payment methods stored in your Amazon account.',
    'popup.callToAction': 'Simply click the button below.',
    'popup.close': 'Close',
    'button.scriptFailed': 'The Amazon Pay button could not be loaded. Check your connection or allow Amazon Pay in your content blocker, then try again.',
    'button.unavailable': 'Amazon Pay is not available right now. Please choose another payment method.',
    'button.retry': 'Try again',
  },
  de: {
    'popup.title': 'Möchten Sie stattdessen Amazon Pay verwenden?',
    'popup.description': 'Sie können mit den Zahlungsarten bezahlen, die in Ihrem Amazon-Konto hinterlegt sind.',
    'popup.callToAction': 'Klicken Sie einfach auf die Schaltfläche unten.',
    'popup.close': 'Schließen',
    'button.scriptFailed': 'Die Amazon Pay-Schaltfläche konnte nicht geladen werden. Prüfen Sie Ihre Verbindung oder erlauben Sie Amazon Pay in Ihrem Inhaltsblocker und versuchen Sie es erneut.',
    'button.unavailable': 'Amazon Pay ist gerade nicht verfügbar. Bitte wählen Sie eine andere Zahlungsart.',
    'button.retry': 'Erneut versuchen',
  },
  fr: {
    'popup.title': 'Souhaitez-vous plutôt utiliser Amazon Pay ?',
    'popup.description': 'Vous pouvez payer avec les moyens de paiement enregistrés dans votre compte Amazon.',
    'popup.callToAction': 'Cliquez simplement sur le bouton ci-dessous.',
    'popup.close': 'Fermer',
    'button.scriptFailed': 'Le bouton Amazon Pay n’a pas pu être chargé. Vérifiez votre connexion ou autorisez Amazon Pay dans votre bloqueur de contenu, puis réessayez.',
    'button.unavailable': 'Amazon Pay n’est pas disponible pour le moment. Veuillez choisir un autre moyen de paiement.',
    'button.retry': 'Réessayer',
  },
  it: {
    'popup.title': 'Preferisci usare Amazon Pay?',
    'popup.description': 'Puoi pagare con i metodi di pagamento salvati nel tuo account Amazon.',
    'popup.callToAction': 'Fai clic sul pulsante qui sotto.',
    'popup.close': 'Chiudi',
    'button.scriptFailed': 'Non è stato possibile caricare il pulsante Amazon Pay. Controlla la connessione o consenti Amazon Pay nel blocco dei contenuti, poi riprova.',
    'button.unavailable': 'Amazon Pay non è disponibile al momento. Scegli un altro metodo di pagamento.',
    'button.retry': 'Riprova',
  },
  es: {
    'popup.title': '¿Prefiere usar Amazon Pay?',
    'popup.description': 'Puede pagar con los métodos de pago guardados en su cuenta de Amazon.',
    'popup.callToAction': 'Haga clic en el botón de abajo.',
    'popup.close': 'Cerrar',
    'button.scriptFailed': 'No se pudo cargar el botón de Amazon Pay. Compruebe su conexión o permita Amazon Pay en su bloqueador de contenido y vuelva a intentarlo.',
    'button.unavailable': 'Amazon Pay no está disponible en este momento. Elija otro método de pago.',
    'button.retry': 'Reintentar',
  },
  ja: {
    'popup.title': '代わりにAmazon Payをご利用になりますか？',
    'popup.description': 'Amazonアカウントに登録されているお支払い方法でお支払いいただけます。',
    'popup.callToAction': '下のボタンをクリックしてください。',
    'popup.close': '閉じる',
    'button.scriptFailed': 'Amazon Payボタンを読み込めませんでした。接続を確認するか、コンテンツブロッカーでAmazon Payを許可してから、もう一度お試しください。',
    'button.unavailable': '現在Amazon Payはご利用いただけません。別のお支払い方法をお選びください。',
    'button.retry': '再試行',
  },
};

interface CountryConfig {
  readonly language: PopupLanguage;
  readonly checkoutLanguage: CheckoutLanguage;
}

export const POPUP_COUNTRIES: Readonly<Record<PopupCountry, CountryConfig>> = {
  US: { language: 'en', checkoutLanguage: 'en_US' },
  UK: { language: 'en', checkoutLanguage: 'en_GB' },
  DE: { language: 'de', checkoutLanguage: 'de_DE' },
  ES: { language: 'es', checkoutLanguage: 'es_ES' },
  FR: { language: 'fr', checkoutLanguage: 'fr_FR' },
  IT: { language: 'it', checkoutLanguage: 'it_IT' },
  JP: { language: 'ja', checkoutLanguage: 'ja_JP' },
};

const COUNTRY_BY_REGION: Readonly<Record<Region, PopupCountry>> = { us: 'US', uk: 'UK', eu: 'DE', de: 'DE', jp: 'JP' };

function isPopupCountry(value: unknown): value is PopupCountry {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(POPUP_COUNTRIES, value);
}

/**
 * The pop-up's country: the given one, the region's when none is given, and
 * US (with a warning for the developer) when the given one is unknown, as the
 * original script did.
 */
export function resolvePopupCountry(country: unknown, region: Region | undefined): PopupCountry {
  if (country === undefined) return region ? COUNTRY_BY_REGION[region] : 'US';
  if (isPopupCountry(country)) return country;
  console.warn(`[react-amazon-pay-recovery] <CartRecoveryPopup> country ${JSON.stringify(country)} is not one of ${Object.keys(POPUP_COUNTRIES).join(', ')}; using US.`);
  return 'US';
}

/** The texts for a country with overrides applied: provider overrides first, then the component's. */
export function popupMessagesFor(
  country: PopupCountry,
  ...overrides: (Readonly<Record<string, string>> | Partial<PopupMessages> | undefined)[]
): PopupMessages {
  const merged: Record<string, string> = { ...POPUP_MESSAGES[POPUP_COUNTRIES[country].language] };
  for (const source of overrides) {
    if (!source) continue;
    for (const id of Object.keys(merged)) {
      const text = (source as Record<string, string | undefined>)[id];
      if (typeof text === 'string') merged[id] = text;
    }
  }
  return merged as unknown as PopupMessages;
}
