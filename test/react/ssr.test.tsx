import { version, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';
import { AmazonPayButton } from '../../src/react/AmazonPayButton';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { CartRecoveryPopup } from '../../src/react/CartRecoveryPopup';
import { DeclineRecovery } from '../../src/react/DeclineRecovery';
import { WalletWidget } from '../../src/react/WalletWidget';
import { messages as de } from '../../src/i18n/locales/de';
import { loadLocaleMessages } from '../../src/i18n/load-locale-messages';

const ORDER_REFERENCE_ID = 'S01-1234567-1234567';
const ADDRESS = {
  name: 'Ada Lovelace',
  addressLine1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  countryCode: 'GB',
  phoneNumber: '+44 20 7946 0000',
};
const RETURN_URL = 'https://shop.example/confirmation';

function Kit({ children }: { children: ReactNode }) {
  return (
    <AmazonPayProvider
      backend={createSandboxBackend()}
      sellerId="A2DEMOSTORE01"
      publicKeyId="SANDBOX-KIT-PUBLIC-KEY"
      region="uk"
      sandbox
      locale="en-GB"
    >
      {children}
    </AmazonPayProvider>
  );
}

describe(`server rendering on React ${version}`, () => {
  it('runs with no DOM at all', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('renders a locale loaded on demand in English, as the client hydrates; `messages` gives German on the server', async () => {
    await loadLocaleMessages('de-DE');
    const render = (messages?: Record<string, string>) =>
      renderToString(
        <AmazonPayProvider
          backend={createSandboxBackend()}
          sellerId="A2DEMOSTORE01"
          region="de"
          sandbox
          locale="de-DE"
          {...(messages ? { messages } : {})}
        >
          <DeclineRecovery orderReferenceId={ORDER_REFERENCE_ID} amount={{ amount: '10.00', currencyCode: 'EUR' }} mode="sync" />
        </AmazonPayProvider>,
      );
    expect(render()).toContain('Place order');
    expect(render(de)).toContain('Bestellung abschließen');
  });

  it('renders the wallet as a loading placeholder, loading no script on the server', () => {
    const html = renderToString(
      <Kit>
        <WalletWidget orderReferenceId={ORDER_REFERENCE_ID} />
      </Kit>,
    );
    expect(html).toContain('class="arp-wallet"');
    expect(html).toContain('data-state="loading"');
    expect(html).not.toContain('<script');
  });

  it('renders nothing for the pop-up on the server (it portals into document.body once in the browser)', () => {
    const html = renderToString(
      <Kit>
        <p>checkout</p>
        <CartRecoveryPopup fadeIn={3} amount="74.90" currency="GBP" shippingAddress={ADDRESS} checkoutResultReturnUrl={RETURN_URL} />
      </Kit>,
    );
    expect(html).toBe('<p>checkout</p>');
  });

  it('renders the button host and the decline flow in its first state', () => {
    const html = renderToString(
      <Kit>
        <AmazonPayButton amount="74.90" currency="GBP" shippingAddress={ADDRESS} checkoutResultReturnUrl={RETURN_URL} onError={() => {}} />
        <DeclineRecovery orderReferenceId={ORDER_REFERENCE_ID} amount={{ amount: '74.90', currencyCode: 'GBP' }} mode="sync" />
      </Kit>,
    );
    expect(html).toContain('arp-button');
    expect(html).toContain('data-state="idle"');
    expect(html).toContain('Place order');
  });
});
