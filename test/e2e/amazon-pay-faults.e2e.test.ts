import { describe, expect, it } from 'vitest';
import { declineScreen, demoInBrowser } from './harness';

const openDemo = demoInBrowser();

describe.concurrent('Pay with Amazon Pay, bad conditions', () => {
  it('shows the wallet fallback when Widgets.js is blocked, and the wallet after Try again', async (test) => {
    const page = await openDemo(test, '/amazon-pay?blockAmazon=1&decline=none&latency=50');
    const alert = page.getByRole('alert').filter({ hasText: 'wallet could not be loaded' });
    await alert.waitFor();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('radio', { name: /Mastercard •••• 4444/ }).check();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { name: 'Thank you, your order is confirmed' }).waitFor();
  });

  it('an HTTP 500 from the backend shows "try again", and Try again completes the order', async (test) => {
    const page = await openDemo(test, '/amazon-pay?decline=none&latency=50');
    await page.getByRole('radio', { name: /Visa •••• 1111/ }).waitFor();
    await page.getByLabel('Fail the next call with HTTP 500').selectOption('authorize');
    await page.getByRole('button', { name: 'Arm fault' }).click();
    await page.getByRole('button', { name: 'Place order' }).click();
    const alert = declineScreen(page).filter({ hasText: 'We could not reach the payment service' });
    await alert.waitFor();
    expect(await page.getByTestId('server-log').textContent()).toContain('500 InternalServerError');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Thank you, your order is confirmed' }).waitFor();
  });

  it('a slow backend (8 s per call) shows progress while it waits, and the buyer still finishes', async (test) => {
    // No time limit on the progress itself (a loaded machine may take seconds to paint it): the slow call leaves it
    // on screen long enough to be seen before the answer, and the answer replaces it.
    const page = await openDemo(test, '/amazon-pay?decline=none&latency=8000');
    await page.getByRole('radio', { name: /Visa •••• 1111/ }).waitFor();
    await page.getByRole('button', { name: 'Place order' }).click();
    await declineScreen(page).filter({ hasText: 'Processing your payment' }).waitFor();
    await page.getByRole('heading', { name: 'Thank you, your order is confirmed' }).waitFor();
  });
});
