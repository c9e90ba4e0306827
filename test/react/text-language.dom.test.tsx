import { render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { resetWarningsForTests } from '../../src/domain/dev-warning';
import { de } from '../../src/i18n/locales/de';
import { messages as en } from '../../src/i18n/locales/en';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { DeclineRecovery } from '../../src/react/DeclineRecovery';
import { WalletWidget } from '../../src/react/WalletWidget';
import type { MessageOverrides } from '../../src/react/internal/texts';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';
import { installSimulatedAmazonWidgets } from '../../src/testing/simulated-widgets';

const backend = createSandboxBackend();
const { amazonOrderReferenceId } = backend.createOrderReference({ amount: { amount: '19.99', currencyCode: 'EUR' } });

function inProvider(children: ReactNode, props: { locale?: string; messages?: MessageOverrides } = {}) {
  return render(
    <AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="de" sandbox {...props}>
      {children}
    </AmazonPayProvider>,
  );
}

const decline = () => (
  <DeclineRecovery orderReferenceId={amazonOrderReferenceId} amount={{ amount: '19.99', currencyCode: 'EUR' }} mode="sync" />
);

afterEach(() => {
  resetScriptLoaderForTests();
  resetWarningsForTests();
});

describe('lang and dir follow the text actually shown', () => {
  it('German texts are tagged with the German locale', () => {
    const { container } = inProvider(decline(), { locale: 'de-DE', messages: de });
    expect(screen.getByRole('button', { name: de['decline.placeOrder'] })).toBeTruthy();
    expect(container.querySelector('.arp-decline')).toHaveProperty('lang', 'de-DE');
    expect(container.querySelector('.arp-decline')?.getAttribute('dir')).toBe('ltr');
  });

  it('English shown under a German locale (the English catalogue passed as messages) is tagged English', () => {
    const { container } = inProvider(decline(), { locale: 'de-DE', messages: en });
    expect(screen.getByRole('button', { name: 'Place order' })).toBeTruthy();
    expect(container.querySelector('.arp-decline')).toHaveProperty('lang', 'en');
  });

  it('a merchant’s Arabic texts under an Arabic locale read right to left; the English fallback stays left to right', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const arabic = inProvider(decline(), { locale: 'ar-EG', messages: { 'decline.placeOrder': 'تأكيد الطلب' } });
    const root = arabic.container.querySelector('.arp-decline')!;
    expect(root.getAttribute('lang')).toBe('ar-EG');
    expect(root.getAttribute('dir')).toBe('rtl');
    arabic.unmount();
    const english = inProvider(decline(), { locale: 'ar-EG' });
    expect(english.container.querySelector('.arp-decline')?.getAttribute('lang')).toBe('en');
    expect(english.container.querySelector('.arp-decline')?.getAttribute('dir')).toBe('ltr');
  });

  it('the Wallet’s fallback carries its texts’ language', async () => {
    const uninstall = installSimulatedAmazonWidgets({ backend, blockedLoads: 1 });
    try {
      inProvider(<WalletWidget orderReferenceId={amazonOrderReferenceId} />, { locale: 'de-DE', messages: de });
      const alert = await screen.findByRole('alert', {}, { timeout: 3000 });
      expect(alert.getAttribute('lang')).toBe('de-DE');
      expect(alert.getAttribute('dir')).toBe('ltr');
    } finally {
      uninstall();
    }
  });
});
