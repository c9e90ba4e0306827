import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { StrictMode, useState, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandboxBackend, type SandboxBackend } from '../../src/testing/sandbox-backend';
import { AmazonPayError } from '../../src/domain/errors';
import { resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { WalletWidget, type WalletWidgetProps } from '../../src/react/WalletWidget';
import {
  installSimulatedAmazonWidgets,
  type SimulatedAmazonWidgets,
  type SimulatedAmazonWidgetsOptions,
} from '../../src/testing/simulated-widgets';

const SELLER = 'A1B2C3D4E5F6G7';
let backend: SandboxBackend;
let amazon: SimulatedAmazonWidgets | undefined;

function simulate(options: Omit<SimulatedAmazonWidgetsOptions, 'backend'> = {}): SimulatedAmazonWidgets {
  amazon = installSimulatedAmazonWidgets({ backend, ...options });
  return amazon;
}

function inProvider(children: ReactNode): ReactNode {
  return (
    <AmazonPayProvider backend={backend} sellerId={SELLER} region="de" sandbox>
      {children}
    </AmazonPayProvider>
  );
}

function renderWallet(props: Partial<WalletWidgetProps> & { orderReferenceId: string }) {
  return render(inProvider(<WalletWidget {...props} />));
}

function root(): HTMLElement {
  const element = document.querySelector<HTMLElement>('.arp-wallet');
  if (!element) throw new Error('no .arp-wallet');
  return element;
}

function openOrder(paymentMethodId?: string): string {
  return backend.createOrderReference({ amount: { amount: '49.90', currencyCode: 'EUR' }, ...(paymentMethodId ? { paymentMethodId } : {}) })
    .amazonOrderReferenceId;
}

beforeEach(() => {
  resetScriptLoaderForTests();
  backend = createSandboxBackend();
});

afterEach(() => {
  amazon?.();
  amazon = undefined;
  for (const script of document.head.querySelectorAll('script')) script.remove();
});

describe('WalletWidget', () => {
  it('binds Amazon’s Wallet to the order reference in a container it owns and reports ready', async () => {
    const sim = simulate();
    const onReady = vi.fn();
    const order = openOrder();
    renderWallet({ orderReferenceId: order, onReady });
    expect(root().dataset.state).toBe('loading');
    const group = await screen.findByRole('radiogroup', { name: /choose a payment method/i });
    expect(within(group).getAllByRole('radio')).toHaveLength(backend.paymentMethodList.length);
    expect(within(group).getByRole('radio', { name: /Visa •••• 1111/ })).toHaveProperty('checked', true);
    // Amazon calls onReady after drawing the list; React 18 commits the state a task later.
    await vi.waitFor(() => expect(root().dataset.state).toBe('ready'));
    expect(onReady).toHaveBeenCalledWith(order, expect.objectContaining({ getAmazonOrderReferenceId: expect.any(Function) }));

    expect(sim.binds).toHaveLength(1);
    const [bind] = sim.binds;
    expect(bind!.options).toMatchObject({ sellerId: SELLER, amazonOrderReferenceId: order, design: { designMode: 'responsive' } });
    expect(bind!.containerId).toMatch(/^arp-wallet-[A-Za-z0-9_-]+$/);
    expect(root().contains(document.getElementById(bind!.containerId))).toBe(true);
  });

  it('shows the declined method as Declined, unselected, when re-bound to the declined order reference', async () => {
    simulate();
    const order = openOrder('amex-0005');
    const auth = await backend.authorize({
      amazonOrderReferenceId: order,
      authorizationReferenceId: 'order-1-0',
      amount: { amount: '49.90', currencyCode: 'EUR' },
      mode: 'sync',
    });
    expect(auth).toMatchObject({ state: 'Declined', reasonCode: 'InvalidPaymentMethod' });
    renderWallet({ orderReferenceId: order });
    const declined = await screen.findByRole('radio', { name: /Amex •••• 0005 \* Declined/ });
    // Marked, not pre-selected: the buyer has to pick (again) before Place order.
    expect(declined).toHaveProperty('checked', false);
    expect(screen.queryByRole('radio', { checked: true })).toBeNull();
    expect(screen.getAllByText('Declined')).toHaveLength(1);
    expect(screen.getByText('* A sandbox test method that declines when you pay with it.')).toBeTruthy();
  });

  it('calls onPaymentSelect on every click and records the choice in the backend', async () => {
    simulate();
    const order = openOrder();
    const onPaymentSelect = vi.fn();
    renderWallet({ orderReferenceId: order, onPaymentSelect });
    const mastercard = await screen.findByRole('radio', { name: /Mastercard/ });
    fireEvent.click(mastercard);
    fireEvent.click(screen.getByRole('radio', { name: /Visa •••• 0002/ }));
    fireEvent.click(screen.getByRole('radio', { name: /Visa •••• 1111/ }));
    expect(onPaymentSelect).toHaveBeenCalledTimes(3);
    expect(onPaymentSelect).toHaveBeenLastCalledWith(order, expect.anything());
    expect(backend.walletFor(order).find((m) => m.selected)?.id).toBe('visa-1111');
  });

  it('re-binds in a fresh container when orderReferenceId changes, dropping the old widget', async () => {
    const sim = simulate();
    const first = openOrder();
    const second = openOrder('mastercard-4444');
    const view = renderWallet({ orderReferenceId: first });
    await screen.findByRole('radiogroup');
    view.rerender(inProvider(<WalletWidget orderReferenceId={second} />));
    expect(await screen.findByRole('radio', { name: /Mastercard/, checked: true })).toBeTruthy();
    expect(sim.binds.map((b) => b.options.amazonOrderReferenceId)).toEqual([first, second]);
    expect(sim.binds[0]!.containerId).not.toBe(sim.binds[1]!.containerId);
    expect(document.getElementById(sim.binds[0]!.containerId)).toBeNull();
    expect(screen.getAllByRole('radiogroup')).toHaveLength(1);
  });

  it('does not re-bind on 100 parent re-renders with new callbacks and design objects, and calls the latest callback', async () => {
    const sim = simulate();
    const order = openOrder();
    const calls: number[] = [];
    let rerender: () => void = () => {};
    function Parent() {
      const [n, setN] = useState(0);
      rerender = () => setN((x) => x + 1);
      return (
        <WalletWidget
          orderReferenceId={order}
          design={{ designMode: 'responsive' }}
          onPaymentSelect={() => calls.push(n)}
          onReady={() => {}}
        />
      );
    }
    render(inProvider(<Parent />));
    await screen.findByRole('radiogroup');
    const container = document.getElementById(sim.binds[0]!.containerId);
    for (let i = 0; i < 100; i += 1) act(() => rerender());
    expect(sim.binds).toHaveLength(1);
    expect(document.getElementById(sim.binds[0]!.containerId)).toBe(container);
    fireEvent.click(screen.getByRole('radio', { name: /Mastercard/ }));
    expect(calls).toEqual([100]);
  });

  it('cleans up on unmount, and a widget that renders late never calls back', async () => {
    const sim = simulate({ readyDelayMs: 100 });
    const onReady = vi.fn();
    const view = renderWallet({ orderReferenceId: openOrder(), onReady });
    await vi.waitFor(() => expect(sim.binds).toHaveLength(1), { interval: 1 });
    view.unmount();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(onReady).not.toHaveBeenCalled();
    expect(document.getElementById(sim.binds[0]!.containerId)).toBeNull();
    expect(document.querySelector('.arp-sim-wallet')).toBeNull();
  });

  it('binds once under StrictMode', async () => {
    const sim = simulate();
    const onReady = vi.fn();
    render(<StrictMode>{inProvider(<WalletWidget orderReferenceId={openOrder()} onReady={onReady} />)}</StrictMode>);
    await screen.findByRole('radiogroup');
    expect(sim.binds).toHaveLength(1);
    expect(onReady).toHaveBeenCalledOnce();
    expect(screen.getAllByRole('radiogroup')).toHaveLength(1);
  });

  it('sizes the widget area from width and height, and passes a fixed design through', async () => {
    const sim = simulate();
    renderWallet({
      orderReferenceId: openOrder(),
      width: 400,
      height: '16rem',
      design: { size: { width: '400px', height: '260px' } },
      displayMode: 'Read',
    });
    await screen.findByRole('radiogroup');
    const host = root().querySelector<HTMLElement>('.arp-wallet__host')!;
    expect(host.style.width).toBe('400px');
    expect(host.style.height).toBe('16rem');
    expect(sim.binds[0]!.options).toMatchObject({ design: { size: { width: '400px', height: '260px' } }, displayMode: 'Read' });
    expect(screen.getAllByRole('radio').every((radio) => (radio as HTMLInputElement).disabled)).toBe(true);
  });

  it('works without a provider when sellerId and region are given, and sets the client id', async () => {
    const sim = simulate({ blockedLoads: 0, missingGlobal: false });
    render(<WalletWidget orderReferenceId={openOrder()} sellerId={SELLER} region="uk" sandbox storeId="amzn1.application-oa2-client.x" />);
    await screen.findByRole('radiogroup');
    expect(sim.binds[0]!.options.sellerId).toBe(SELLER);
  });
});

describe('WalletWidget failures', () => {
  it('shows a fallback when Widgets.js is blocked, and Try again loads it', async () => {
    const sim = simulate({ blockedLoads: 1 });
    const onError = vi.fn();
    renderWallet({ orderReferenceId: openOrder(), onError, storeId: 'amzn1.application-oa2-client.x' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/could not be loaded/);
    expect(root().dataset.state).toBe('error');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'script', code: 'ScriptLoadFailed' }));
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(AmazonPayError);
    expect(sim.binds).toHaveLength(0);

    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(root().dataset.state).toBe('loading');
    await screen.findByRole('radiogroup');
    expect(screen.queryByRole('alert')).toBeNull();
    await vi.waitFor(() => expect(root().dataset.state).toBe('ready'));
    expect(sim.binds).toHaveLength(1);
    expect(sim.clientIds).toEqual(['amzn1.application-oa2-client.x']);
  });

  it('shows the fallback when the script loads without its global', async () => {
    simulate({ missingGlobal: true });
    const onError = vi.fn();
    renderWallet({ orderReferenceId: openOrder(), onError, scriptTimeoutMs: 30 });
    await screen.findByRole('alert');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'script', code: 'GlobalMissing' }));
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('renders a custom fallback and message overrides', async () => {
    simulate({ blockedLoads: Infinity });
    render(
      <AmazonPayProvider backend={backend} sellerId={SELLER} region="us" messages={{ 'wallet.retry': 'Reload wallet' }}>
        <WalletWidget orderReferenceId={openOrder()} onError={() => {}} fallback="Pay by card instead." />
      </AmazonPayProvider>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Pay by card instead.');
    expect(within(alert).getByRole('button', { name: 'Reload wallet' })).toBeTruthy();
  });

  it.each(['BuyerSessionExpired', 'InvalidSellerId', 'StaleOrderReference', 'ReleaseEnvironmentMismatch'])(
    'passes Amazon’s %s to onError as a typed error',
    async (code) => {
      simulate({ scriptedError: code });
      const onError = vi.fn();
      renderWallet({ orderReferenceId: openOrder(), onError });
      await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
      const error = onError.mock.calls[0]![0] as AmazonPayError;
      expect(error).toBeInstanceOf(AmazonPayError);
      expect(error).toMatchObject({ kind: 'amazon', code });
      expect(root().dataset.state).toBe('error');
      expect(root().dataset.errorCode).toBe(code);
      // Amazon shows its own message inside the widget; the kit adds no second alert.
      expect(root().textContent).toContain(`(${code})`);
      expect(screen.queryByRole('alert')).toBeNull();
    },
  );

  it('takes no action on ITP', async () => {
    simulate({ scriptedError: 'ITP' });
    const onError = vi.fn();
    renderWallet({ orderReferenceId: openOrder(), onError });
    await vi.waitFor(() => expect(root().dataset.state).toBe('ready'));
    expect(onError).not.toHaveBeenCalled();
  });

  it('reports an order reference Amazon does not know as InvalidOrderReferenceId', async () => {
    simulate();
    const onError = vi.fn();
    renderWallet({ orderReferenceId: 'S01-0000000-0000000', onError });
    await vi.waitFor(() =>
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'amazon', code: 'InvalidOrderReferenceId' })),
    );
  });

  it('refuses malformed ids with a clear error and a fallback, without binding or crashing', async () => {
    const sim = simulate();
    const onError = vi.fn();
    const view = renderWallet({ orderReferenceId: 'not-an-order', onError });
    expect(screen.getByRole('alert').textContent).toMatch(/cannot be shown/);
    expect(screen.queryByRole('button')).toBeNull();
    expect(root().dataset.state).toBe('error');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'validation', code: 'InvalidOrderReferenceId' }));

    view.rerender(<WalletWidget orderReferenceId={openOrder()} sellerId="lowercase" region="us" onError={onError} />);
    expect(onError).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'validation', code: 'InvalidSellerId' }));
    view.rerender(<WalletWidget orderReferenceId={openOrder()} sellerId={SELLER} onError={onError} />);
    expect(onError).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'validation', code: 'MissingParameter' }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sim.binds).toHaveLength(0);
  });

  it('logs to the console when no onError is given', async () => {
    simulate();
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    renderWallet({ orderReferenceId: '' });
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ code: 'InvalidOrderReferenceId' }));
  });
});
