import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { recordDialogFocus, takeDialogFocusEvents } from '../support/record-dialog-focus';
import { renderPopup } from '../support/render-popup';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

const dialog = () => document.querySelector<HTMLDialogElement>('dialog.arp-popup');

const TITLE = 'How about paying with Amazon Pay instead?';

describe('opening and closing the pop-up moves focus once each way (headless Chromium)', () => {
  it.each([
    { mode: 'StrictMode (development: effects set up, cleaned up, set up again)', strictMode: true },
    { mode: 'without StrictMode', strictMode: false },
  ])('$mode: one showModal, focus straight to the title; Close: one close, focus back to Pay', async ({ strictMode }) => {
    const stopRecording = recordDialogFocus();
    const setup = renderPopup({ popup: { fadeIn: 0.3 }, strictMode });
    cleanup = () => {
      stopRecording();
      setup.cleanup();
    };
    const pay = screen.getByRole('button', { name: 'Pay' });
    pay.focus();
    takeDialogFocusEvents();
    // The open dialog is a lazy chunk: its first import waits on a busy machine.
    await waitFor(() => expect(dialog()?.open).toBe(true));
    // Long enough for any close-and-show-again after opening (lazy parts settling, effects re-run).
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Not the close button first (the browser's own focusing steps), never out to the page and back.
    expect(takeDialogFocusEvents()).toEqual(['showModal', `focus h2 ${TITLE}`]);
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: TITLE }));

    takeDialogFocusEvents();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(dialog()).toBeNull());
    expect(takeDialogFocusEvents()).toEqual(['focus button Close', 'close', 'focus button Pay']);
    expect(document.activeElement).toBe(pay);
  });

  it('StrictMode: the offer shown beside a typed-in field becomes the modal dialog with one focus move to what the buyer moved to', async () => {
    const stopRecording = recordDialogFocus();
    const setup = renderPopup({ popup: { fadeIn: 0.3 }, strictMode: true });
    cleanup = () => {
      stopRecording();
      setup.cleanup();
    };
    const field = screen.getByLabelText('Card number');
    field.focus();
    await userEvent.keyboard('4111');
    takeDialogFocusEvents();
    await waitFor(() => expect(dialog()?.open).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The offer: no focus taken, not modal.
    expect(takeDialogFocusEvents()).toEqual([]);
    expect(dialog()!.dataset.presentation).toBe('offer');

    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(dialog()).toBeNull());
    expect(takeDialogFocusEvents()).toEqual(['focus button Close', 'close', 'showModal', 'close', 'focus input Card number']);
  });
});
