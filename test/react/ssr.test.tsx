// @vitest-environment node
import { version } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createSandboxBackend } from '../../src/adapters/sandbox-backend';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import { WalletWidget } from '../../src/react/WalletWidget';

const ORDER_REFERENCE_ID = 'S01-1234567-1234567';

function Kit({ children }: { children: React.ReactNode }) {
  return (
    <AmazonPayProvider backend={createSandboxBackend()} sellerId="A2DEMOSTORE01" region="uk" sandbox locale="en-GB">
      {children}
    </AmazonPayProvider>
  );
}

describe(`server rendering on React ${version}`, () => {
  it('runs with no DOM at all', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('renders the wallet as a loading placeholder, loading no script on the server', () => {
    const html = renderToString(
      <Kit>
        <WalletWidget orderReferenceId={ORDER_REFERENCE_ID} />
      </Kit>,
    );
    expect(html).toContain('class="arp-wallet"');
    expect(html).toContain('data-state="loading"');
    expect(html).not.toContain('<script');
  });
});
