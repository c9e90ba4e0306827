import { describe, expect, it } from 'vitest';
import { loadAmazonCheckout } from '../../src/browser/script-loader';
import { loadAmazonWidgets } from '../../src/browser/widgets-script-loader';

describe('script loader on the server', () => {
  it('imports and rejects with NoDocument without touching window', async () => {
    expect(typeof window).toBe('undefined');
    await expect(loadAmazonWidgets({ region: 'us', sandbox: true })).rejects.toMatchObject({ kind: 'script', code: 'NoDocument' });
    await expect(loadAmazonCheckout({ region: 'eu' })).rejects.toMatchObject({ kind: 'script', code: 'NoDocument' });
  });
});
