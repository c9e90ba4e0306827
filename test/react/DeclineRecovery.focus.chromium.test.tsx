import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { sandboxSimulationNote, type SandboxSimulation } from '../../src/domain/sandbox-simulation';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { DeclineRecovery } from '../../src/react/DeclineRecovery';
import { createSandboxBackend, installSimulatedAmazonWidgets, type SandboxBackend } from '../../src/testing';
import '../../src/styles/index.css';

const amount = { amount: '49.90', currencyCode: 'EUR' } as const;
let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

/** DeclineRecovery after a "Before" button, on a fresh sandbox order whose first authorization has `simulation`'s outcome. */
function renderDecline(simulation?: Pick<SandboxSimulation, 'reasonCode' | 'softDecline'>, prepare?: (backend: SandboxBackend) => void) {
  const backend = createSandboxBackend();
  const order = backend.createOrderReference({ amount });
  prepare?.(backend);
  const uninstall = installSimulatedAmazonWidgets({ backend });
  const note = simulation ? sandboxSimulationNote({ state: 'Declined', ...simulation }) : undefined;
  const view = render(
    <AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="de" sandbox>
      <button type="button">Before</button>
      <DeclineRecovery
        orderReferenceId={order.amazonOrderReferenceId}
        amount={amount}
        mode="sync"
        policy={{ retryDelayMs: [60_000, 60_000] }}
        {...(note ? { sellerAuthorizationNote: note } : {})}
      />
    </AmazonPayProvider>,
  );
  cleanup = () => {
    view.unmount();
    uninstall();
    resetScriptLoaderForTests();
  };
  return backend;
}

/** Tab from the "Before" button to the first control of the component and press Enter on it. */
async function tabToAndPress(name: string, tabs = 1): Promise<void> {
  for (let n = 0; n < tabs; n += 1) await userEvent.keyboard('{Tab}');
  expect(document.activeElement).toBe(screen.getByRole('button', { name }));
  await userEvent.keyboard('{Enter}');
}

/** Focus sits on the current message's title (never <body>) and the title reads `text`. */
async function expectFocusOnMessage(text: string | RegExp): Promise<void> {
  // The screen past the first paint is a lazy part: the project's wait limit covers a loaded machine.
  await waitFor(() => {
    const active = document.activeElement as HTMLElement;
    expect(active.classList.contains('arp-decline__title')).toBe(true);
    if (typeof text === 'string') expect(active.textContent).toBe(text);
    else expect(active.textContent).toMatch(text);
  });
}

describe('DeclineRecovery with the keyboard: focus after each action (headless Chromium)', () => {
  it('Place order: focus moves to the message and follows it to the outcome', async () => {
    renderDecline();
    screen.getByRole('button', { name: 'Before' }).focus();
    await tabToAndPress('Place order');
    await expectFocusOnMessage(/Processing your payment|Thank you! Your payment was approved\./);
    await expectFocusOnMessage('Thank you! Your payment was approved.');
  });

  it('Try again: from the error to the approval, focus never falls to <body>', async () => {
    renderDecline(undefined, (backend) => backend.injectFault({ method: 'authorize', kind: 'network', when: 'before' }));
    screen.getByRole('button', { name: 'Before' }).focus();
    await tabToAndPress('Place order');
    await expectFocusOnMessage(/We could not reach the payment service\./);
    // The message, then Try again, then Pay another way. The ring is an outline (it survives forced colours).
    await userEvent.keyboard('{Tab}');
    const ring = getComputedStyle(screen.getByRole('button', { name: 'Try again' }));
    expect([ring.outlineStyle, parseFloat(ring.outlineWidth) >= 2, ring.boxShadow]).toEqual(['solid', true, 'none']);
    await tabToAndPress('Try again', 0);
    await expectFocusOnMessage('Thank you! Your payment was approved.');
  });

  it('hard decline: the message, the wallet by arrow keys, then Place order (reachable while unavailable, with its hint)', async () => {
    renderDecline({ reasonCode: 'InvalidPaymentMethod', softDecline: false });
    screen.getByRole('button', { name: 'Before' }).focus();
    await tabToAndPress('Place order');
    await expectFocusOnMessage('Your payment method was declined.');
    await screen.findByRole('radiogroup');
    await userEvent.keyboard('{Tab}');
    expect((document.activeElement as HTMLInputElement).type).toBe('radio');
    await userEvent.keyboard('{Tab}');
    const placeOrder = screen.getByRole('button', { name: 'Place order' });
    // Not chosen yet: focusable, marked unavailable, described by the hint; Enter does nothing.
    expect(document.activeElement).toBe(placeOrder);
    expect(placeOrder.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(placeOrder.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Select a payment method to continue.',
    );
    await userEvent.keyboard('{Enter}');
    expect(document.activeElement).toBe(placeOrder);
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    await userEvent.keyboard('{ArrowDown}');
    await waitFor(() => expect(placeOrder.getAttribute('aria-disabled')).toBeNull());
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(placeOrder);
    await userEvent.keyboard('{Enter}');
    await expectFocusOnMessage('Thank you! Your payment was approved.');
  });

  it('Pay another way after a hard decline: focus moves to the canceled message', async () => {
    renderDecline({ reasonCode: 'InvalidPaymentMethod', softDecline: false });
    screen.getByRole('button', { name: 'Before' }).focus();
    await tabToAndPress('Place order');
    await expectFocusOnMessage('Your payment method was declined.');
    await screen.findByRole('radiogroup');
    // A radio, Place order (unavailable), then Pay another way.
    await tabToAndPress('Pay another way', 3);
    await expectFocusOnMessage('The Amazon Pay payment was canceled. Please choose another payment method.');
  });

  it('soft decline: the scheduled retry takes focus, Pay another way is the next stop', async () => {
    renderDecline({ reasonCode: 'ProcessingFailure' });
    screen.getByRole('button', { name: 'Before' }).focus();
    await tabToAndPress('Place order');
    // The countdown may have ticked by the time focus is checked on a loaded machine: the message, not its second.
    await expectFocusOnMessage(/We will try again automatically in \d+ s\./);
    await tabToAndPress('Pay another way');
    await expectFocusOnMessage('The Amazon Pay payment was canceled. Please choose another payment method.');
  });

  it('focus the buyer moved elsewhere is left alone', async () => {
    renderDecline(undefined, (backend) => backend.injectFault({ method: 'authorize', kind: 'network', when: 'before' }));
    screen.getByRole('button', { name: 'Before' }).focus();
    await tabToAndPress('Place order');
    await expectFocusOnMessage(/We could not reach/);
    await userEvent.keyboard('{Tab}');
    screen.getByRole('button', { name: 'Before' }).focus();
    screen.getByRole('button', { name: 'Try again' }).click();
    await waitFor(() => expect(document.querySelector('.arp-decline__title')?.textContent).toBe('Thank you! Your payment was approved.'));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Before' }));
  });
});
