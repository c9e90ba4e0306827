import { describe, expect, it } from 'vitest';
import { installOfflineAmazonPay } from '../../src/testing/offline-amazon-pay';

describe('installOfflineAmazonPay on the server', () => {
  it('creates the backend and installs no script simulation, so a module calling it can be server-rendered', async () => {
    const offline = installOfflineAmazonPay();
    expect(offline.checkout).toBeNull();
    expect(offline.widgets).toBeNull();
    const order = offline.backend.createOrderReference({ amount: { amount: '10.00', currencyCode: 'EUR' } });
    expect(order.amazonOrderReferenceId).toMatch(/^S0\d-/);
    expect(() => offline.uninstall()).not.toThrow();
  });
});
