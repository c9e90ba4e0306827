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

/**
 * Every story x the 6 locales x light and dark, with its play function (so the
 * decline states are reached), checked by axe-core with every rule the story
 * tests run: 0 violations of any impact. The storybook project covers the
 * default globals (en-US, light) story by story; this covers the rest.
 */
setProjectAnnotations(preview);

const LOCALE_TAGS: Readonly<Record<(typeof SUPPORTED_LOCALES)[number], string>> = { en: 'en-US', de: 'de-DE', fr: 'fr-FR', it: 'it-IT', es: 'es-ES', ja: 'ja-JP' };
const THEMES = ['light', 'dark'] as const;
const MODULES = { buttonStories, popupStories, policyStories, declineStories, localeStories, themingStories, walletStories };

type Composed = { readonly id: string; readonly globals: Record<string, unknown>; run: (context?: { canvasElement?: HTMLElement; globals?: Record<string, unknown> }) => Promise<void> };
const stories = Object.values(MODULES).flatMap((module) => Object.values(composeStories(module as never) as Record<string, Composed>));

function describeViolations(violations: readonly axe.Result[]): string {
  return violations.map((violation) => `${violation.impact} ${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `  ${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n')}`).join('\n');
}

let canvasElement: HTMLElement;
beforeAll(() => {
  // Layout like the preview's canvas: the stories assume a page-sized surface.
  document.body.style.margin = '0';
});
afterAll(() => canvasElement?.remove());

describe.each(SUPPORTED_LOCALES.flatMap((locale) => THEMES.map((theme) => [LOCALE_TAGS[locale], theme] as const)))('stories in %s, %s theme', (locale, theme) => {
  it.each(stories.map((story) => [story.id, story] as const))('%s has no axe violation', { timeout: 20_000 }, async (id, story) => {
    canvasElement?.remove();
    canvasElement = document.createElement('div');
    canvasElement.id = 'storybook-root';
    document.body.append(canvasElement);
    // Stories that fix a global (Theming sets theme 'none') keep it; the matrix sets the others.
    await story.run({ canvasElement, globals: { ...story.globals, locale, theme: story.globals.theme === 'none' ? 'none' : theme } });
    // Everything the story put on the page: its canvas and any portalled dialog.
    const results = await axe.run({ include: [canvasElement, ...Array.from(document.querySelectorAll('body > dialog, body > [role="dialog"]'))] } as axe.ElementContext, { resultTypes: ['violations'] });
    expect(results.violations, describeViolations(results.violations)).toEqual([]);
  });
});
