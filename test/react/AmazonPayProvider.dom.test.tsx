import { render, renderHook, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createSandboxBackend } from '../../src/testing/sandbox-backend';
import { AmazonPayProvider, useAmazonPay } from '../../src/react/AmazonPayProvider';

describe('AmazonPayProvider', () => {
  it('gives hooks the backend, region config and locale', () => {
    const backend = createSandboxBackend();
    const { result } = renderHook(() => useAmazonPay(), {
      wrapper: ({ children }) => (
        <AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="de" locale="de-DE" sandbox>
          {children}
        </AmazonPayProvider>
      ),
    });
    expect(result.current).toMatchObject({ backend, region: 'de', sandbox: true, locale: 'de-DE' });
    expect(result.current.regionConfig.ledgerCurrency).toBe('EUR');
  });

  it('fails with a clear error outside the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(() => useAmazonPay('useDeclineHandler'))).toThrow(/useDeclineHandler must be used inside <AmazonPayProvider>/);
  });

  it('rejects a missing backend, a bad seller id and an unknown region', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const backend = createSandboxBackend();
    // @ts-expect-error testing bad input
    expect(() => render(<AmazonPayProvider sellerId="A1B2C3D4E5F6G7" region="us" />)).toThrow(/needs a `backend`/);
    expect(() => render(<AmazonPayProvider backend={backend} sellerId="nope" region="us" />)).toThrow(/not an Amazon Pay merchant id/);
    // @ts-expect-error testing bad input
    expect(() => render(<AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="mars" />)).toThrow(
      /Unknown Amazon Pay region/,
    );
  });

  it('renders its children', () => {
    render(
      <AmazonPayProvider backend={createSandboxBackend()} sellerId="A1B2C3D4E5F6G7" region="us">
        <p>checkout</p>
      </AmazonPayProvider>,
    );
    expect(screen.getByText('checkout')).toBeTruthy();
  });
});
