import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cdp, userEvent } from 'vitest/browser';
import { expectNoSeriousA11yViolations } from '../support/axe';
import { computedColor, contrast } from '../support/css-colors';
import { renderPopup } from '../support/render-popup';

let cleanup: (() => void) | undefined;
afterEach(async () => {
  cleanup?.();
  cleanup = undefined;
  await cdp().send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'none' }] });
});

/** The pop-up's dialog while it is open (it is in the DOM only then); a stand-in that is not open otherwise. */
const dialog = () => document.querySelector<HTMLDialogElement>('dialog.arp-popup') ?? document.createElement('dialog');

/** Open, with its fade-in finished (axe would measure colours mid-fade). */
async function openPopup(): Promise<void> {
  // The open dialog is a lazy chunk: its first import waits on a busy machine.
  await waitFor(() => expect(dialog().open).toBe(true));
  await Promise.all(
    dialog()
      .getAnimations()
      .map((animation) => animation.finished),
  );
}

async function focusCloseByKeyboard(): Promise<HTMLElement> {
  const close = await screen.findByRole('button', { name: 'Close' });
  // Focus starts on the title; Shift+Tab reaches Close before it.
  await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
  expect(document.activeElement).toBe(close);
  return close;
}

describe('the pop-up and its button read the theme (headless Chromium)', () => {
  it('dark theme with brand tokens: surface, font, radius, overlay, shadow, fallback and Try again', async () => {
    const setup = renderPopup({
      appearance: {
        theme: 'dark',
        variables: {
          colorPrimary: '#0b5cad',
          colorPrimaryText: '#ffffff',
          borderRadius: 4,
          fontFamily: 'Georgia, serif',
          colorOverlay: 'rgb(0 0 0 / 40%)',
          shadow: '0 0 0 4px rgb(255 0 0)',
        },
      },
      checkout: { blockedLoads: 2 },
      popup: { fadeIn: 0 },
    });
    cleanup = setup.cleanup;
    await openPopup();
    const style = getComputedStyle(dialog());
    expect(style.backgroundColor).toBe(computedColor('#1b1f23'));
    expect(style.color).toBe(computedColor('#f2f4f4'));
    expect(style.fontFamily).toMatch(/^Georgia/);
    // The card's corners are twice the token's.
    expect(style.borderTopLeftRadius).toBe('8px');
    expect(style.boxShadow).toContain('rgb(255, 0, 0)');
    expect(getComputedStyle(dialog(), '::backdrop').backgroundColor).toBe(computedColor('rgb(0 0 0 / 40%)'));
    // The brand band: the dark preset's colorBrand, with its text colour, the title in colorHeading.
    const band = getComputedStyle(document.querySelector('.arp-popup__header')!);
    expect(band.backgroundColor).toBe(computedColor('#0d1117'));
    expect(band.color).toBe(computedColor('#ffffff'));
    expect(getComputedStyle(screen.getByRole('heading')).color).toBe(computedColor('#7cc7ee'));
    expect(contrast(getComputedStyle(screen.getByRole('heading')).color, style.backgroundColor)).toBeGreaterThanOrEqual(4.5);

    const alert = await screen.findByRole('alert');
    expect(getComputedStyle(alert).color).toBe(computedColor('#ff8a80'));
    expect(contrast(getComputedStyle(alert).color, getComputedStyle(alert).backgroundColor)).toBeGreaterThanOrEqual(4.5);
    const retry = screen.getByRole('button', { name: 'Try again' });
    const retryStyle = getComputedStyle(retry);
    expect(retryStyle.backgroundColor).toBe(computedColor('#0b5cad'));
    expect(retryStyle.color).toBe(computedColor('#ffffff'));
    expect(retryStyle.fontFamily).toMatch(/^Georgia/);
    expect(retryStyle.fontSize).toBe('16px');
    expect(retry.getBoundingClientRect().height).toBeGreaterThanOrEqual(44);

    const close = await focusCloseByKeyboard();
    const ring = getComputedStyle(close);
    expect(ring.outlineStyle).toBe('solid');
    expect(ring.outlineWidth).toBe('3px');
    // Close sits on the band: its ring is in the band's text colour, 3:1 against the band.
    expect(ring.outlineColor).toBe(computedColor('#ffffff'));
    expect(contrast(ring.outlineColor, band.backgroundColor)).toBeGreaterThanOrEqual(3);
    await expectNoSeriousA11yViolations(document);
  });

  it('light theme: outline focus rings with at least 3:1 against the dialog, on Close and on Try again', async () => {
    const setup = renderPopup({ appearance: { theme: 'light' }, checkout: { blockedLoads: 2 }, popup: { fadeIn: 0 } });
    cleanup = setup.cleanup;
    await openPopup();
    const surface = getComputedStyle(dialog()).backgroundColor;
    const close = await focusCloseByKeyboard();
    const band = getComputedStyle(document.querySelector('.arp-popup__header')!).backgroundColor;
    expect(contrast(getComputedStyle(close).outlineColor, band)).toBeGreaterThanOrEqual(3);
    const retry = await screen.findByRole('button', { name: 'Try again' });
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(retry);
    expect(getComputedStyle(retry).outlineStyle).toBe('solid');
    expect(contrast(getComputedStyle(retry).outlineColor, surface)).toBeGreaterThanOrEqual(3);
    await expectNoSeriousA11yViolations(document);
  });

  it('forced colours: the dialog keeps a border and Close a focus outline', async () => {
    await cdp().send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'active' }] });
    expect(matchMedia('(forced-colors: active)').matches).toBe(true);
    const setup = renderPopup({ popup: { fadeIn: 0 } });
    cleanup = setup.cleanup;
    await openPopup();
    const style = getComputedStyle(dialog());
    expect(style.borderTopStyle).toBe('solid');
    expect(style.borderTopWidth).toBe('2px');
    const close = await focusCloseByKeyboard();
    expect(getComputedStyle(close).outlineStyle).toBe('solid');
  });
});

