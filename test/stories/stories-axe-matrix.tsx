import { composeStories, setProjectAnnotations } from '@storybook/react-vite';
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import preview from '../../.storybook/preview';
import { SUPPORTED_LOCALES } from '../../src/i18n/i18n';
import * as buttonStories from '../../stories/AmazonPayButton.stories';
import * as popupStories from '../../stories/CartRecoveryPopup.stories';
import * as policyStories from '../../stories/DeclinePolicy.stories';
import * as declineStories from '../../stories/DeclineRecovery.stories';
import * as localeStories from '../../stories/Locale.stories';
import * as themingStories from '../../stories/Theming.stories';
import * as walletStories from '../../stories/WalletWidget.stories';
import * as reportStories from '../../stories/RecoveryReport.stories';

/**
 * Every story x the 6 locales x light and dark, with its play function (so the
 * decline states are reached), checked by axe-core with every rule the story
 * tests run: 0 violations of any impact. The storybook project's a11y addon checks
 * the default globals (en-US, light) story by story, after the same play and on the
 * whole page, so the matrix leaves that one pair out.
 *
 * The matrix is spread over three files (stories-axe.*.test.tsx), two locales each,
 * so that where the chromium project has more than one page (vitest runs cores - 1)
 * they run side by side: most of a story's time is simulated latency, not CPU.
 */
setProjectAnnotations(preview);

type Locale = (typeof SUPPORTED_LOCALES)[number];
const LOCALE_TAGS: Readonly<Record<Locale, string>> = { en: 'en-US', de: 'de-DE', fr: 'fr-FR', it: 'it-IT', es: 'es-ES', ja: 'ja-JP' };
const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];
const MODULES = { buttonStories, popupStories, policyStories, declineStories, localeStories, themingStories, walletStories, reportStories };

type Composed = {
  readonly id: string;
  readonly globals: Record<string, unknown>;
  run: (context?: { canvasElement?: HTMLElement; globals?: Record<string, unknown> }) => Promise<void>;
};
const stories = Object.values(MODULES).flatMap((module) => Object.values(composeStories(module as never) as Record<string, Composed>));

function describeViolations(violations: readonly axe.Result[]): string {
  return violations
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `  ${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n')}`,
    )
    .join('\n');
}

/**
 * False where the same page is checked elsewhere: a story that fixes its theme (Theming sets
 * 'none') looks the same in the dark row as in the light one, and the storybook project checks
 * every story in en-US with its default theme (light, or the one it fixes).
 */
function checkedHere(story: Composed, locale: string, theme: Theme): boolean {
  const fixesTheme = story.globals.theme === 'none';
  if (fixesTheme && theme !== 'light') return false;
  return !(locale === 'en-US' && (fixesTheme || theme === 'light'));
}

/** The matrix's rows for these locales (in one test file). */
export function describeStoriesAxeMatrix(locales: readonly Locale[]): void {
  let canvasElement: HTMLElement;
  beforeAll(() => {
    // Layout like the preview's canvas: the stories assume a page-sized surface.
    document.body.style.margin = '0';
  });
  afterAll(() => canvasElement?.remove());

  const rows = locales
    .flatMap((locale) => THEMES.map((theme) => [LOCALE_TAGS[locale], theme] as const))
    .map(([locale, theme]) => ({ locale, theme, cases: stories.filter((story) => checkedHere(story, locale, theme)) }));
  describe.each(rows.filter((row) => row.cases.length > 0))('stories in $locale, $theme theme', ({ locale, theme, cases }) => {
    it.each(cases.map((story) => [story.id, story] as const))('%s has no axe violation', async (id, story) => {
      canvasElement?.remove();
      canvasElement = document.createElement('div');
      canvasElement.id = 'storybook-root';
      document.body.append(canvasElement);
      // Stories that fix a global (Theming sets theme 'none') keep it; the matrix sets the others.
      await story.run({ canvasElement, globals: { ...story.globals, locale, theme: story.globals.theme === 'none' ? 'none' : theme } });
      // Everything the story put on the page: its canvas and any portalled dialog.
      const results = await axe.run(
        {
          include: [canvasElement, ...Array.from(document.querySelectorAll('body > dialog, body > [role="dialog"]'))],
        } as axe.ElementContext,
        { resultTypes: ['violations'] },
      );
      expect(results.violations, describeViolations(results.violations)).toEqual([]);
    });
  });
}
