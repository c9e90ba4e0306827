// `npm run bench`: WalletWidget binds and remounts across 100 parent re-renders (target: 1 bind, 0 remounts).
import { act, render } from '@testing-library/react';
import { Profiler, useState } from 'react';
import { it } from 'vitest';
import { createSandboxBackend } from '../src/testing/sandbox-backend';
import { AmazonPayProvider } from '../src/react/AmazonPayProvider';
import { WalletWidget } from '../src/react/WalletWidget';
import { installSimulatedAmazonWidgets } from '../src/testing/simulated-widgets';
import { report } from './report';

it('WalletWidget: binds and remounts across 100 parent re-renders', async () => {
  const backend = createSandboxBackend();
  const simulated = installSimulatedAmazonWidgets({ backend });
  const { amazonOrderReferenceId } = backend.createOrderReference({ amount: { amount: '10.00', currencyCode: 'EUR' } });
  let mounts = 0;
  let rerender: () => void = () => {};
  function Parent() {
    const [count, setCount] = useState(0);
    rerender = () => setCount((c) => c + 1);
    return (
      <Profiler
        id="wallet"
        onRender={(_id, phase) => {
          if (phase === 'mount') mounts += 1;
        }}
      >
        <p>{count}</p>
        <WalletWidget orderReferenceId={amazonOrderReferenceId} onPaymentSelect={() => count} onReady={() => count} />
      </Profiler>
    );
  }
  render(
    <AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="eu" sandbox>
      <Parent />
    </AmazonPayProvider>,
  );
  await act(async () => {});
  const started = performance.now();
  for (let i = 0; i < 100; i++) act(() => rerender());
  const elapsed = performance.now() - started;
  await act(async () => {});
  report('WalletWidget, 100 parent re-renders with new callback identities', [
    ['binds', simulated.binds.length, 'target 1'],
    ['remounts', mounts - 1, 'target 0'],
    ['time for 100 re-renders (ms, jsdom)', elapsed.toFixed(1), ''],
  ]);
  simulated();
});
