import type { Page } from 'playwright-core';
import { describe, expect, it, type TestContext } from 'vitest';
import { recordDialogFocus, takeDialogFocusEvents } from '../support/record-dialog-focus';
import { demoInBrowser, type OpenOptions } from './harness';

const openDemo = demoInBrowser();
const POPUP_TITLE = 'How about paying with Amazon Pay instead?';

/** Card checkout with the test panel's "decline every card": returns when the merchant's decline message shows. */
async function declineCard(test: TestContext, query: string, options?: OpenOptions): Promise<Page> {
  const page = await openDemo(test, `/checkout?${query}`, options);
  await page.getByLabel('Address line 1').fill('221B Baker Street');
  await page.getByRole('button', { name: 'Pay £74.90' }).click();
  await page.getByTestId('card-declined').waitFor();
  expect(await page.getByTestId('card-declined').textContent()).toContain('Your card was declined');
  return page;
}

async function amazonButton(page: Page) {
  const dialog = page.getByRole('dialog', { name: POPUP_TITLE });
  await dialog.waitFor();
  return dialog.getByRole('button', { name: 'Amazon Pay' });
}

describe.concurrent('card decline, then the Cart Recovery pop-up', () => {
  it('pop-up after fadeIn -> Amazon page with the carried-over address -> MFA -> confirmation, completed once (a reload does not charge again)', async (test) => {
    // fadeIn 5 s on the page's clock, which jumps instead of the test waiting: still hidden 1.5 s after the test noticed
    // the decline (a loaded machine notices it late: the pop-up's 5 s started when the decline rendered), shown 5.1 s on.
    const page = await declineCard(test, 'fadeIn=5&latency=50', { clock: true });
    const dialog = page.getByRole('dialog', { name: POPUP_TITLE });
    await page.clock.fastForward(1500);
    expect(await dialog.isVisible()).toBe(false);
    await page.clock.fastForward(3600);
    await dialog.waitFor();

    await (await amazonButton(page)).click();
    const hosted = page.getByRole('dialog', { name: 'Amazon Pay checkout (simulated)' });
    await hosted.waitFor();
    const address = await hosted.getByRole('group', { name: 'Shipping address' }).or(hosted.getByLabel('Shipping address')).textContent();
    expect(address).toContain('221B Baker Street');
    expect(address).toContain('SW1Y 4JH');
    expect(await hosted.textContent()).toContain('74.90 GBP');

    await hosted.getByRole('radio', { name: /Mastercard •••• 4444/ }).check();
    await hosted.getByRole('button', { name: 'Pay now' }).click();
    await hosted.getByLabel('Verification code').fill('000000');
    await hosted.getByRole('button', { name: 'Verify' }).click();
    await hosted.getByText('The verification code is wrong').waitFor();
    await hosted.getByLabel('Verification code').fill('123456');
    await hosted.getByRole('button', { name: 'Verify' }).click();

    await page.getByRole('heading', { name: 'Thank you, your order is confirmed' }).waitFor();
    expect(page.url()).toMatch(/\/confirmation\?amazonCheckoutSessionId=[0-9a-f-]{36}$/);
    const chargeId = await page.getByTestId('charge-id').textContent();
    expect(chargeId).toMatch(/^S01-/);
    expect(await page.getByTestId('charge-count').textContent()).toBe('1');
    expect(await page.getByTestId('server-log').getByText('completeCheckoutSession').count()).toBe(1);

    await page.reload();
    await page.getByRole('heading', { name: 'Thank you, your order is confirmed' }).waitFor();
    expect(await page.getByTestId('charge-id').textContent()).toBe(chargeId);
    expect(await page.getByTestId('charge-count').textContent()).toBe('1');
    expect(await page.getByTestId('server-log').getByText('completeCheckoutSession').count()).toBe(0);
  });

  it('the Pay button dropped focus to <body>: closing the pop-up puts focus on the checkout heading, not <body>', async (test) => {
    // fadeIn 1 s: the pop-up opens when the heading already had focus once (made focusable with tabindex -1);
    // closing must give it back to the heading, not to the first field after it.
    const page = await declineCard(test, 'fadeIn=1&latency=50');
    const dialog = page.getByRole('dialog', { name: POPUP_TITLE });
    await dialog.waitFor();
    // The card was declined: the pop-up says why, as the modal dialog (focus was not in a field).
    await dialog.getByText('Something went wrong with your payment.').waitFor();
    expect(await dialog.getAttribute('data-presentation')).toBe('modal');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(
      await page.evaluate(() => ({ tag: document.activeElement?.tagName, text: document.activeElement?.textContent?.trim() })),
    ).toEqual({ tag: 'H1', text: 'Checkout' });
  });

  it('the pop-up opens once and closes once, moving focus once each way', async (test) => {
    const page = await declineCard(test, 'fadeIn=3&latency=50');
    // Recorded from before the pop-up opens: what a screen reader follows.
    await page.evaluate(recordDialogFocus);
    const dialog = page.getByRole('dialog', { name: POPUP_TITLE });
    await dialog.waitFor();
    await (await amazonButton(page)).waitFor();
    // Long enough for a close-and-show-again after opening (lazy parts settling, an effect run twice).
    await page.waitForTimeout(500);
    const events = () => page.evaluate(takeDialogFocusEvents);
    // Straight to the title: not the close button first, never out to the page and back.
    expect(await events()).toEqual(['showModal', `focus h2 ${POPUP_TITLE}`]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await events()).toEqual(['close', 'focus h1 Checkout']);
  });

  it('canceling on the Amazon page returns to the checkout with nothing charged', async (test) => {
    const page = await declineCard(test, 'fadeIn=0&latency=50');
    await (await amazonButton(page)).click();
    await page.getByRole('button', { name: 'Cancel and return to the shop' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    expect(page.url()).toContain('/checkout?amazonCheckoutSessionId=');
    expect(await page.getByTestId('charge-count').textContent()).toBe('0');
  });

  it('a blocked checkout.js shows the button fallback; Try again brings the button and the buyer pays', async (test) => {
    const page = await declineCard(test, 'fadeIn=1&latency=50&blockAmazon=1');
    const dialog = page.getByRole('dialog', { name: POPUP_TITLE });
    await dialog.getByText('The Amazon Pay button could not be loaded').waitFor();
    await dialog.getByRole('button', { name: 'Try again' }).click();
    await dialog.getByRole('button', { name: 'Amazon Pay' }).click();
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.getByRole('heading', { name: 'Thank you, your order is confirmed' }).waitFor();
  });

  it('an HTTP 500 when the button asks the server to sign shows an error in the pop-up; the next click works', async (test) => {
    const page = await declineCard(test, 'fadeIn=0&latency=50&fault=signCheckoutSessionPayload');
    const button = await amazonButton(page);
    await button.click();
    await page.getByRole('dialog', { name: POPUP_TITLE }).getByRole('alert').filter({ hasText: 'could not start the checkout' }).waitFor();
    await button.click();
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.getByRole('heading', { name: 'Thank you, your order is confirmed' }).waitFor();
  });

  it('an HTTP 500 when the return page completes the session shows Try again, which completes it (one charge)', async (test) => {
    const page = await declineCard(test, 'fadeIn=0&latency=50&fault=completeCheckoutSession');
    await (await amazonButton(page)).click();
    await page.getByRole('button', { name: 'Pay now' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The payment service did not answer' });
    await alert.waitFor();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Thank you, your order is confirmed' }).waitFor();
    expect(await page.getByTestId('charge-count').textContent()).toBe('1');
  });

  it('a slow server (2.5 s per call) still completes, with progress on the confirmation page', async (test) => {
    const page = await declineCard(test, 'fadeIn=0&latency=2500');
    await (await amazonButton(page)).click();
    await page.getByRole('button', { name: 'Pay now' }).click({ timeout: 8000 });
    await page.getByRole('status').filter({ hasText: 'Completing your Amazon Pay payment' }).waitFor();
    await page.getByRole('heading', { name: 'Thank you, your order is confirmed' }).waitFor();
  });
});
