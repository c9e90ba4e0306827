import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Money } from '../../src/domain/types';

// The test setup preloads the decline machine (test/support/preload-lazy-parts.ts); here a fresh
// module graph starts without it, as a page does: the hook shows the machine's first state at once
// and the buyer's actions wait for the machine's code, fetched when the flow starts.
const amount: Money = { amount: '19.99', currencyCode: 'EUR' };

async function freshKit() {
  vi.resetModules();
  const [{ AmazonPayProvider }, { useDeclineHandler }, { createSandboxBackend }, { lazyMachineFlow }] = await Promise.all([
    import('../../src/react/AmazonPayProvider'),
    import('../../src/react/useDeclineHandler'),
    import('../../src/testing/sandbox-backend'),
    import('../../src/react/internal/lazy-machine-flow'),
  ]);
  const backend = createSandboxBackend();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="de" locale="en-GB" sandbox>
      {children}
    </AmazonPayProvider>
  );
  return { useDeclineHandler, backend, wrapper, lazyMachineFlow };
}

describe('useDeclineHandler before the decline machine has arrived', () => {
  beforeEach(() => vi.useRealTimers());

  it('is idle at once, and a Place order clicked before the machine arrives authorizes once it has', async () => {
    const { useDeclineHandler, backend, wrapper, lazyMachineFlow } = await freshKit();
    expect(lazyMachineFlow.get()).toBeUndefined();
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    const { result } = renderHook(() => useDeclineHandler({ orderReferenceId: amazonOrderReferenceId, amount, mode: 'sync' }), { wrapper });
    expect(result.current.state.status).toBe('idle');
    expect(result.current.canCancel).toBe(false);
    act(() => result.current.authorize());
    await vi.waitFor(() => expect(result.current.state.status).toBe('approved'));
    expect(backend.calls.filter((call) => call.method === 'authorize')).toHaveLength(1);
  });

  it('an invalid order reference id is the machine’s error state from the first render', async () => {
    const { useDeclineHandler, wrapper } = await freshKit();
    const { result } = renderHook(() => useDeclineHandler({ orderReferenceId: 'bogus', amount, mode: 'sync' }), { wrapper });
    expect(result.current.state).toMatchObject({ status: 'error', error: { kind: 'validation', code: 'InvalidOrderReferenceId' } });
  });

  it('a result passed as initialAuthorization is being read (authorizing) until the machine continues from it', async () => {
    const { useDeclineHandler, backend, wrapper } = await freshKit();
    const { amazonOrderReferenceId } = backend.createOrderReference({ amount });
    const authorization = await backend.authorize({ amazonOrderReferenceId, authorizationReferenceId: 'merchant-1', amount, mode: 'sync' });
    const { result } = renderHook(
      () => useDeclineHandler({ orderReferenceId: amazonOrderReferenceId, amount, mode: 'sync', initialAuthorization: authorization }),
      { wrapper },
    );
    expect(result.current.state.status).toBe('authorizing');
    expect(result.current.canCancel).toBe(false);
    await vi.waitFor(() => expect(result.current.state.status).toBe('approved'));
  });
});
