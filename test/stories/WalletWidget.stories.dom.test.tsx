import { composeStories } from '@storybook/react-vite';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import * as stories from '../../stories/WalletWidget.stories';
import { runStory, unmountLastStory } from '../support/run-story';

const { Ready, DeclinedMethod, ScriptLoadFailure, AmazonError } = composeStories(stories);
afterEach(unmountLastStory);

describe('WalletWidget stories (offline, simulated Widgets.js)', () => {
  it('Ready shows the wallet', async () => {
    await runStory(Ready);
    expect(await screen.findByRole('radiogroup', {}, { timeout: 2000 })).toBeTruthy();
  });

  it('DeclinedMethod marks the declined method', async () => {
    await runStory(DeclinedMethod);
    expect(await screen.findByText('Declined', {}, { timeout: 2000 })).toBeTruthy();
  });

  it('ScriptLoadFailure shows the fallback, and Try again recovers', async () => {
    await runStory(ScriptLoadFailure);
    fireEvent.click(await screen.findByRole('button', { name: 'Try again' }, { timeout: 2000 }));
    expect(await screen.findByRole('radiogroup', {}, { timeout: 2000 })).toBeTruthy();
  });

  it('AmazonError reports the code', async () => {
    await runStory(AmazonError);
    await waitFor(() => expect(document.querySelector('.arp-wallet')?.getAttribute('data-error-code')).toBe('BuyerSessionExpired'), {
      timeout: 2000,
    });
  });
});
