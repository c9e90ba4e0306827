import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createRef, type Ref } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { messages as en } from '../../src/i18n/locales/en';
import { loadLocaleMessages } from '../../src/i18n/load-locale-messages';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { CartRecoveryPopup, type CartRecoveryPopupProps } from '../../src/react/CartRecoveryPopup';
import { TYPING_PAUSE_MS } from '../../src/react/usePopupTriggers';
import { ADDRESS, PUBLIC_KEY_ID, RETURN_URL, SELLER } from '../support/checkout-fixtures';
import { advance, dialog, isOpen, setUpPopupHarness } from '../support/popup-harness';

const harness = setUpPopupHarness();

type Props = Partial<CartRecoveryPopupProps> & {
  readonly locale?: string;
  readonly region?: 'uk' | 'eu' | 'us';
  readonly popupRef?: Ref<HTMLDialogElement>;
};

function Page({ locale, region = 'uk', popupRef, ...props }: Props) {
  return (
    <AmazonPayProvider backend={harness.backend} sellerId={SELLER} region={region} sandbox publicKeyId={PUBLIC_KEY_ID} locale={locale}>
      <form>
        <label>
          Card number <input className="card-field" defaultValue="" />
        </label>
        <input type="hidden" className="card-field" name="token" defaultValue="" />
        <button type="button">Place order</button>
        <button type="button">Edit basket</button>
      </form>
      <CartRecoveryPopup
        amount="49.90"
        currency={region === 'uk' ? 'GBP' : region === 'us' ? 'USD' : 'EUR'}
        shippingAddress={ADDRESS}
        checkoutResultReturnUrl={RETURN_URL}
        rememberDismissal="none"
        ref={popupRef}
        {...props}
      />
    </AmazonPayProvider>
  );
}

describe('CartRecoveryPopup never interrupts typing', () => {
  it('a fadeIn timer that expires mid-typing waits for a pause in the typing', async () => {
    render(<Page fadeIn={3} />);
    const field = screen.getByLabelText('Card number');
    field.focus();
    await advance(2500);
    for (let i = 0; i < 6; i++) {
      fireEvent.keyDown(field, { key: '4' });
      await advance(300);
    }
    // The timer expired at 3 s; the last keystroke was 300 ms ago.
    expect(isOpen()).toBe(false);
    expect(document.activeElement).toBe(field);
    await advance(TYPING_PAUSE_MS - 300 - 1);
    expect(isOpen()).toBe(false);
    await advance(1);
    expect(isOpen()).toBe(true);
  });

  it('opens with focus on its title, so Enter or Space lands on no control', async () => {
    const onDismiss = vi.fn();
    render(<Page fadeIn={0} onDismiss={onDismiss} />);
    const title = screen.getByRole('heading', { name: 'How about paying with Amazon Pay instead?' });
    expect(document.activeElement).toBe(title);
    expect(title.tabIndex).toBe(-1);
  });
});

