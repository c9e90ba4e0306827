import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { WalletWidget } from '../../src/react/WalletWidget';

describe('WalletWidget on the server', () => {
  it('renders a loading placeholder without touching window', () => {
    const html = renderToString(<WalletWidget orderReferenceId="S01-1234567-1234567" sellerId="A1B2C3D4E5F6G7" region="us" />);
    expect(html).toContain('data-state="loading"');
    expect(html).toContain('class="arp-wallet"');
  });
});
