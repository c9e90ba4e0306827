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
    const locale = options.locale ?? String(context.globals.locale ?? 'en-US');
    const appearance = typeof options.appearance === 'function' ? options.appearance(context) : (options.appearance ?? { theme: (context.globals.theme ?? 'light') as AppearanceTheme });
    const messages = (context.loaded as { messages?: Messages }).messages;
    return (
      <AmazonPayProvider backend={storySandbox(context.id).backend} sellerId={STORY_SELLER_ID} region="de" sandbox locale={locale} messages={messages} appearance={appearance}>
        <div className="arp-story-surface">
          <Story />
        </div>
      </AmazonPayProvider>
    );
  };
}
