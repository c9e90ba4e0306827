import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import type { ComponentType, CSSProperties } from 'react';
import { expect, fn, waitFor } from 'storybook/test';
import { resetScriptLoaderForTests } from '../src/browser/script-loader';
import { AmazonPayProvider } from '../src/react/AmazonPayProvider';
import { WalletWidget, type WalletWidgetProps } from '../src/react/WalletWidget';
import { STORY_ONLY, toolbarProviderProps } from '../.storybook/decorators';
import {
  createSandboxBackend,
  installSimulatedAmazonWidgets,
  type SandboxBackend,
  type SimulatedAmazonWidgetsOptions,
} from '../src/testing';

const SELLER_ID = 'A1B2C3D4E5F6G7';

interface Scenario {
  /** The simulated Widgets.js for this story (everything runs offline). */
  readonly widgets?: Omit<SimulatedAmazonWidgetsOptions, 'backend'>;
  /** Authorize the order once with the method that declines (InvalidPaymentMethod, hard). */
  readonly declineFirst?: boolean;
}

type StoryArgs = Omit<WalletWidgetProps, 'orderReferenceId'> & { scenario: Scenario };

/** Backend and order reference per story, set up before it renders. */
const prepared = new Map<string, { backend: SandboxBackend; orderReferenceId: string }>();

async function prepare(context: StoryContext<StoryArgs>): Promise<() => void> {
  const { scenario } = context.args;
  const backend = createSandboxBackend();
  const order = backend.createOrderReference({
    amount: { amount: '49.90', currencyCode: 'EUR' },
    ...(scenario.declineFirst ? { paymentMethodId: 'amex-0005' } : {}),
  });
  if (scenario.declineFirst) {
    await backend.authorize({
      amazonOrderReferenceId: order.amazonOrderReferenceId,
      authorizationReferenceId: 'story-order-0',
      amount: { amount: '49.90', currencyCode: 'EUR' },
      mode: 'sync',
    });
  }
  prepared.set(context.id, { backend, orderReferenceId: order.amazonOrderReferenceId });
  const uninstall = installSimulatedAmazonWidgets({ backend, readyDelayMs: 400, ...scenario.widgets });
  return () => {
    uninstall();
    resetScriptLoaderForTests();
    prepared.delete(context.id);
  };
}

function render({ scenario: _scenario, ...props }: StoryArgs, context: StoryContext<StoryArgs>) {
  const setup = prepared.get(context.id);
  if (!setup) return <p>Preparing the sandbox…</p>;
  return (
    <AmazonPayProvider {...toolbarProviderProps(context)} backend={setup.backend} sellerId={SELLER_ID} region="de" sandbox>
      <div className="arp-story-column" style={{ '--arp-story-width': '420px' } as CSSProperties}>
        <WalletWidget {...props} orderReferenceId={setup.orderReferenceId} />
      </div>
    </AmazonPayProvider>
  );
}

const meta = {
  title: 'Wallet/WalletWidget',
  // The docs page's props table is the component's (the story supplies orderReferenceId from its sandbox).
  component: WalletWidget as unknown as ComponentType<StoryArgs>,
  beforeEach: prepare,
  render,
  // The accessibility check runs after play: it judges the settled widget, not its loading pulse (a full run caught it mid-pulse).
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('.arp-wallet')?.getAttribute('data-state')).toMatch(/^(ready|error)$/));
  },
  args: { scenario: {}, onPaymentSelect: fn(), onReady: fn(), onError: fn() },
  argTypes: { scenario: STORY_ONLY },
} satisfies Meta<StoryArgs>;
export default meta;

type Story = StoryObj<typeof meta>;

/** The buyer's wallet, bound to an open order reference. */
export const Ready: Story = {};

/** After an InvalidPaymentMethod decline: re-bound to the SAME order reference, the declined method is marked. */
export const DeclinedMethod: Story = { args: { scenario: { declineFirst: true } } };

/** Widgets.js blocked (ad blocker, offline): the fallback; "Try again" succeeds on the second load. */
export const ScriptLoadFailure: Story = { args: { scenario: { widgets: { blockedLoads: 1 } } } };

/** Amazon's widget reports BuyerSessionExpired: shown in the widget, passed to onError as kind 'amazon'. */
export const AmazonError: Story = { args: { scenario: { widgets: { scriptedError: 'BuyerSessionExpired' } } } };
