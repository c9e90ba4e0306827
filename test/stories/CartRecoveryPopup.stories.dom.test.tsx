import { composeStories } from '@storybook/react-vite';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import * as buttonStories from '../../stories/AmazonPayButton.stories';
import * as stories from '../../stories/CartRecoveryPopup.stories';
import { runStory, unmountLastStory } from '../support/run-story';

const { Germany, Japan, FullJourney } = composeStories(stories);
const { ScriptBlocked } = composeStories(buttonStories);
afterEach(unmountLastStory);

describe('CartRecoveryPopup stories (offline, simulated checkout.js)', () => {
  it('Germany shows the German texts', async () => {
    await runStory(Germany);
    expect(await screen.findByRole('dialog', { name: 'Möchten Sie stattdessen mit Amazon Pay bezahlen?' })).toBeTruthy();
  });

  it('Japan shows the Japanese texts', async () => {
    await runStory(Japan);
    expect(await screen.findByRole('dialog', { name: '代わりにAmazon Payをご利用になりますか？' })).toBeTruthy();
  });

  it('FullJourney goes from the pop-up to the return page, completed', async () => {
    await runStory(FullJourney);
    const popup = await screen.findByRole('dialog', { name: 'How about paying with Amazon Pay instead?' }, { timeout: 3000 });
    fireEvent.click(await within(popup).findByRole('button', { name: 'Amazon Pay' }, { timeout: 3000 }));
    const hosted = await screen.findByRole('dialog', { name: /amazon pay checkout/i }, { timeout: 5000 });
    fireEvent.click(within(hosted).getByRole('button', { name: 'Pay now' }));
    await waitFor(() => expect(document.querySelector('[data-status="completed"]')).not.toBeNull(), { timeout: 5000 });
  });

  it('AmazonPayButton ScriptBlocked recovers with Try again', async () => {
    await runStory(ScriptBlocked);
    fireEvent.click(await screen.findByRole('button', { name: 'Try again' }, { timeout: 2000 }));
    expect(await screen.findByRole('button', { name: 'Amazon Pay' }, { timeout: 2000 })).toBeTruthy();
  });
});
