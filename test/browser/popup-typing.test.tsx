import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { TYPING_PAUSE_MS } from '../../src/react/usePopupTriggers';
import { renderPopup } from './render-popup';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

const CARD_NUMBER = '4000 0000 0000 0002';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dialog = () => document.querySelector<HTMLDialogElement>('dialog.arp-popup')!;

describe('Cart Recovery pop-up and a buyer typing (headless Chromium)', () => {
  it('the fadeIn timer expires mid-typing: no keystroke lost, no control activated', async () => {
    const onDismiss = vi.fn();
    const onOpenChange = vi.fn();
    const setup = renderPopup({ popup: { fadeIn: 1, onDismiss, onOpenChange } });
    cleanup = setup.cleanup;
    const field = screen.getByLabelText<HTMLInputElement>('Card number');
    field.focus();
    const started = performance.now();

    // Real keystrokes, 150 ms apart plus the keyboard's own time, spaces included: the 1 s timer expires mid-number.
    for (const character of CARD_NUMBER) {
      await userEvent.keyboard(character === ' ' ? '{Space}' : character);
      expect(dialog().open, `open while typing "${character}"`).toBe(false);
      await pause(150);
    }
    expect(performance.now() - started).toBeGreaterThan(1000 + TYPING_PAUSE_MS);
    expect(field.value).toBe(CARD_NUMBER);
    expect(document.activeElement).toBe(field);

    // The buyer pauses: the pop-up appears, with focus on its title.
    await waitFor(() => expect(dialog().open).toBe(true), { timeout: TYPING_PAUSE_MS + 1000 });
    const title = screen.getByRole('heading', { level: 2 });
    expect(document.activeElement).toBe(title);

    // A keystroke landing as it opens presses nothing: Space and Enter on the title do not close it or start checkout.
    await userEvent.keyboard('{Space}{Enter}7');
    expect(dialog().open).toBe(true);
    expect(onDismiss).not.toHaveBeenCalled();
    expect(onOpenChange.mock.calls).toEqual([[true]]);
    expect(setup.navigations).toEqual([]);
    expect(field.value).toBe(CARD_NUMBER);

    // Escape still closes it, and focus goes back to the card field.
    await userEvent.keyboard('{Escape}');
    expect(dialog().open).toBe(false);
    expect(document.activeElement).toBe(field);
  }, 30_000);
});
