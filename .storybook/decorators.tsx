import type { Decorator, StoryContext } from '@storybook/react-vite';
import type { Appearance, AppearanceTheme } from '../src/browser/appearance';
import type { Messages } from '../src/i18n/locales/en';
import { resetScriptLoaderForTests } from '../src/browser/script-loader';
import { AmazonPayProvider } from '../src/react/AmazonPayProvider';
import { createSandboxBackend, installSimulatedAmazonWidgets, type SandboxBackend } from '../src/testing';

export const STORY_SELLER_ID = 'A1B2C3D4E5F6G7';

/** One sandbox backend per story (and one open order reference on it), created on first use. */
const sandboxes = new Map<string, { readonly backend: SandboxBackend; readonly orderReferenceId: string }>();

export function storySandbox(storyId: string): { readonly backend: SandboxBackend; readonly orderReferenceId: string } {
  let sandbox = sandboxes.get(storyId);
  if (!sandbox) {
    const backend = createSandboxBackend();
    const order = backend.createOrderReference({ amount: { amount: '49.90', currencyCode: 'EUR' } });
    sandbox = { backend, orderReferenceId: order.amazonOrderReferenceId };
    sandboxes.set(storyId, sandbox);
  }
  return sandbox;
}

/** A story `beforeEach`: the simulated Widgets.js on the story's sandbox, removed after the story. */
export function withSimulatedWidgets(context: StoryContext): () => void {
  const uninstall = installSimulatedAmazonWidgets({ backend: storySandbox(context.id).backend, readyDelayMs: 200 });
  return () => {
    uninstall();
    resetScriptLoaderForTests();
    sandboxes.delete(context.id);
  };
}

/** The toolbar's "brand" theme: a merchant's own colours, corners and font over the light preset. */
export const BRAND_APPEARANCE: Appearance = {
  theme: 'light',
  variables: {
    colorPrimary: '#4b2991',
    colorPrimaryText: '#ffffff',
    colorFocus: '#4b2991',
    colorBackground: '#fbf8f3',
    colorText: '#1f1a17',
    colorTextMuted: '#5a514b',
    colorBorder: '#cfc6bb',
    colorBrand: '#4b2991',
    colorBrandText: '#ffffff',
    colorHeading: '#4b2991',
    borderRadius: 2,
    fontFamily: 'Georgia, "Times New Roman", serif',
  },
};

/** The appearance the Theme toolbar picks: light, dark, brand, or none (only the stylesheets). */
export function toolbarAppearance(theme: unknown): Appearance {
  if (theme === 'brand') return BRAND_APPEARANCE;
  return { theme: (theme ?? 'light') as AppearanceTheme };
}

/** argTypes entry of a story-only arg: a control on the canvas, never a row of the component's props table. */
export const STORY_ONLY = { table: { disable: true } } as const;

export interface ToolbarProviderProps {
  readonly locale: string;
  readonly messages?: Messages;
  readonly appearance: Appearance;
}

/**
 * The Locale and Theme toolbars as `<AmazonPayProvider>` props, for a story that
 * renders its own provider: spread them first, so the story's own props still win.
 */
export function toolbarProviderProps(context: Pick<StoryContext, 'globals' | 'loaded'>): ToolbarProviderProps {
  const messages = (context.loaded as { messages?: Messages }).messages;
  return {
    locale: String(context.globals.locale ?? 'en-US'),
    ...(messages ? { messages } : {}),
    appearance: toolbarAppearance(context.globals.theme),
  };
}

export interface WithAmazonPayOptions {
  /** BCP 47 locale; default: the toolbar's locale. */
  readonly locale?: string;
  /** The provider's appearance (or one derived from the story's args); default: the toolbar's theme. */
  readonly appearance?: Appearance | ((context: StoryContext) => Appearance | undefined);
}

/**
 * Wraps a story in `<AmazonPayProvider>` with the in-memory sandbox backend,
 * the locale's texts (loaded by the preview's loader) and an appearance. The
 * provider's `.arp-root` wraps a surface in the theme's colours.
 */
export function withAmazonPay(options: WithAmazonPayOptions = {}): Decorator {
  return function AmazonPayDecorator(Story, context) {
    const toolbar = toolbarProviderProps(context);
    const locale = options.locale ?? toolbar.locale;
    const appearance = typeof options.appearance === 'function' ? options.appearance(context) : (options.appearance ?? toolbar.appearance);
    const { messages } = toolbar;
    return (
      <AmazonPayProvider
        backend={storySandbox(context.id).backend}
        sellerId={STORY_SELLER_ID}
        region="de"
        sandbox
        locale={locale}
        messages={messages}
        appearance={appearance}
      >
        <div className="arp-story-surface">
          <Story />
        </div>
      </AmazonPayProvider>
    );
  };
}
