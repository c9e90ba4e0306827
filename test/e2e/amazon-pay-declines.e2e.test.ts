import type { Page } from 'playwright-core';
import { describe, expect, it, type TestContext } from 'vitest';
import { declineScreen, demoInBrowser, type OpenOptions } from './harness';

const openDemo = demoInBrowser();

/** Opens the Amazon Pay path with the test panel's decline and mode set by query flags, and places the order. */
async function placeOrder(test: TestContext, query: string, options?: OpenOptions): Promise<Page> {
  const page = await openDemo(test, `/amazon-pay?${query}&latency=50&retryDelay=1&asyncDelay=400`, options);
  await page.getByRole('radio', { name: /Visa •••• 1111/ }).waitFor();
  await page.getByRole('button', { name: 'Place order' }).click();
  return page;
}

/** The server log's authorize results, oldest first: durable, unlike the brief Pending and countdown states. */
async function authorizeLog(page: Page): Promise<string[]> {
  const entries = await page.getByTestId('server-log').locator('li').allTextContents();
  return entries.filter((entry) => entry.startsWith('authorize ')).reverse();
}

async function confirmed(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Thank you, your order is confirmed' }).waitFor();
  expect(await page.getByRole('status').filter({ hasText: 'Paid with Amazon Pay' }).textContent()).toMatch(
    /authorization S01-\d{7}-\d{7}-A\d{6}/,
  );
}

async function rebindWalletAndPay(page: Page): Promise<void> {
  const alert = declineScreen(page).filter({ hasText: 'Your payment method was declined.' });
  await alert.waitFor();
  // The wallet is bound again to the same order reference, the declined method marked.
  await page.getByRole('radio', { name: /Visa •••• 1111 Declined/ }).waitFor();
  expect(await page.getByRole('button', { name: 'Place order' }).isDisabled()).toBe(true);
  await page.getByRole('radio', { name: /Mastercard •••• 4444/ }).check();
  await page.getByRole('button', { name: 'Place order' }).click();
  await confirmed(page);
}

describe.concurrent('Pay with Amazon Pay: each decline reason code', () => {
  it('InvalidPaymentMethod, hard, sync: the wallet is re-bound, the buyer picks another method, approved', async (test) => {
    const page = await placeOrder(test, 'decline=InvalidPaymentMethod:hard&mode=sync');
    await rebindWalletAndPay(page);
  });

  it('InvalidPaymentMethod, hard, async: Pending, then the buyer is asked to update the method in their account; the update completes the order', async (test) => {
    const page = await placeOrder(test, 'decline=InvalidPaymentMethod:hard&mode=async');
    const alert = declineScreen(page).filter({ hasText: 'update your payment method in your Amazon Pay account' });
    await alert.waitFor();
    // The per-order page of this order reference (UK region).
    expect(await alert.getByRole('link').getAttribute('href')).toMatch(
      /^https:\/\/payments\.amazon\.co\.uk\/mn\/your-account\/apa\?action=renderOrderDetails&contractId=S01-\d{7}-\d{7}$/,
    );
    expect(await authorizeLog(page)).toEqual(['authorize Pending']);
    await page.getByRole('button', { name: 'Simulate: buyer updated the payment method' }).click();
    await confirmed(page);
    expect(await authorizeLog(page)).toEqual(['authorize Pending', 'authorize Pending']);
  });

  it('InvalidPaymentMethod, soft, sync: the retry is scheduled with a countdown and succeeds', async (test) => {
    const page = await placeOrder(test, 'decline=InvalidPaymentMethod:soft&mode=sync&retryDelay=3', { clock: true });
    await declineScreen(page)
      .filter({ hasText: /We will try again automatically in [1-3] s/ })
      .waitFor();
    // The countdown's 3 s on the page's clock: jumped over, not waited out.
    await page.clock.fastForward(3000);
    await confirmed(page);
    expect(await authorizeLog(page)).toEqual(['authorize Declined (InvalidPaymentMethod)', 'authorize Open']);
  });

  it('AmazonRejected: a final decline, no retry, the buyer is sent to another payment method', async (test) => {
    const page = await placeOrder(test, 'decline=AmazonRejected&mode=sync');
    await declineScreen(page).filter({ hasText: 'Please choose another payment method' }).waitFor();
    expect(await page.getByRole('button', { name: 'Place order' }).count()).toBe(0);
    await page.waitForTimeout(1500);
    expect(await page.getByTestId('server-log').getByText('authorize').count()).toBe(1);
  });

  it.for(['sync', 'async'])('ProcessingFailure (%s): retried after the delay and approved', async (mode, test) => {
    const page = await placeOrder(test, `decline=ProcessingFailure&mode=${mode}`);
    await confirmed(page);
    const [first, second] = await authorizeLog(page);
    expect([first, second]).toEqual(
      mode === 'sync' ? ['authorize Declined (ProcessingFailure)', 'authorize Open'] : ['authorize Pending', 'authorize Pending'],
    );
  });

  it('TransactionTimedOut, sync: re-sent in async mode, Pending, then approved', async (test) => {
    const page = await placeOrder(test, 'decline=TransactionTimedOut&mode=sync');
    await confirmed(page);
    expect(await authorizeLog(page)).toEqual(['authorize Declined (TransactionTimedOut)', 'authorize Pending']);
  });

  it('TransactionTimedOut, async (the timeout passed): a final decline, no retry, the buyer is sent to another payment method', async (test) => {
    const page = await placeOrder(test, 'decline=TransactionTimedOut&mode=async');
    await declineScreen(page).filter({ hasText: 'could not confirm your payment in time' }).waitFor();
    expect(await page.getByRole('button', { name: 'Place order' }).count()).toBe(0);
    expect(await authorizeLog(page)).toEqual(['authorize Pending']);
  });
});
