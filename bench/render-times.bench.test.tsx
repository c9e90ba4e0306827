// `npm run bench`: render time of each component, measured with React's Profiler (jsdom, so
// relative figures: compare runs on the same machine, not with a real browser).
import { act, render } from '@testing-library/react';
import { Profiler, type ReactElement } from 'react';
import { it } from 'vitest';
import { createSandboxBackend } from '../src/testing/sandbox-backend';
import { AmazonPayButton } from '../src/react/AmazonPayButton';
import { AmazonPayProvider } from '../src/react/AmazonPayProvider';
import { CartRecoveryPopup } from '../src/react/CartRecoveryPopup';
import { DeclineRecovery } from '../src/react/DeclineRecovery';
import { WalletWidget } from '../src/react/WalletWidget';
import { installSimulatedAmazonCheckout } from '../src/testing/simulated-checkout';
import { installSimulatedAmazonWidgets } from '../src/testing/simulated-widgets';
import { report } from './report';

const amount = { amount: '10.00', currencyCode: 'EUR' } as const;
const RUNS = 50;

export async function profile(name: string, element: () => ReactElement): Promise<readonly [string, string, string]> {
  const durations: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { unmount } = render(
      <Profiler
        id={name}
        onRender={(_id, phase, actual) => {
          if (phase === 'mount') durations.push(actual);
        }}
      >
        {element()}
      </Profiler>,
    );
    await act(async () => {});
    unmount();
  }
  durations.sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)]!;
  const p95 = durations[Math.floor(durations.length * 0.95)]!;
  return [name, median.toFixed(3), `p95 ${p95.toFixed(3)} ms over ${RUNS} mounts`];
}

it('render time per component (React Profiler, mount, ms)', async () => {
  const backend = createSandboxBackend();
  const uninstall = installSimulatedAmazonWidgets({ backend });
  const uninstallCheckout = installSimulatedAmazonCheckout({ backend, navigate: () => undefined });
  const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
  const withProvider = (child: ReactElement) => (
    <AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="eu" publicKeyId="SANDBOX-KIT-PUBLIC-KEY" sandbox>
      {child}
    </AmazonPayProvider>
  );
  const rows = [
    await profile('AmazonPayProvider', () => withProvider(<p>page</p>)),
    await profile('WalletWidget', () => withProvider(<WalletWidget orderReferenceId={amazonOrderReferenceId} />)),
    await profile('CartRecoveryPopup (open at once)', () =>
      withProvider(
        <CartRecoveryPopup
          fadeIn={0}
          productType="PayOnly"
          amount="10.00"
          currency="EUR"
          checkoutResultReturnUrl="https://shop.example/return"
          rememberDismissal="none"
        />,
      ),
    ),
    await profile('AmazonPayButton', () =>
      withProvider(
        <AmazonPayButton
          amount="10.00"
          currency="EUR"
          productType="PayOnly"
          checkoutResultReturnUrl="https://shop.example/return"
          onError={() => {}}
        />,
      ),
    ),
    await profile('DeclineRecovery (idle)', () =>
      withProvider(<DeclineRecovery orderReferenceId={amazonOrderReferenceId} amount={amount} mode="sync" />),
    ),
  ];
  report('Render time per component (median ms of the mount commit, jsdom)', rows);
  uninstall();
  uninstallCheckout();
});
