import { act } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { resetWarningsForTests } from '../../src/domain/dev-warning';
import { createSandboxBackend, type SandboxBackend } from '../../src/testing/sandbox-backend';
import { installSimulatedAmazonCheckout, type SimulatedAmazonCheckout } from '../../src/testing/simulated-checkout';

/** The pop-up's dialog (in the DOM only while the pop-up is open). */
export function dialog(): HTMLDialogElement {
  const element = document.querySelector<HTMLDialogElement>('dialog.arp-popup');
  if (!element) throw new Error('no dialog');
  return element;
}

/** The pop-up is showing: its dialog is in the DOM, open as a modal. */
export function isOpen(): boolean {
  const element = document.querySelector<HTMLDialogElement>('dialog.arp-popup');
  return element !== null && element.open;
}

/** Fake time forward, flushing React's updates. */
export async function advance(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

/**
 * Per test: fake timers, a fresh sandbox backend with the simulated checkout.js,
 * no remembered dismissal and no shown warnings. Read `backend` and `amazon` inside tests.
 */
export function setUpPopupHarness(): { readonly backend: SandboxBackend; readonly amazon: SimulatedAmazonCheckout } {
  const harness = {} as { backend: SandboxBackend; amazon: SimulatedAmazonCheckout };
  beforeEach(() => {
    vi.useFakeTimers();
    resetScriptLoaderForTests();
    resetWarningsForTests();
    sessionStorage.clear();
    harness.backend = createSandboxBackend();
    harness.amazon = installSimulatedAmazonCheckout({ backend: harness.backend, navigate: () => undefined });
  });
  afterEach(() => {
    harness.amazon();
    vi.useRealTimers();
  });
  return harness;
}
