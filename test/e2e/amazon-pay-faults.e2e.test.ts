import { describe, expect, it } from 'vitest';
import { openDemo, browserPerFile } from './harness';

const browser = browserPerFile();

describe('Pay with Amazon Pay, bad conditions', () => {
  it('shows the wallet fallback when Widgets.js is blocked, and the wallet after Try again', async () => {
    const page = await openDemo(browser(), '/amazon-pay?blockAmazon=1&decline=none');
    const alert = page.getByRole('alert').filter({ hasText: 'wallet could not be loaded' });
    await alert.waitFor();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('radio', { name: /Mastercard •••• 4444/ }).check();
    expect(await page.getByRole('button', { name: 'Place order' }).isEnabled()).toBe(true);
  });
});
