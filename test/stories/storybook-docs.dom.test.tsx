import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeStories } from '@storybook/react-vite';
import { describe, expect, it } from 'vitest';
import { STORY_ONLY } from '../../.storybook/decorators';
import * as buttonStories from '../../stories/AmazonPayButton.stories';
import * as declineStories from '../../stories/DeclineRecovery.stories';
import * as themingStories from '../../stories/Theming.stories';
import * as walletStories from '../../stories/WalletWidget.stories';
import { APPEARANCE_VARIABLE_NAMES } from '../../src/browser/appearance';

const read = (path: string): string => readFileSync(resolve(__dirname, '../..', path), 'utf8');

/** The token names of docs/theming.md's token table (rows "| `name` | `--arp-…` | …"). */
function documentedTokens(): string[] {
  return [...read('docs/theming.md').matchAll(/^\| `(\w+)` \| `--arp-[\w-]+` \|/gm)].map((match) => match[1]!);
}

describe('Storybook: the Theming docs page', () => {
  const mdx = read('stories/Theming.mdx');

  it('exists as "Theming/Design tokens" and its table has a row per exported token, with property, presets and use', () => {
    expect(mdx).toMatch(/<Meta title="Theming\/Design tokens" \/>/);
    // The rows are generated from the kit's own token list, so a token added to appearance.ts is listed.
    expect(mdx).toMatch(/import \{[^}]*\bAPPEARANCE_VARIABLE_NAMES\b[^}]*\} from '\.\.\/src\/browser\/appearance'/);
    expect(mdx).toMatch(/\{APPEARANCE_VARIABLE_NAMES\.map\(\(name\) => \(/);
    for (const cell of [
      'appearanceVariableToCssProperty(name)',
      'LIGHT_APPEARANCE[name]',
      'DARK_APPEARANCE[name]',
      'ThemingStories.TOKEN_USES[name]',
    ])
      expect(mdx).toContain(cell);
    // What each token styles: one non-empty line per token, no stale ones.
    expect(Object.keys(themingStories.TOKEN_USES).sort()).toEqual([...APPEARANCE_VARIABLE_NAMES].sort());
    for (const name of APPEARANCE_VARIABLE_NAMES) expect(themingStories.TOKEN_USES[name].trim(), name).not.toBe('');
  });

  it('lists the same tokens as docs/theming.md', () => {
    expect(documentedTokens().sort()).toEqual([...APPEARANCE_VARIABLE_NAMES].sort());
  });

  it('shows the real pop-up and decline screen with a live control for every token', () => {
    for (const story of ['Popup', 'DeclineScreen']) {
      expect(mdx).toContain(`<Canvas of={ThemingStories.${story}} />`);
      expect(mdx).toContain(`<Controls of={ThemingStories.${story}} />`);
    }
    const { Popup, DeclineScreen } = composeStories(themingStories);
    for (const story of [Popup, DeclineScreen]) {
      for (const name of APPEARANCE_VARIABLE_NAMES) {
        const argType = story.argTypes[name];
        expect(argType?.control, `${story.storyName}: ${name}`).toBeTruthy();
        expect(argType?.table?.disable, `${story.storyName}: ${name}`).not.toBe(true);
      }
    }
  });
});

describe('Storybook: story-only args stay out of the props tables', () => {
  it('STORY_ONLY disables the props-table row', () => {
    expect(STORY_ONLY).toEqual({ table: { disable: true } });
  });

  // Args that drive the story's simulation, not props of the component.
  const storyOnly = [
    ['WalletWidget', ['scenario'], composeStories(walletStories)],
    ['DeclineRecovery', ['simulation', 'backendError', 'maxReauthorizations'], composeStories(declineStories)],
    ['AmazonPayButton', ['checkoutJs'], composeStories(buttonStories)],
    ['Theming', ['screen'], composeStories(themingStories)],
  ] as const;

  it.each(storyOnly)('%s: every story hides %j', (_component, args, stories) => {
    const all = Object.values(stories);
    expect(all.length).toBeGreaterThan(0);
    for (const story of all) {
      for (const arg of args) expect(story.argTypes[arg]?.table?.disable, `${story.storyName}: ${arg}`).toBe(true);
    }
  });
});
