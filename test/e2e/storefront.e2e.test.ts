import { describe, expect, it } from 'vitest';
import { openDemo, browserPerFile } from './harness';

const browser = browserPerFile();

describe('storefront', () => {
  it('shows the basket and takes an approved card straight to the confirmation', async () => {
    const page = await openDemo(browser(), '/?card=approve');
    await page.getByRole('heading', { name: 'Your basket' }).waitFor();
    expect(await page.getByTestId('cart-total').textContent()).toBe('£74.90');
    await page.getByRole('link', { name: 'Checkout with card' }).click();
    await page.getByRole('button', { name: 'Pay £74.90' }).click();
    await page.getByRole('heading', { name: /thank you/i }).waitFor();
  });
});
