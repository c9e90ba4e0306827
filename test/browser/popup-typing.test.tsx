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
/** The pop-up's dialog while it is open (it is in the DOM only then); a stand-in that is not open otherwise. */
const dialog = () => document.querySelector<HTMLDialogElement>('dialog.arp-popup') ?? document.createElement('dialog');

describe('Cart Recovery pop-up and a buyer typing (headless Chromium)', () => {
  it('the fadeIn timer expires mid-typing: no keystroke lost, no control activated', async () => {
    const onDismiss = vi.fn();
    let openedAt = Number.POSITIVE_INFINITY;
    const onOpenChange = vi.fn((open: boolean) => {
      if (open) openedAt = performance.now();
    });
    const setup = renderPopup({ popup: { fadeIn: 1, onDismiss, onOpenChange } });
    cleanup = setup.cleanup;
    const field = screen.getByLabelText<HTMLInputElement>('Card number');
    // When each keystroke reached the card field (the event's time, on performance.now()'s clock).
    const keystrokes: number[] = [];
    field.addEventListener('keydown', (event) => keystrokes.push(event.timeStamp));
    field.focus();
    const started = performance.now();

    // Real keystrokes, 150 ms apart plus the keyboard's own time, spaces included: the 1 s timer expires mid-number.
    // On a loaded machine one keystroke can take longer than the typing pause: the pop-up may then rightly open
    // before the number is complete, so typing stops there and the rule is checked on the times themselves.
    for (const character of CARD_NUMBER) {
      if (dialog().open) break;
      await userEvent.keyboard(character === ' ' ? '{Space}' : character);
      await pause(150);
    }
    await waitFor(() => expect(dialog().open).toBe(true), { timeout: TYPING_PAUSE_MS + 1000 });

    // The timer expired while the buyer typed, and the pop-up waited for a pause in the typing.
    expect(keystrokes.some((at) => at > started + 1000 && at < openedAt)).toBe(true);
    const lastBeforeOpening = Math.max(...keystrokes.filter((at) => at < openedAt));
    expect(openedAt - lastBeforeOpening).toBeGreaterThanOrEqual(TYPING_PAUSE_MS - 20);
    // No keystroke lost: every key the field received is in it.
    expect(field.value).toBe(CARD_NUMBER.slice(0, keystrokes.length));

    // The pop-up appeared with focus on its title.
    const title = screen.getByRole('heading', { level: 2 });
    expect(document.activeElement).toBe(title);

    // A keystroke landing as it opens presses nothing: Space and Enter on the title do not close it or start checkout.
    await userEvent.keyboard('{Space}{Enter}7');
    expect(dialog().open).toBe(true);
    expect(onDismiss).not.toHaveBeenCalled();
    expect(onOpenChange.mock.calls).toEqual([[true]]);
    expect(setup.navigations).toEqual([]);
    expect(field.value).toBe(CARD_NUMBER.slice(0, keystrokes.length));

    // Escape still closes it, and focus goes back to the card field.
    await userEvent.keyboard('{Escape}');
    expect(dialog().open).toBe(false);
    expect(document.activeElement).toBe(field);
  }, 30_000);
});