describe('right to left (headless Chromium, <html dir="rtl">)', () => {
  afterEach(() => document.documentElement.removeAttribute('dir'));

  it('an English pop-up on an RTL page stays left to right: punctuation where English puts it, Close at the end', async () => {
    document.documentElement.dir = 'rtl';
    const setup = renderPopup({ popup: { fadeIn: 0 } });
    cleanup = setup.cleanup;
    await openPopup();
    expect(dialog().getAttribute('lang')).toBe('en');
    expect(getComputedStyle(dialog()).direction).toBe('ltr');
    const title = screen.getByRole('heading');
    const close = screen.getByRole('button', { name: 'Close' });
    expect(close.getBoundingClientRect().left).toBeGreaterThan(title.getBoundingClientRect().left);
  });

  it('Arabic texts (locale ar-EG, the merchant’s messages) mirror the card with logical properties', async () => {
    document.documentElement.dir = 'rtl';
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const setup = renderPopup({
      locale: 'ar-EG',
      popup: { fadeIn: 0, messages: { 'popup.title': 'هل تريد الدفع باستخدام Amazon Pay بدلاً من ذلك؟', 'popup.close': 'إغلاق' } },
    });
    cleanup = setup.cleanup;
    await openPopup();
    expect(dialog().getAttribute('lang')).toBe('ar-EG');
    expect(dialog().getAttribute('dir')).toBe('rtl');
    const card = dialog().getBoundingClientRect();
    const title = screen.getByRole('heading').getBoundingClientRect();
    const close = screen.getByRole('button', { name: 'إغلاق' }).getBoundingClientRect();
    // Close at the inline end (the left), the title starting at the inline start (the right), same padding both sides.
    expect(close.left - card.left).toBeLessThan(card.right - close.right);
    expect(Math.abs(card.right - title.right - (title.left - card.left))).toBeLessThan(card.width);
    expect(card.right - title.right).toBeLessThanOrEqual(32);
    warn.mockRestore();
  });
});
