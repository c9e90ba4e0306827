import type { ArgTypes, Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { DARK_APPEARANCE, LIGHT_APPEARANCE, type AppearanceTheme, type AppearanceVariables } from '../src/browser/appearance';
import { WalletWidget } from '../src/react/WalletWidget';
import '../src/styles/wallet.css';
import { storySandbox, withAmazonPay, withSimulatedWidgets } from '../.storybook/decorators';
import './theming-sample.css';

type ThemingArgs = Partial<AppearanceVariables> & { theme: AppearanceTheme };

const color = (description: string) => ({ control: 'color', description, table: { category: 'Colours' } }) as const;
const text = (description: string, category: string) => ({ control: 'text', description, table: { category } }) as const;

const argTypes: Partial<ArgTypes<ThemingArgs>> = {
  theme: { control: 'inline-radio', options: ['light', 'dark', 'none'], description: 'Preset under the variables' },
  colorPrimary: color('Buttons and accents (--arp-color-primary)'),
  colorPrimaryText: color('Text on the primary colour'),
  colorBackground: color('Surfaces'),
  colorText: color('Body text'),
  colorTextMuted: color('Secondary text'),
  colorDanger: color('Declines and errors'),
  colorSuccess: color('Confirmations'),
  colorWarning: color('Pending notices'),
  colorBorder: color('Borders'),
  colorOverlay: color('Modal backdrop'),
  colorFocus: color('Focus ring'),
  fontFamily: text('Font stack', 'Typography'),
  fontSizeBase: text('Base font size', 'Typography'),
  lineHeight: { control: { type: 'number', min: 1, max: 2, step: 0.05 }, table: { category: 'Typography' } },
  borderRadius: text('Corner radius', 'Shape'),
  spacingUnit: text('Spacing step', 'Shape'),
  shadow: text('Elevation (box-shadow)', 'Shape'),
  zIndex: { control: 'number', description: 'Stacking level of pop-ups', table: { category: 'Shape' } },
};

function toAppearance({ args }: StoryContext) {
  const { theme, ...variables } = args as ThemingArgs;
  return { theme, variables };
}

function ThemedSample(_args: ThemingArgs, context: StoryContext) {
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <section className="arp-sample" aria-labelledby="arp-sample-title">
        <h2 id="arp-sample-title" className="arp-sample__title">
          How about paying with Amazon Pay instead?
        </h2>
        <p className="arp-sample__text">Pay with the address and payment methods already saved in your Amazon account.</p>
        <p className="arp-sample__status" data-state="declined">
          Your card was declined.
        </p>
        <p className="arp-sample__status" data-state="pending">
          We are checking your payment.
        </p>
        <p className="arp-sample__status" data-state="accepted">
          Payment accepted.
        </p>
        <button type="button" className="arp-sample__button">
          Pay with Amazon
        </button>
      </section>
      <div style={{ width: 420 }}>
        <WalletWidget orderReferenceId={storySandbox(context.id).orderReferenceId} />
      </div>
    </div>
  );
}

const meta = {
  title: 'Theming/Appearance',
  // The simulated Widgets.js is page-global: one story per page.
  tags: ['!autodocs'],
  render: ThemedSample,
  beforeEach: withSimulatedWidgets,
  decorators: [withAmazonPay({ appearance: toAppearance })],
  // The toolbar theme stays out of the way: the args are the appearance here.
  globals: { theme: 'none' },
  argTypes,
  args: { theme: 'light', ...LIGHT_APPEARANCE },
  play: async ({ canvasElement }) => {
    // The wallet (simulated) renders inside the themed provider.
    await expect(await within(canvasElement).findByRole('radiogroup', {}, { timeout: 3000 })).toBeVisible();
  },
} satisfies Meta<ThemingArgs>;
export default meta;

type Story = StoryObj<typeof meta>;

/** The light preset; every variable is a live control. */
export const Light: Story = {};

/** The dark preset. */
export const Dark: Story = { args: { theme: 'dark', ...DARK_APPEARANCE } };

/** `theme: 'none'` and no variables: only the stylesheets' own fallbacks. */
export const Unstyled: Story = {
  args: { theme: 'none', ...(Object.fromEntries(Object.keys(LIGHT_APPEARANCE).map((name) => [name, undefined])) as Partial<AppearanceVariables>) },
};

/** A brand override: two variables over the light preset. */
export const BrandOverride: Story = { args: { colorPrimary: '#0b5cad', colorPrimaryText: '#ffffff', borderRadius: '2px' } };
