import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { renderPopup } from '../support/render-popup';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

const dialog = () => document.querySelector<HTMLDialogElement>('dialog.arp-popup');

/** Per animation frame (what the browser paints): whether the dialog is open and whether its button is ready. */
function watchFrames(limitMs: number): Promise<{ dialog: boolean; button: boolean }[]> {
  const started = performance.now();
  const frames: { dialog: boolean; button: boolean }[] = [];
  return new Promise((resolve) => {
    const sample = (at: number) => {
      frames.push({ dialog: dialog()?.open === true, button: document.querySelector('.arp-button[data-state="ready"]') !== null });
      if (frames.at(-1)!.button || at - started > limitMs) resolve(frames);
      else requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
}

describe("the pop-up's Amazon Pay button (headless Chromium)", () => {
  // First in the file: the dialog's chunk is not loaded yet, as on a page's first pop-up.
  it("fadeIn 0, the dialog's chunk and checkout.js loading together: the dialog waits for checkout.js and opens with a ready button", async () => {
    const frames = watchFrames(15_000);
    // checkout.js takes longer than the chunk (under the dialog's 1 s wait for it).
    const setup = renderPopup({ popup: { fadeIn: 0 }, checkout: { readyDelayMs: 900 } });
    cleanup = setup.cleanup;
    const seen = await frames;
    const dialogFrame = seen.findIndex((frame) => frame.dialog);
    expect(dialogFrame).toBeGreaterThan(0);
    expect(seen.findIndex((frame) => frame.button)).toBe(dialogFrame);
  });

  it.each([{ strictMode: false }, { strictMode: true }])(
    'checkout.js preloaded while the pop-up waits: the button is ready in the frame the dialog opens (StrictMode $strictMode)',
    async ({ strictMode }) => {
      // checkout.js takes 200 ms, the pop-up 1 s: preloaded meanwhile (with the dialog's chunk).
      const frames = watchFrames(15_000);
      const setup = renderPopup({ popup: { fadeIn: 1 }, checkout: { readyDelayMs: 200 }, strictMode });
      cleanup = setup.cleanup;
      const seen = await frames;
      const dialogFrame = seen.findIndex((frame) => frame.dialog);
      expect(dialogFrame).toBeGreaterThan(0);
      expect(seen.findIndex((frame) => frame.button)).toBe(dialogFrame);
    },
  );

  it.each([{ strictMode: false }, { strictMode: true }])(
    "checkout.js blocked (the preload and the button's load): the fallback with Try again, which brings the button (StrictMode $strictMode)",
    async ({ strictMode }) => {
      const setup = renderPopup({ popup: { fadeIn: 0.5 }, checkout: { blockedLoads: 2 }, strictMode });
      cleanup = setup.cleanup;
      await waitFor(() => expect(dialog()?.open).toBe(true));
      const alert = await screen.findByRole('alert');
      expect(alert.textContent).toMatch(/could not be loaded/);
      await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
      await waitFor(() => expect(document.querySelector('.arp-button')?.getAttribute('data-state')).toBe('ready'));
      expect(screen.queryByRole('alert')).toBeNull();
    },
  );
});
