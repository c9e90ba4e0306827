import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES } from '../../src/i18n/i18n';
import { loadLocaleMessages } from '../../src/i18n/load-locale-messages';

/**
 * The pop-up keeps each sentence's meaning of the original amazonpayAssist
 * script (in the kit's own words): a line on why it appeared, an offer to use
 * Amazon Pay instead, the buyer's address and payment methods carried over
 * from the Amazon account, and a call to action that completes the order.
 */
const MEANING = {
  en: {
    reason: /payment/i,
    title: /Amazon Pay instead/,
    body: /address and payment methods.*Amazon account/,
    action: /complete your order/,
  },
  de: {
    reason: /Zahlung/,
    title: /stattdessen .*Amazon Pay/,
    body: /Adresse und .*Zahlungsarten.*Amazon-Konto/,
    action: /Bestellung .* ab\.$/,
  },
  fr: {
    reason: /paiement/,
    title: /plutôt Amazon Pay/,
    body: /adresse et les moyens de paiement.*compte Amazon/,
    action: /finaliser votre commande/,
  },
  it: {
    reason: /pagamento/,
    title: /^Vuoi .*Amazon Pay\?$/,
    body: /indirizzo e i metodi di pagamento.*account Amazon/,
    action: /completare l’ordine/,
  },
  es: {
    reason: /tu pago/,
    title: /^¿Prefieres .*Amazon Pay\?$/,
    body: /dirección y los métodos de pago.*tu cuenta de Amazon/,
    action: /completar tu pedido/,
  },
  ja: { reason: /お支払い/, title: /代わりに.*Amazon Pay/, body: /住所.*お支払い方法/, action: /ご注文を完了/ },
} as const;

describe('pop-up wording', () => {
  it.each(SUPPORTED_LOCALES)('%s keeps the meaning of each sentence of the original', async (locale) => {
    const texts = await loadLocaleMessages(locale);
    const meaning = MEANING[locale];
    expect(texts['popup.reason']).toMatch(meaning.reason);
    expect(texts['popup.title']).toMatch(meaning.title);
    expect(texts['popup.description']).toMatch(meaning.body);
    expect(texts['popup.callToAction']).toMatch(meaning.action);
  });

  it('Spanish speaks to the buyer as tú in the pop-up and the button, as the original does', async () => {
    const es = await loadLocaleMessages('es');
    const popupTexts = Object.entries(es).filter(([id]) => id.startsWith('popup.') || id.startsWith('button.'));
    for (const [id, text] of popupTexts) expect(text, id).not.toMatch(/\b(usted|su cuenta|Haga|Elija|Vuelva|Compruebe|Prefiere)\b/);
  });
});
