import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { resetScriptLoaderForTests } from '../src/browser/script-loader';
import { AmazonPayButton, type AmazonPayButtonProps } from '../src/react/AmazonPayButton';
import { AmazonPayProvider } from '../src/react/AmazonPayProvider';
import type { CSSProperties } from 'react';
import { STORY_ONLY, toolbarProviderProps } from '../.storybook/decorators';
import {
  createSandboxBackend,
  installSimulatedAmazonCheckout,
  type SandboxBackend,
  type SimulatedAmazonCheckoutOptions,
} from '../src/testing';

type StoryArgs = AmazonPayButtonProps & { checkoutJs: Omit<SimulatedAmazonCheckoutOptions, 'backend'> };

const prepared = new Map<string, SandboxBackend>();

function prepare(context: StoryContext<StoryArgs>): () => void {
  const backend = createSandboxBackend();
  prepared.set(context.id, backend);
  const uninstall = installSimulatedAmazonCheckout({
    backend,
    readyDelayMs: 300,
    navigate: (url) => console.info('Amazon would redirect to', url),
    ...context.args.checkoutJs,
  });
  return () => {
    uninstall();
    resetScriptLoaderForTests();
    prepared.delete(context.id);
  };
}

function render({ checkoutJs: _checkoutJs, ...props }: StoryArgs, context: StoryContext<StoryArgs>) {
  const backend = prepared.get(context.id);
  if (!backend) return <p>Preparing the sandbox…</p>;
  return (
    <AmazonPayProvider
      {...toolbarProviderProps(context)}
      backend={backend}
      sellerId="A1B2C3D4E5F6G7"
      region="uk"
      sandbox
      publicKeyId="SANDBOX-KIT-PUBLIC-KEY"
    >
      <div className="arp-story-column" style={{ '--arp-story-width': '320px' } as CSSProperties}>
        <AmazonPayButton {...props} />
      </div>
    </AmazonPayProvider>
  );
}

const meta = {
  title: 'Recovery/AmazonPayButton',
  component: AmazonPayButton,
  beforeEach: prepare,
  render,
  argTypes: { checkoutJs: STORY_ONLY },
  args: {
    checkoutJs: {},
    placement: 'Checkout',
    amount: '49.90',
    currency: 'GBP',
    shippingAddress: {
      name: 'Jane Doe',
      addressLine1: '1 Market Street',
      city: 'London',
      postalCode: 'EC1A 1AA',
      countryCode: 'GB',
      phoneNumber: '+44 20 7946 0000',
    },
    checkoutResultReturnUrl: 'https://shop.example/checkout/amazon-return',
    onError: fn(),
    onClick: fn(),
  },
} satisfies Meta<StoryArgs>;
export default meta;

type Story = StoryObj<typeof meta>;

/** The end-of-checkout button; clicking opens the simulated Amazon page with the address carried over. */
export const Gold: Story = {};
export const DarkGray: Story = { args: { buttonColor: 'DarkGray' } };
/** checkout.js blocked once: the fallback, then Try again renders the button. */
export const ScriptBlocked: Story = { args: { checkoutJs: { blockedLoads: 1 } } };
/** A bad return URL (http): a clear validation error, nothing rendered. */
export const InvalidReturnUrl: Story = { args: { checkoutResultReturnUrl: 'http://shop.example/return' } };
