import { describe, expect, it } from 'vitest';
import { demoInBrowser } from './harness';

const openDemo = demoInBrowser();

describe('storefront', () => {
  it('shows the basket and takes an approved card straight to the confirmation', async (test) => {
    const page = await openDemo(test, '/?card=approve');
    await page.getByRole('heading', { name: 'Your basket' }).waitFor();
    expect(await page.getByTestId('cart-total').textContent()).toBe('£74.90');
    await page.getByRole('link', { name: 'Checkout with card' }).click();
    await page.getByRole('button', { name: 'Pay £74.90' }).click();
    await page.getByRole('heading', { name: /thank you/i }).waitFor();
  });
});
