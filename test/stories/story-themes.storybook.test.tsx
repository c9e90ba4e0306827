import { composeStories, setProjectAnnotations } from '@storybook/react-vite';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import preview from '../../.storybook/preview';
import * as buttonStories from '../../stories/AmazonPayButton.stories';
import * as popupStories from '../../stories/CartRecoveryPopup.stories';
import * as declineStories from '../../stories/DeclineRecovery.stories';
import * as walletStories from '../../stories/WalletWidget.stories';
import { computedColor, contrast } from '../support/css-colors';

/** The Theme toolbar (the `theme` global) on stories of every component: light and dark must differ, and dark must be dark. */
setProjectAnnotations(preview);

type Composed = { run: (context?: { canvasElement?: HTMLElement; globals?: Record<string, unknown> }) => Promise<void> };
const { Approved } = composeStories(declineStories) as unknown as Record<string, Composed>;
const { Ready } = composeStories(walletStories) as unknown as Record<string, Composed>;
const { Gold } = composeStories(buttonStories) as unknown as Record<string, Composed>;
const { UnitedKingdom } = composeStories(popupStories) as unknown as Record<string, Composed>;

let canvasElement: HTMLElement | undefined;
afterEach(() => {
  canvasElement?.remove();
});

/** Background and text colour of the element the story themes, after its play function. */
async function coloursOf(
  story: Composed,
  theme: string,
  select: () => Element | null,
): Promise<{ background: string; color: string; font: string }> {
  canvasElement?.remove();
  canvasElement = document.createElement('div');
  document.body.append(canvasElement);
  await story.run({ canvasElement, globals: { locale: 'en-US', theme } });
  await expect.poll(select).not.toBeNull();
  const style = getComputedStyle(select()!);
  return { background: style.backgroundColor, color: style.color, font: style.fontFamily };
}

const BLACKISH = computedColor('#1b1f23');

describe.each([
  [
    'DeclineRecovery Approved',
    Approved!,
    () => document.querySelector('.arp-decline')?.closest('.arp-story-surface') ?? document.querySelector('.arp-story-surface'),
  ],
  ['WalletWidget Ready', Ready!, () => document.querySelector('.arp-story-surface')],
  ['AmazonPayButton Gold', Gold!, () => document.querySelector('.arp-story-surface')],
  ['CartRecoveryPopup UnitedKingdom', UnitedKingdom!, () => document.querySelector('dialog.arp-popup[open]')],
] as const)('%s under the Theme toolbar', (_name, story, select) => {
  it('renders dark in dark and light in light, in the kit’s font', async () => {
    const light = await coloursOf(story, 'light', select);
    const dark = await coloursOf(story, 'dark', select);
    expect(dark.background).not.toBe(light.background);
    expect(dark.color).not.toBe(light.color);
    expect(dark.background).toBe(BLACKISH);
    expect(contrast(dark.background, computedColor('#000'))).toBeLessThan(1.5);
    expect(contrast(light.background, computedColor('#fff'))).toBeLessThan(1.1);
    expect(contrast(dark.color, dark.background)).toBeGreaterThanOrEqual(7);
    // The font token, never the browser's default serif.
    expect(light.font).toMatch(/system-ui/);
  });
});

describe('stories at 320 px', () => {
  const { HardDeclineChoosing, RetryBudgetSpent } = composeStories(declineStories) as unknown as Record<string, Composed>;
  const { DeclinedMethod } = composeStories(walletStories) as unknown as Record<string, Composed>;

  it.each([
    ['DeclineRecovery HardDeclineChoosing', HardDeclineChoosing!],
    ['DeclineRecovery RetryBudgetSpent', RetryBudgetSpent!],
    ['WalletWidget DeclinedMethod', DeclinedMethod!],
  ] as const)('%s fits without clipping, the wallet shows its last row', async (_name, story) => {
    await page.viewport(320, 700);
    try {
      canvasElement?.remove();
      canvasElement = document.createElement('div');
      document.body.append(canvasElement);
      await story.run({ canvasElement, globals: { locale: 'en-US', theme: 'light' } });
      expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(320);
      // Everything stays inside the story's column (no min-width pushes past it) and the viewport.
      const column = canvasElement.querySelector('.arp-story-column')!.getBoundingClientRect();
      for (const element of canvasElement.querySelectorAll<HTMLElement>('.arp-decline, .arp-decline__message, .arp-wallet, button')) {
        expect(element.getBoundingClientRect().right, element.className).toBeLessThanOrEqual(Math.min(320, column.right + 1));
      }
      const wallet =
        story === RetryBudgetSpent
          ? null
          : await expect
              .poll(() => canvasElement!.querySelector<HTMLElement>('.arp-sim-wallet'))
              .not.toBeNull()
              .then(() => canvasElement!.querySelector<HTMLElement>('.arp-sim-wallet'));
      if (wallet) {
        const methods = wallet.querySelectorAll('.arp-sim-wallet__method');
        expect(methods.length).toBe(5);
        expect(methods[methods.length - 1]!.getBoundingClientRect().bottom).toBeLessThanOrEqual(wallet.getBoundingClientRect().bottom);
        expect(wallet.scrollHeight).toBeLessThanOrEqual(wallet.clientHeight);
        // The wallet's area holds all of it: nothing under it (Place order) covers its last lines.
        const next = canvasElement.querySelector('.arp-decline__actions');
        const walletArea = wallet.closest('.arp-wallet')!.getBoundingClientRect();
        expect(wallet.getBoundingClientRect().bottom).toBeLessThanOrEqual(walletArea.bottom + 1);
        if (next) expect(walletArea.bottom).toBeLessThanOrEqual(next.getBoundingClientRect().top);
      }
    } finally {
      await page.viewport(1000, 800);
    }
  });
});
