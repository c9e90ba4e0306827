import { act, fireEvent, render, screen } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AmazonPayError } from '../../src/domain/errors';
import { createSandboxBackend, type SandboxBackend } from '../../src/testing/sandbox-backend';
import { resetWarningsForTests } from '../../src/domain/dev-warning';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { CartRecoveryPopup, type CartRecoveryPopupProps } from '../../src/react/CartRecoveryPopup';
import { messages as english } from '../../src/i18n/locales/en';
import { loadLocaleMessages } from '../../src/i18n/load-locale-messages';
import { loadedLocaleMessages } from '../../src/i18n/locale-messages';
import { installSimulatedAmazonCheckout, type SimulatedAmazonCheckout } from '../../src/testing/simulated-checkout';
import { ADDRESS, InUkSandbox, RETURN_URL } from '../support/checkout-fixtures';

let backend: SandboxBackend;
let amazon: SimulatedAmazonCheckout;

type Props = Partial<CartRecoveryPopupProps> & { readonly locale?: string };

function popupElement({ locale, ...props }: Props) {
  return (
    <InUkSandbox backend={backend} locale={locale}>
      <label>
        Card number <input className="card-field" defaultValue="" />
      </label>
      <button type="button">Place order</button>
      <CartRecoveryPopup amount="49.90" currency="GBP" shippingAddress={ADDRESS} checkoutResultReturnUrl={RETURN_URL} {...props} />
    </InUkSandbox>
  );
}

function renderPopup(props: Props = {}) {
  return render(popupElement(props));
}

function dialog(): HTMLDialogElement {
  const element = document.querySelector<HTMLDialogElement>('dialog.arp-popup');
  if (!element) throw new Error('no dialog');
  return element;
}

function isOpen(): boolean {
  return document.querySelector<HTMLDialogElement>('dialog.arp-popup')?.open === true;
}

async function advance(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  resetScriptLoaderForTests();
  sessionStorage.clear();
  backend = createSandboxBackend();
  amazon = installSimulatedAmazonCheckout({ backend, navigate: () => undefined });
});

afterEach(() => {
  amazon();
  vi.useRealTimers();
});

