import { screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { TYPING_PAUSE_MS } from '../../src/react/usePopupTriggers';
import { renderPopup } from '../support/render-popup';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
  vi.useRealTimers();
});

const CARD_NUMBER = '4111 1111 11';
const dialog = () => document.querySelector<HTMLDialogElement>('dialog.arp-popup');

/**
 * The pop-up's clock (its timers and Date.now) on a fake clock, the keystrokes real: a buyer's pause is
 * the clock moved on, not a wait. Everything else (React, the lazy dialog's chunk, Chromium) runs in real time.
 */
const POPUP_CLOCK: Parameters<typeof vi.useFakeTimers>[0] = { toFake: ['setTimeout', 'clearTimeout', 'Date'] };

/**
 * The buyer pauses for `ms`. A trigger that fired during the pause (onOpenChange(true)) shows the pop-up
 * within it: the dialog is open before the next key, as it would be a few milliseconds into a real pause.
 */
async function pauseFor(ms: number, onOpenChange: ReturnType<typeof vi.fn>): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  // expect.poll, not waitFor: it waits on vitest's own timers, not the faked ones.
  if (onOpenChange.mock.calls.length > 0) await expect.poll(() => dialog()?.open).toBe(true);
}

/** A rhythm: the wait after each key (the pop-up's 0.5 s fadeIn expires during the first keys). */
interface Rhythm {
  readonly name: string;
  readonly gapAfter: (index: number) => number;
}

const STEADY = 200;
const QUICK = 50;
/** A pause after "4111 " (reading the card), quick keys otherwise; and steady typing at 0.2 s. */
const RHYTHMS: readonly Rhythm[] = [
  { name: 'steady, 0.2 s between keys', gapAfter: () => STEADY },
  ...[0.5, 1, 1.7, 2.3, 3, 5, 10].map((seconds) => ({
    name: `${seconds} s pause after "4111 "`,
    gapAfter: (index: number) => (index === 4 ? seconds * 1000 : QUICK),
  })),
];

const rows: string[] = [];
afterAll(() => {
  // The table of the closing note.
  console.info(
    [
      '| pause pattern | characters typed | characters kept | controls activated | focus left in the field | pop-up shown (as) | announced |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n'),
  );
});

describe('Cart Recovery pop-up and a buyer typing, real keystrokes in headless Chromium', () => {
  it.each(RHYTHMS)('$name: every key kept, nothing activated, the offer shown and announced', async ({ name, gapAfter }) => {
    vi.useFakeTimers(POPUP_CLOCK);
    const onDismiss = vi.fn();
    const onOpenChange = vi.fn();
    const setup = renderPopup({ popup: { fadeIn: 0.5, onDismiss, onOpenChange } });
    cleanup = setup.cleanup;
    const field = screen.getByLabelText<HTMLInputElement>('Card number');
    // Every click on anything outside the field (the pop-up's close button, Amazon's button, the page's Pay).
    const clicks: EventTarget[] = [];
    const onClick = (event: Event) => clicks.push(event.target!);
    document.addEventListener('click', onClick, { capture: true });
    cleanup = () => {
      document.removeEventListener('click', onClick, { capture: true });
      setup.cleanup();
    };
    field.focus();

    let typed = '';
    for (const [index, character] of [...CARD_NUMBER].entries()) {
      await userEvent.keyboard(character === ' ' ? '{Space}' : character);
      typed += character;
      await pauseFor(gapAfter(index), onOpenChange);
    }
    // The pop-up came (during a pause, or once the typing paused), and keys typed now still land in the field.
    await pauseFor(TYPING_PAUSE_MS, onOpenChange);
    expect(dialog()?.open).toBe(true);
    await pauseFor(150, onOpenChange);
    await userEvent.keyboard('{Space}42');
    typed += ' 42';

    const popup = dialog()!;
    const announced = popup.querySelector('[role="status"]')?.textContent ?? '';
    rows.push(
      `| ${name} | ${typed.length} | ${field.value.length} | ${clicks.length + onDismiss.mock.calls.length + setup.navigations.length} | ${document.activeElement === field ? 'yes' : 'no'} | yes (${popup.dataset.presentation}) | ${announced.includes('How about paying with Amazon Pay instead?') ? 'yes, politely' : 'no'} |`,
    );

    expect(field.value).toBe(typed);
    expect(document.activeElement).toBe(field);
    expect(clicks).toEqual([]);
    expect(onDismiss).not.toHaveBeenCalled();
    expect(setup.navigations).toEqual([]);
    expect(onOpenChange.mock.calls).toEqual([[true]]);
    // Shown without taking focus or making the page inert, and told to screen readers politely.
    expect(popup.dataset.presentation).toBe('offer');
    expect(popup.matches(':modal')).toBe(false);
    expect(announced).toMatch(/^How about paying with Amazon Pay instead\?/);
  });

  it('the buyer moves into the offer: it becomes the modal dialog; Escape closes it and focus goes back to the field', async () => {
    const onDismiss = vi.fn();
    const setup = renderPopup({ popup: { fadeIn: 0.3, onDismiss } });
    cleanup = setup.cleanup;
    const field = screen.getByLabelText<HTMLInputElement>('Card number');
    field.focus();
    await userEvent.keyboard('4111');
    // Opened a typing pause after the last key: as the offer, focus still in the field.
    await waitFor(() => expect(dialog()?.open).toBe(true));
    const popup = dialog()!;
    expect(popup.dataset.presentation).toBe('offer');
    expect(document.activeElement).toBe(field);

    // Tab: the page's Pay button, then into the pop-up (its close button): now modal, the page inert.
    await userEvent.keyboard('{Tab}{Tab}');
    expect(popup.contains(document.activeElement)).toBe(true);
    expect(popup.matches(':modal')).toBe(true);
    // The page behind is inert: a click or Tab cannot reach the field.
    expect(document.elementFromPoint(field.getBoundingClientRect().x + 2, field.getBoundingClientRect().y + 2)).not.toBe(field);
    // Tab stays inside.
    await userEvent.keyboard('{Tab}{Tab}{Tab}');
    expect(popup.contains(document.activeElement)).toBe(true);

    await userEvent.keyboard('{Escape}');
    expect(dialog()).toBeNull();
    expect(onDismiss).toHaveBeenCalledTimes(1);
    expect(document.activeElement).toBe(field);
    expect(field.value).toBe('4111');
  });

  it('a click on the offer’s Amazon Pay button works at the first click (it turns modal where it stands)', async () => {
    const setup = renderPopup({ popup: { fadeIn: 0.3 } });
    cleanup = setup.cleanup;
    const field = screen.getByLabelText<HTMLInputElement>('Card number');
    field.focus();
    await userEvent.keyboard('4');
    await waitFor(() => expect(dialog()?.open).toBe(true));
    const popup = dialog()!;
    const amazon = await screen.findByRole('button', { name: 'Amazon Pay' });
    const before = amazon.getBoundingClientRect();
    await userEvent.click(amazon);
    expect(popup.matches(':modal')).toBe(true);
    expect(amazon.getBoundingClientRect()).toEqual(before);
    // The click reached Amazon's button: its (simulated) checkout page opens.
    expect(await screen.findByRole('dialog', { name: /amazon pay checkout/i })).toBeTruthy();
  });
});