describe('CartRecoveryPopup focus return', () => {
  it('goes to the next control when the one focused before was disabled meanwhile', async () => {
    render(<Page fadeIn={1} />);
    const placeOrder = screen.getByRole('button', { name: 'Place order' });
    placeOrder.focus();
    await advance(1000);
    expect(isOpen()).toBe(true);
    (placeOrder as HTMLButtonElement).disabled = true;
    fireEvent.keyDown(dialog(), { key: 'Escape' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit basket' }));
  });

  it('goes into the closest remaining container when the one focused before was removed', async () => {
    render(<Page fadeIn={1} />);
    const placeOrder = screen.getByRole('button', { name: 'Place order' });
    placeOrder.focus();
    await advance(1000);
    placeOrder.remove();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Card number'));
  });

  it('goes to returnFocusRef when given', async () => {
    const target = createRef<HTMLInputElement>();
    render(
      <>
        <input ref={target} aria-label="Coupon" />
        <Page fadeIn={0} returnFocusRef={target} />
      </>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(document.activeElement).toBe(target.current);
  });
});

describe("CartRecoveryPopup language: the buyer's locale everywhere", () => {
  it('region eu with fr-FR shows French, with lang="fr-FR" on the dialog', async () => {
    await loadLocaleMessages('fr-FR');
    render(<Page fadeIn={0} region="eu" locale="fr-FR" />);
    expect(screen.getByRole('dialog', { name: 'Et si vous utilisiez plutôt Amazon Pay\u00a0?' }).getAttribute('lang')).toBe('fr-FR');
    await act(async () => {});
    // Amazon's page in the buyer's language, which the EU region offers.
    expect(harness.amazon.renders.at(-1)!.options).toMatchObject({ checkoutLanguage: 'fr_FR' });
  });

  it('an English dialog says lang="en"', () => {
    render(<Page fadeIn={0} locale="en-GB" />);
    expect(dialog().getAttribute('lang')).toBe('en');
  });

  it.each([
    ['de', 'eu', 'de_DE'],
    ['uk', 'eu', 'en_GB'],
    ['gb', 'eu', 'en_GB'],
    ['It', 'eu', 'it_IT'],
  ] as const)(
    'country %s is accepted in any case (no warning); on region %s with a locale it does not offer, it picks Amazon page language %s',
    async (country, region, checkoutLanguage) => {
      await loadLocaleMessages('ja-JP');
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      render(<Page fadeIn={0} region={region} locale="ja-JP" messages={{ 'popup.title': 'T' }} country={country as never} />);
      await advance(0);
      expect(warn).not.toHaveBeenCalledWith(expect.stringContaining('is not one of'));
      expect(harness.amazon.renders.at(-1)!.options).toMatchObject({ checkoutLanguage });
    },
  );

  it('says why it appeared only when the merchant says so (afterDecline), in a line that describes the dialog', () => {
    const { unmount } = render(<Page fadeIn={0} afterDecline />);
    const reason = screen.getByText(en['popup.reason']);
    expect(dialog().getAttribute('aria-describedby')!.split(' ')).toContain(reason.id);
    unmount();
    // Exit intent or inactivity, before any payment: no reason line, no dangling description link.
    render(<Page fadeIn={0} />);
    expect(screen.queryByText(en['popup.reason'])).toBeNull();
    expect(dialog().querySelector('.arp-popup__reason')).toBeNull();
    expect(
      dialog()
        .getAttribute('aria-describedby')!
        .split(' ')
        .every((id) => document.getElementById(id)),
    ).toBe(true);
  });

  it('an empty popup.reason removes the whole reason line and its description link', () => {
    render(<Page fadeIn={0} afterDecline messages={{ 'popup.reason': '' }} />);
    expect(dialog().querySelector('.arp-popup__reason')).toBeNull();
    const described = dialog().getAttribute('aria-describedby')!.split(' ');
    expect(described).toHaveLength(1);
    expect(document.getElementById(described[0]!)?.textContent).toMatch(/address and payment methods/);
  });

  it('keeps "Amazon Pay" on one line in the title', () => {
    render(<Page fadeIn={0} />);
    const brand = screen.getByRole('heading').querySelector('.arp-popup__brand');
    expect(brand?.textContent).toBe('Amazon Pay');
  });
});

describe('CartRecoveryPopup triggers', () => {
  it('inactivity: focusing a watched field counts as activity', async () => {
    render(<Page inactivity={{ seconds: 5, fieldSelector: '.card-field' }} />);
    await advance(4000);
    fireEvent.focusIn(screen.getByLabelText('Card number'));
    await advance(4000);
    expect(isOpen()).toBe(false);
    await advance(1000 + TYPING_PAUSE_MS);
    expect(isOpen()).toBe(true);
  });

  it('inactivity: a fieldSelector that matches nothing never fires and warns in development', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    render(<Page inactivity={{ seconds: 2, fieldSelector: '.no-such-field' }} />);
    await advance(60_000);
    expect(isOpen()).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/"\.no-such-field" matches no field/);
  });

  it('suppressWhenFilled ignores hidden inputs: a filled card field suppresses though the hidden token is empty', async () => {
    render(<Page fadeIn={3} suppressWhenFilled=".card-field" />);
    fireEvent.input(screen.getByLabelText('Card number'), { target: { value: '4111 1111 1111 1111' } });
    await advance(3000 + TYPING_PAUSE_MS);
    expect(isOpen()).toBe(false);
  });
});

describe("CartRecoveryPopup parity with Amazon's script", () => {
  it('suppressWhenFilled: a field holding only spaces counts as filled', async () => {
    render(<Page fadeIn={3} suppressWhenFilled=".card-field" />);
    fireEvent.input(screen.getByLabelText('Card number'), { target: { value: '   ' } });
    await advance(3000 + TYPING_PAUSE_MS);
    expect(isOpen()).toBe(false);
  });

  it('suppressWhenFilled: a selector that matches no field suppresses', async () => {
    render(<Page fadeIn={0} suppressWhenFilled=".no-such-field" />);
    await advance(1000);
    expect(isOpen()).toBe(false);
  });

  it('country alone localises when the provider has no locale (country="DE" shows German, lang="de-DE")', async () => {
    vi.useRealTimers();
    render(<Page fadeIn={0} region="eu" country="DE" />);
    const popup = await screen.findByRole('dialog', { name: 'Möchten Sie stattdessen mit Amazon Pay bezahlen?' }, { timeout: 3000 });
    expect(popup.getAttribute('lang')).toBe('de-DE');
    await waitFor(() => expect(harness.amazon.renders.at(-1)?.options).toMatchObject({ checkoutLanguage: 'de_DE' }));
  });

  it('with a provider locale the locale wins, and a development note says the country disagrees', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    render(<Page fadeIn={0} region="eu" locale="en-GB" country="DE" />);
    await advance(0);
    expect(screen.getByRole('dialog', { name: en['popup.title'] })).toBeTruthy();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/country "DE" speaks de-DE, but the provider's locale "en-GB"/));
  });
});

describe('CartRecoveryPopup ref', () => {
  it('the forwarded ref points at the dialog after hydrateRoot', async () => {
    vi.useRealTimers();
    const element = (ref: Ref<HTMLDialogElement> | undefined) => <Page fadeIn={0} popupRef={ref} />;
    const container = document.createElement('div');
    container.innerHTML = renderToString(element(undefined));
    document.body.append(container);
    const ref = createRef<HTMLDialogElement>();
    let root: ReturnType<typeof hydrateRoot> | undefined;
    await act(async () => {
      root = hydrateRoot(container, element(ref));
    });
    // Nothing on the server: the dialog appears on the client once it opens.
    expect(container.querySelector('dialog')).toBeNull();
    await waitFor(() => expect(ref.current).toBeInstanceOf(HTMLDialogElement));
    expect(ref.current).toBe(dialog());
    act(() => root?.unmount());
    container.remove();
  });
});
