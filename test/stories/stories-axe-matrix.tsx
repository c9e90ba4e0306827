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
 * Every story with its play function (so the decline states are reached) in every locale and both
 * themes, checked by axe-core with every rule the story tests run: 0 violations of any impact.
 *
 * A page's names, labels, languages and text lengths change with the locale, its colours with the
 * theme; nothing changes with the pair. So the matrix checks each locale in the light theme and the
 * dark theme in en-US, and each page once: the storybook project's a11y addon checks every story in
 * en-US with its default theme (light, or the one it fixes), after the same play and on the whole
 * page. (The full product, 6 locales x 2 themes, took twice the time for no page that differs.)
 *
 * The matrix is spread over three files (stories-axe.*.storybook.test.tsx), two locales each, so a
 * failure names its locales and a file stays under its time limit on a loaded machine.
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
 * Whether the matrix checks this page: a locale in the light theme, or en-US in the dark one (see
 * above). A story that fixes its theme (Theming sets 'none') looks the same in both, so it is
 * checked in the light row only, and the storybook project checks every story in en-US with its
 * default theme.
 */
function checkedHere(story: Composed, locale: string, theme: Theme): boolean {
  const fixesTheme = story.globals.theme === 'none';
  if (locale === 'en-US') return theme === 'dark' && !fixesTheme;
  return theme === 'light';
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
