import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { renderWallet } from '../support/render-wallet';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

describe('WalletWidget with the keyboard (headless Chromium)', () => {
  it('Tab reaches the wallet and the arrow keys change the payment method', async () => {
    const onPaymentSelect = vi.fn();
    const setup = renderWallet({ onPaymentSelect });
    cleanup = setup.cleanup;
    const group = await screen.findByRole('radiogroup');
    const radios = screen.getAllByRole('radio');
    expect(radios.length).toBeGreaterThan(1);

    screen.getByRole('button', { name: 'Before the wallet' }).focus();
    await userEvent.keyboard('{Tab}');
    expect(group.contains(document.activeElement)).toBe(true);
    const first = document.activeElement as HTMLInputElement;

    await userEvent.keyboard('{ArrowDown}');
    const second = document.activeElement as HTMLInputElement;
    expect(second).not.toBe(first);
    expect(second.checked).toBe(true);
    await waitFor(() => expect(onPaymentSelect).toHaveBeenCalled());
    expect(setup.backend.walletFor(setup.orderReferenceId).find((method) => method.selected)?.id).toBe(second.value);
  });

  it('the fallback\'s "Try again" works with Enter after a blocked script', async () => {
    const setup = renderWallet({ widgets: { blockedLoads: 1 } });
    cleanup = setup.cleanup;
    await screen.findByRole('button', { name: 'Try again' });
    screen.getByRole('button', { name: 'Before the wallet' }).focus();
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Try again' }));
    // An outline ring, not a box-shadow: visible in forced colours too (WCAG 1.4.11).
    const ring = getComputedStyle(document.activeElement as Element);
    expect([ring.outlineStyle, parseFloat(ring.outlineWidth) >= 2, ring.boxShadow]).toEqual(['solid', true, 'none']);
    await userEvent.keyboard('{Enter}');
    // Try again went away: focus waits on the Wallet, not on <body>, and the next Tab enters it.
    const wallet = document.querySelector('.arp-wallet');
    expect(document.activeElement).toBe(wallet);
    const group = await screen.findByRole('radiogroup');
    expect(document.activeElement).toBe(wallet);
    await userEvent.keyboard('{Tab}');
    expect(group.contains(document.activeElement)).toBe(true);
  });
});