describe('CartRecoveryPopup: when it appears', () => {
  it('is absent 1 ms before fadeIn and shown at fadeIn (default 3 s)', async () => {
    renderPopup();
    expect(isOpen()).toBe(false);
    await advance(2999);
    expect(isOpen()).toBe(false);
    expect(screen.queryByRole('heading', { name: /amazon pay instead/i })).toBeNull();
    await advance(1);
    expect(isOpen()).toBe(true);
    expect(screen.getByRole('heading', { name: 'How about paying with Amazon Pay instead?' })).toBeTruthy();
  });

  it('fadeIn 0 shows it at once, with the Amazon button ready in the same frame', async () => {
    renderPopup({ fadeIn: 0 });
    expect(isOpen()).toBe(true);
    await act(async () => {});
    expect(screen.getByRole('button', { name: 'Amazon Pay' })).toBeTruthy();
  });

  it.each([-1, Number.NaN, 601])('rejects fadeIn %s with a clear error', (fadeIn) => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => renderPopup({ fadeIn })).toThrow(/fadeIn must be a number of seconds from 0 to 600/);
  });

  it('exit intent: shows when the pointer leaves the page (no fadeIn timer unless given)', async () => {
    renderPopup({ exitIntent: true });
    await advance(10_000);
    expect(isOpen()).toBe(false);
    fireEvent.mouseOut(document.body, { relatedTarget: screen.getByText('Place order') });
    expect(isOpen()).toBe(false);
    fireEvent.mouseOut(document.body, { relatedTarget: null });
    expect(isOpen()).toBe(true);
  });

  it('inactivity: shows after N s without typing in the watched fields; typing restarts the clock', async () => {
    renderPopup({ inactivity: { seconds: 5, fieldSelector: '.card-field' } });
    await advance(4000);
    fireEvent.keyDown(screen.getByLabelText('Card number'), { key: '4' });
    await advance(4000);
    expect(isOpen()).toBe(false);
    await advance(1000);
    expect(isOpen()).toBe(true);
  });

  it('suppressWhenFilled: does not show while every watched field is filled', async () => {
    renderPopup({ suppressWhenFilled: '.card-field' });
    fireEvent.input(screen.getByLabelText('Card number'), { target: { value: '4111 1111 1111 1111' } });
    await advance(3000);
    expect(isOpen()).toBe(false);
  });

  it('a dismissal is remembered for the session; rememberDismissal="none" forgets it on reload', async () => {
    const first = renderPopup({ fadeIn: 0 });
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(isOpen()).toBe(false);
    first.unmount();
    const second = renderPopup({ fadeIn: 0 });
    await advance(5000);
    expect(isOpen()).toBe(false);
    second.unmount();
    renderPopup({ fadeIn: 0, rememberDismissal: 'none', storageKey: 'other-key' });
    expect(isOpen()).toBe(true);
  });

  it('controlled: appears fadeIn seconds after open turns true and reports dismissal through onOpenChange', async () => {
    const onOpenChange = vi.fn();
    let setOpen: (open: boolean) => void = () => undefined;
    function Controlled() {
      const [open, set] = useState(false);
      setOpen = set;
      return popupElement({
        open,
        onOpenChange: (next) => {
          onOpenChange(next);
          set(next);
        },
        fadeIn: 1,
      });
    }
    render(<Controlled />);
    await advance(5000);
    expect(isOpen()).toBe(false);
    act(() => setOpen(true));
    await advance(999);
    expect(isOpen()).toBe(false);
    await advance(1);
    expect(isOpen()).toBe(true);
    fireEvent.keyDown(dialog(), { key: 'Escape' });
    expect(isOpen()).toBe(false);
    expect(onOpenChange.mock.calls).toEqual([[true], [false]]);
  });

  it("unknown country falls back to US with a warning; the provider's locale picks the language", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const view = renderPopup({ fadeIn: 0, country: 'XX' as never, rememberDismissal: 'none' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('"XX"'));
    expect(screen.getByRole('heading', { name: 'How about paying with Amazon Pay instead?' })).toBeTruthy();
    view.unmount();
    await loadLocaleMessages('de');
    renderPopup({ fadeIn: 0, locale: 'de-DE', rememberDismissal: 'none' });
    expect(screen.getByRole('dialog', { name: 'Möchten Sie stattdessen mit Amazon Pay bezahlen?' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Schließen' })).toBeTruthy();
  });

  it('a locale whose texts are not loaded yet appears when they arrive, never in English first', async () => {
    vi.useRealTimers();
    expect(loadedLocaleMessages('fr')).toBeUndefined();
    renderPopup({ fadeIn: 0, locale: 'fr-FR', rememberDismissal: 'none' });
    expect(isOpen()).toBe(false);
    expect(screen.queryByText('How about paying with Amazon Pay instead?')).toBeNull();
    expect(await screen.findByRole('dialog', { name: 'Et si vous utilisiez plutôt Amazon Pay\u00a0?' })).toBeTruthy();
    expect(isOpen()).toBe(true);
    expect(screen.getByRole('button', { name: 'Fermer' })).toBeTruthy();
  });

  it("waits for nothing when the provider's messages give every text", () => {
    render(
      <InUkSandbox backend={backend} locale="it-IT" messages={{ ...english, 'popup.title': 'Titolo' }}>
        <CartRecoveryPopup fadeIn={0} rememberDismissal="none" amount="49.90" currency="GBP" checkoutResultReturnUrl={RETURN_URL} />
      </InUkSandbox>,
    );
    expect(loadedLocaleMessages('it')).toBeUndefined();
    expect(screen.getByRole('dialog', { name: 'Titolo' })).toBeTruthy();
  });

  it('messages override single strings (prop over provider)', () => {
    render(
      <InUkSandbox backend={backend} messages={{ 'popup.title': 'Provider title', 'popup.close': 'Provider close' }}>
        <CartRecoveryPopup
          fadeIn={0}
          amount="49.90"
          currency="GBP"
          checkoutResultReturnUrl={RETURN_URL}
          messages={{ 'popup.title': 'Prop title' }}
        />
      </InUkSandbox>,
    );
    expect(screen.getByRole('dialog', { name: 'Prop title' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Provider close' })).toBeTruthy();
  });
});

describe('CartRecoveryPopup: an accessible modal', () => {
  it('moves focus in, keeps Tab inside, closes on Escape and gives focus back', async () => {
    renderPopup({ fadeIn: 1, afterDecline: true });
    const placeOrder = screen.getByRole('button', { name: 'Place order' });
    placeOrder.focus();
    await advance(1000);
    const popup = screen.getByRole('dialog', { name: 'How about paying with Amazon Pay instead?' });
    const description = popup
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' ');
    expect(description).toMatch(
      /^Something went wrong with your payment\. .*address and payment methods already saved in your Amazon account/,
    );
    // Focus lands on the title, not on a control a stray key could press.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'How about paying with Amazon Pay instead?' }));
    const close = screen.getByRole('button', { name: 'Close' });
    const amazonButton = screen.getByRole('button', { name: 'Amazon Pay' });
    amazonButton.focus();
    fireEvent.keyDown(amazonButton, { key: 'Tab' });
    expect(document.activeElement).toBe(close);
    fireEvent.keyDown(close, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(amazonButton);
    // The page behind cannot be reached while the pop-up is open.
    expect(placeOrder.closest('[inert]')).not.toBeNull();
    fireEvent.keyDown(amazonButton, { key: 'Escape' });
    expect(isOpen()).toBe(false);
    expect(document.activeElement).toBe(placeOrder);
    expect(placeOrder.closest('[inert]')).toBeNull();
  });

  it('waits with nothing in the DOM; its listeners go on unmount', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    await advance(0);
    const timersBefore = vi.getTimerCount();
    const addListener = vi.spyOn(document, 'addEventListener');
    const view = render(popupElement({ container, exitIntent: true, inactivity: { seconds: 5, fieldSelector: '.card-field' }, fadeIn: 3 }));
    await advance(0);
    expect(container.childElementCount).toBe(0);
    expect(document.querySelector('dialog')).toBeNull();
    // Passive: a waiting pop-up never delays the page's own handling of input.
    expect(addListener.mock.calls.every(([, , options]) => typeof options === 'object' && options.passive === true)).toBe(true);
    const removeListener = vi.spyOn(document, 'removeEventListener');
    view.unmount();
    expect(vi.getTimerCount()).toBe(timersBefore);
    expect(removeListener.mock.calls.map(([type]) => type).sort()).toEqual(['focusin', 'input', 'keydown', 'mouseout']);
    container.remove();
  });

  it('opens in a container of its own inside the given one, removed when it closes', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    render(popupElement({ container, fadeIn: 0 }));
    const bodyChildren = document.body.childElementCount;
    await advance(0);
    expect(isOpen()).toBe(true);
    expect(container.childElementCount).toBe(1);
    expect(dialog().parentElement?.parentElement).toBe(container);
    expect(document.body.childElementCount).toBe(bodyChildren);
    fireEvent.keyDown(dialog(), { key: 'Escape' });
    expect(container.childElementCount).toBe(0);
    container.remove();
  });

  it('StrictMode: one dialog, shown once', async () => {
    render(<StrictMode>{popupElement({ fadeIn: 0 })}</StrictMode>);
    await act(async () => {});
    expect(document.querySelectorAll('dialog.arp-popup')).toHaveLength(1);
    expect(amazon.renders).toHaveLength(1);
  });

  it('StrictMode: onError once per failure (a bad prop, a blocked script)', async () => {
    const onError = vi.fn<(error: AmazonPayError) => void>();
    const invalid = render(
      <StrictMode>{popupElement({ fadeIn: 0, checkoutResultReturnUrl: 'http://shop.example/return', onError })}</StrictMode>,
    );
    await advance(0);
    expect(onError.mock.calls.map(([error]) => error.code)).toEqual(['InvalidUrl']);
    invalid.unmount();

    onError.mockClear();
    amazon();
    resetScriptLoaderForTests();
    amazon = installSimulatedAmazonCheckout({ backend, navigate: () => undefined, blockedLoads: Infinity });
    render(<StrictMode>{popupElement({ fadeIn: 0, onError })}</StrictMode>);
    await advance(100);
    expect(onError.mock.calls.map(([error]) => error.code)).toEqual(['ScriptLoadFailed']);
  });
});

describe('CartRecoveryPopup: product type', () => {
  it('PayAndShip with the entered address; without one, PayOnly only with a warning unless productType says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    resetWarningsForTests();
    const { unmount } = renderPopup({ fadeIn: 0 });
    await advance(0);
    expect(amazon.renders.at(-1)!.options).toMatchObject({ productType: 'PayAndShip' });
    unmount();

    const digital = renderPopup({ fadeIn: 0, shippingAddress: undefined, productType: 'PayOnly' });
    await advance(0);
    expect(amazon.renders.at(-1)!.options).toMatchObject({ productType: 'PayOnly' });
    expect(warn).not.toHaveBeenCalled();
    digital.unmount();

    renderPopup({ fadeIn: 0, shippingAddress: undefined });
    await advance(0);
    expect(amazon.renders.at(-1)!.options).toMatchObject({ productType: 'PayOnly' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('CartRecoveryPopup has no shippingAddress'));
    warn.mockRestore();
  });
});
