import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { sandboxSimulationNote } from '../../src/domain/sandbox-simulation';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { DeclineRecovery } from '../../src/react/DeclineRecovery';
import { createSandboxBackend, installSimulatedAmazonWidgets } from '../../src/testing';
import '../../src/styles/index.css';

const amount = { amount: '49.90', currencyCode: 'EUR' } as const;
let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

/** What a screen reader is given to read: text inserted into a live region, or focus moved onto a message title. */
interface Announcement {
  readonly how: 'live region' | 'focus';
  readonly text: string;
  /** The component's data-state when it was given. */
  readonly state: string | null;
}

/** Records every announcement and every data-state the component passes through, from now on. */
function recordAnnouncements(root: HTMLElement): { announcements: Announcement[]; states: string[]; stop: () => void } {
  const announcements: Announcement[] = [];
  const states: string[] = [];
  const liveRegions = [...root.querySelectorAll('[role="status"], [role="alert"]')].filter((region) => region.parentElement === root);
  expect(liveRegions).toHaveLength(2);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') {
        const state = root.getAttribute('data-state');
        if (state && states.at(-1) !== state) states.push(state);
      } else if (liveRegions.includes(record.target as Element) && record.addedNodes.length > 0 && record.target.textContent) {
        announcements.push({ how: 'live region', text: record.target.textContent, state: root.getAttribute('data-state') });
      }
    }
  });
  observer.observe(root, { attributes: true, attributeFilter: ['data-state'], childList: true, subtree: true, characterData: true });
  const onFocusIn = (event: FocusEvent): void => {
    const target = event.target as HTMLElement;
    if (target.classList.contains('arp-decline__title'))
      announcements.push({ how: 'focus', text: target.textContent ?? '', state: root.getAttribute('data-state') });
  };
  root.addEventListener('focusin', onFocusIn);
  return {
    announcements,
    states,
    stop: () => {
      observer.disconnect();
      root.removeEventListener('focusin', onFocusIn);
    },
  };
}

describe('DeclineRecovery announces each state once, retry included (headless Chromium, a sandbox with 300 ms round trips)', () => {
  it('Try again after a failed confirmation: confirming and authorizing are one announcement, then the approval', async () => {
    // Slow enough that "Confirming your payment method…" and "Processing your payment…" each render for a while.
    const backend = createSandboxBackend({ latencyMs: 300 });
    const order = backend.createOrderReference({ amount });
    const uninstall = installSimulatedAmazonWidgets({ backend });
    const view = render(
      <AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="de" sandbox>
        <button type="button">Before</button>
        <DeclineRecovery
          orderReferenceId={order.amazonOrderReferenceId}
          amount={amount}
          mode="sync"
          policy={{ retryDelayMs: [60_000, 60_000] }}
          sellerAuthorizationNote={sandboxSimulationNote({ state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false })}
        />
      </AmazonPayProvider>,
    );
    cleanup = () => {
      view.unmount();
      uninstall();
      resetScriptLoaderForTests();
    };
    const title = () => document.querySelector('.arp-decline__title')?.textContent;

    // Hard decline, then another method from the wallet; its confirmation fails once (network).
    screen.getByRole('button', { name: 'Before' }).focus();
    await userEvent.keyboard('{Tab}');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(title()).toBe('Your payment method was declined.'));
    await screen.findByRole('radiogroup');
    backend.injectFault({ method: 'confirmOrderReference', kind: 'network', when: 'before' });
    await userEvent.keyboard('{Tab}');
    await userEvent.keyboard('{ArrowDown}');
    const placeOrder = screen.getByRole('button', { name: 'Place order' });
    await waitFor(() => expect(placeOrder.getAttribute('aria-disabled')).toBeNull());
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(placeOrder);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(title()).toMatch(/We could not reach the payment service\./));

    // The retry: from pressing Try again to the approval.
    const root = document.querySelector<HTMLElement>('[data-state]')!;
    const recorder = recordAnnouncements(root);
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Try again' }));
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(title()).toBe('Thank you! Your payment was approved.'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    recorder.stop();

    // Both in-progress states were on screen (the test sees the step the old code announced twice).
    expect(recorder.states).toEqual(['confirming', 'authorizing', 'approved']);
    const working = recorder.announcements.filter((a) => a.state === 'confirming' || a.state === 'authorizing');
    expect(working, JSON.stringify(recorder.announcements)).toHaveLength(1);
    expect(working[0]!.text).toMatch(/^Confirming your payment method…/);
    // The outcome is still announced once.
    const outcome = recorder.announcements.filter((a) => a.state === 'approved');
    expect(outcome.map((a) => a.text)).toEqual(['Thank you! Your payment was approved.']);
  });
});
