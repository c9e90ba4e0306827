import type { ArgTypes, Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import {
  APPEARANCE_VARIABLE_NAMES,
  DARK_APPEARANCE,
  LIGHT_APPEARANCE,
  type Appearance,
  type AppearanceTheme,
  type AppearanceVariableName,
  type AppearanceVariables,
} from '../src/browser/appearance';
import { resetScriptLoaderForTests } from '../src/browser/script-loader';
import { AmazonPayProvider } from '../src/react/AmazonPayProvider';
import { CartRecoveryPopup } from '../src/react/CartRecoveryPopup';
import { DeclineRecovery } from '../src/react/DeclineRecovery';
import {
  createSandboxBackend,
  installSimulatedAmazonCheckout,
  installSimulatedAmazonWidgets,
  sandboxSimulationNote,
  type SandboxBackend,
} from '../src/testing';
import { messages as en } from '../src/i18n/locales/en';
import { BRAND_APPEARANCE, STORY_SELLER_ID, toolbarProviderProps } from '../.storybook/decorators';

/** The workbench's args: the preset and every design token, each a live control. */
export type ThemingArgs = Partial<AppearanceVariables> & { theme: AppearanceTheme; screen: 'popup' | 'decline' };

/** What each token styles (the Theming docs page lists them with these words). */
export const TOKEN_USES: Readonly<Record<AppearanceVariableName, string>> = {
  colorPrimary: 'Primary buttons (Place order, Try again)',
  colorPrimaryText: 'Text on the primary colour',
  colorBackground: 'Surfaces: the pop-up card, decline messages, the wallet',
  colorText: 'Body text',
  colorTextMuted: 'Hints and captions (keep 4.5:1)',
  colorDanger: 'Declines and errors',
  colorSuccess: 'Confirmations',
  colorWarning: 'Pending notices, soft declines, the pop-up’s reason line',
  colorBorder: 'Borders and separators',
  colorOverlay: 'The backdrop behind the modal pop-up',
  colorFocus: 'Focus rings, the info tone',
  colorBrand: 'The pop-up’s header band (Amazon Pay’s squid ink by default)',
  colorBrandText: 'Text, the Amazon Pay mark and the close button on the band',
  colorHeading: 'The pop-up’s title (keep 4.5:1 on the background)',
  fontFamily: 'Every text of the kit',
  fontSizeBase: 'Base font size; the components scale from it',
  lineHeight: 'Body line height',
  borderRadius: 'Corners of buttons and messages (the pop-up card: 2x)',
  spacingUnit: 'Paddings and gaps are multiples of it',
  shadow: 'Elevation of the pop-up card',
  motionDuration: 'Length of the pop-up’s entrance (0s: none; reduced motion always turns it off)',
  zIndex: 'Stacking of the pop-up where the top layer is missing',
};

const CATEGORIES: Readonly<Record<string, string>> = {
  font: 'Typography',
  line: 'Typography',
  border: 'Shape',
  spacing: 'Shape',
  shadow: 'Shape',
  motion: 'Motion',
  z: 'Shape',
};

function controlFor(name: AppearanceVariableName) {
  const category = CATEGORIES[name.replace(/[A-Z].*/, '')] ?? 'Colours';
  const control = name.startsWith('color') ? 'color' : name === 'lineHeight' || name === 'zIndex' ? 'number' : 'text';
  return { control, description: TOKEN_USES[name], table: { category } } as const;
}

const argTypes: Partial<ArgTypes<ThemingArgs>> = {
  theme: { control: 'inline-radio', options: ['light', 'dark', 'none'], description: 'Preset under the tokens (`appearance.theme`)' },
  screen: { table: { disable: true } },
  ...Object.fromEntries(APPEARANCE_VARIABLE_NAMES.map((name) => [name, controlFor(name)])),
};

function appearanceOf(args: ThemingArgs): Appearance {
  const { theme, screen: _screen, ...variables } = args;
  return { theme, variables };
}

/** Per story: its sandbox (the order a decline screen works on) and the simulated Amazon scripts. */
const prepared = new Map<string, { backend: SandboxBackend; orderReferenceId: string }>();

function prepare(context: StoryContext<ThemingArgs>): () => void {
  const backend = createSandboxBackend({ latencyMs: 100 });
  const order = backend.createOrderReference({ amount: { amount: '49.90', currencyCode: 'EUR' } });
  prepared.set(context.id, { backend, orderReferenceId: order.amazonOrderReferenceId });
  sessionStorage.clear();
  const uninstallCheckout = installSimulatedAmazonCheckout({ backend, navigate: () => undefined });
  const uninstallWidgets = installSimulatedAmazonWidgets({ backend, readyDelayMs: 100 });
  return () => {
    uninstallCheckout();
    uninstallWidgets();
    resetScriptLoaderForTests();
    prepared.delete(context.id);
  };
}

const hardDecline = sandboxSimulationNote({ state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false });

function Workbench(args: ThemingArgs, context: StoryContext<ThemingArgs>) {
  const setup = prepared.get(context.id);
  if (!setup) return <p>Preparing the sandbox…</p>;
  return (
    <AmazonPayProvider
      {...toolbarProviderProps(context)}
      appearance={appearanceOf(args)}
      backend={setup.backend}
      sellerId={STORY_SELLER_ID}
      region="uk"
      sandbox
      publicKeyId="SANDBOX-KIT-PUBLIC-KEY"
    >
      <div className="arp-story-surface arp-story-column">
        {args.screen === 'popup' ? (
          <>
            <h2>Checkout</h2>
            <p>Your card was declined.</p>
            <CartRecoveryPopup
              defaultOpen
              afterDecline
              rememberDismissal="none"
              amount="49.90"
              currency="GBP"
              productType="PayOnly"
              checkoutResultReturnUrl="https://shop.example/return"
            />
          </>
        ) : (
          <DeclineRecovery
            orderReferenceId={setup.orderReferenceId}
            amount={{ amount: '49.90', currencyCode: 'EUR' }}
            mode="sync"
            sellerAuthorizationNote={hardDecline}
          />
        )}
      </div>
    </AmazonPayProvider>
  );
}

const meta = {
  title: 'Theming/Appearance',
  // The Theming docs page (Theming.mdx) shows these stories with their controls.
  tags: ['!autodocs'],
  // TOKEN_USES is data for the docs page, not a story.
  excludeStories: ['TOKEN_USES'],
  render: Workbench,
  beforeEach: prepare,
  // The args are the appearance here: the toolbar's theme stays out of the way.
  globals: { theme: 'none' },
  argTypes,
  args: { screen: 'popup', theme: 'light', ...LIGHT_APPEARANCE },
} satisfies Meta<ThemingArgs>;
export default meta;

type Story = StoryObj<typeof meta>;

const showWallet: Story['play'] = async ({ canvasElement, loaded }) => {
  const canvas = within(canvasElement);
  // Place order in the toolbar's language (the preview's loader puts the catalogue in `loaded`).
  const placeOrder = (loaded as { messages?: Partial<typeof en> }).messages?.['decline.placeOrder'] ?? en['decline.placeOrder'];
  await userEvent.click(await canvas.findByRole('button', { name: placeOrder }));
  await expect(await canvas.findByRole('radiogroup')).toBeVisible();
};

/** The pop-up in the light preset; every token is a live control. */
export const Popup: Story = {};
/** The pop-up in the dark preset. */
export const PopupDark: Story = { args: { theme: 'dark', ...DARK_APPEARANCE } };
/** The pop-up in a merchant's brand (the toolbar's "brand" theme). */
export const PopupBrand: Story = { args: { ...LIGHT_APPEARANCE, ...BRAND_APPEARANCE.variables } };
/** A decline screen (hard decline: the wallet re-bound to the order) in the light preset; every token is a live control. */
export const DeclineScreen: Story = { args: { screen: 'decline' }, play: showWallet };
/** The decline screen in the dark preset. */
export const DeclineScreenDark: Story = { args: { screen: 'decline', theme: 'dark', ...DARK_APPEARANCE }, play: showWallet };
/** `theme: 'none'` and no tokens: only the stylesheets' own fallbacks. */
export const Unstyled: Story = {
  args: {
    screen: 'decline',
    theme: 'none',
    ...(Object.fromEntries(APPEARANCE_VARIABLE_NAMES.map((name) => [name, undefined])) as Partial<AppearanceVariables>),
  },
  play: showWallet,
};
