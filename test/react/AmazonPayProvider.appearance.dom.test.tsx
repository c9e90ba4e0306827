import { render, renderHook, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';
import type { Appearance } from '../../src/browser/appearance';
import { AmazonPayProvider, useAmazonPay } from '../../src/react/AmazonPayProvider';
import { CartRecoveryPopup } from '../../src/react/CartRecoveryPopup';
import { expectNoSeriousA11yViolations } from '../support/axe';

const backend = createSandboxBackend();

function Provider({ appearance, children }: { appearance?: Appearance; children: ReactNode }) {
  return (
    <AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="de" appearance={appearance}>
      {children}
    </AmazonPayProvider>
  );
}

describe('AmazonPayProvider appearance', () => {
  it('wraps the children in an .arp-root carrying the theme and its custom properties', () => {
    render(
      <Provider appearance={{ theme: 'dark', variables: { colorPrimary: '#0a7' } }}>
        <button type="button">Pay</button>
      </Provider>,
    );
    const root = screen.getByRole('button', { name: 'Pay' }).parentElement as HTMLElement;
    expect(root.className).toBe('arp-root');
    expect(root.dataset.arpTheme).toBe('dark');
    expect(root.style.display).toBe('contents');
    expect(root.style.getPropertyValue('--arp-color-primary')).toBe('#0a7');
    // The dark preset itself is the stylesheet's (base.css, by data-arp-theme), not repeated inline.
    expect(root.style.getPropertyValue('--arp-color-background')).toBe('');
  });

  it('gives portalled components the same style through the context', () => {
    const { result } = renderHook(() => useAmazonPay(), {
      wrapper: ({ children }) => <Provider appearance={{ variables: { borderRadius: 2 } }}>{children}</Provider>,
    });
    expect(result.current.appearanceTheme).toBe('light');
    expect(result.current.appearanceStyle).toMatchObject({ '--arp-border-radius': '2px' });
  });

  it('the pop-up, portalled to document.body, carries the appearance on its dialog', () => {
    render(
      <AmazonPayProvider
        backend={backend}
        sellerId="A1B2C3D4E5F6G7"
        region="uk"
        publicKeyId="SANDBOX-KIT-PUBLIC-KEY"
        sandbox
        appearance={{ theme: 'dark', variables: { colorPrimary: '#0a7' } }}
      >
        <CartRecoveryPopup
          fadeIn={0}
          productType="PayOnly"
          amount="10.00"
          currency="GBP"
          checkoutResultReturnUrl="https://shop.example/return"
          rememberDismissal="none"
        />
      </AmazonPayProvider>,
    );
    const dialog = document.querySelector<HTMLDialogElement>('dialog.arp-popup')!;
    expect(dialog.closest('.arp-root')).toBeNull();
    expect(dialog.dataset.arpTheme).toBe('dark');
    expect(dialog.style.getPropertyValue('--arp-color-primary')).toBe('#0a7');
  });

  it('renders the children unwrapped without an appearance (backwards compatible)', async () => {
    const { container } = render(
      <Provider>
        <p>checkout</p>
      </Provider>,
    );
    expect(container.innerHTML).toBe('<p>checkout</p>');
    await expectNoSeriousA11yViolations(container);
  });
});
