import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import type { ComponentType } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { AuthorizationMode } from '../src/domain/types';
import { resetScriptLoaderForTests } from '../src/browser/script-loader';
import { AmazonPayProvider } from '../src/react/AmazonPayProvider';
import { DeclineRecovery } from '../src/react/DeclineRecovery';
import { messages as en } from '../src/i18n/locales/en';
import type { DeclineMessageId } from '../src/react/internal/texts';
import {
  createSandboxBackend,
  installSimulatedAmazonWidgets,
  sandboxSimulationNote,
  type SandboxBackend,
  type SandboxSimulation,
} from '../src/testing';
import { STORY_ONLY, toolbarProviderProps } from '../.storybook/decorators';

const amount = { amount: '49.90', currencyCode: 'EUR' } as const;

interface StoryArgs {
  readonly mode: AuthorizationMode;
  /** The simulated outcome of the first authorization (Amazon's sandbox simulation string). */
  readonly simulation?: Pick<SandboxSimulation, 'reasonCode' | 'softDecline'>;
  /** The merchant's server answers the first Authorize with a 500. */
  readonly backendError?: boolean;
  /** Re-authorizations allowed after the first decline (Amazon's guide: 3). */
  readonly maxReauthorizations?: number;
}

const prepared = new Map<string, { backend: SandboxBackend; orderReferenceId: string }>();

function prepare(context: StoryContext<StoryArgs>): () => void {
  const backend = createSandboxBackend({ latencyMs: 300, asyncResultDelayMs: 1500 });
  const order = backend.createOrderReference({ amount });
  if (context.args.backendError) backend.injectFault({ method: 'authorize', kind: 'amazon', code: 'InternalServerError' });
  prepared.set(context.id, { backend, orderReferenceId: order.amazonOrderReferenceId });
  const uninstall = installSimulatedAmazonWidgets({ backend });
  return () => {
    uninstall();
    resetScriptLoaderForTests();
    prepared.delete(context.id);
  };
}

function render({ mode, simulation, maxReauthorizations }: StoryArgs, context: StoryContext<StoryArgs>) {
  const setup = prepared.get(context.id);
  if (!setup) return <p>Preparing the sandbox…</p>;
  const note = simulation ? sandboxSimulationNote({ state: 'Declined', ...simulation }) : undefined;
  return (
    <AmazonPayProvider {...toolbarProviderProps(context)} backend={setup.backend} sellerId="A1B2C3D4E5F6G7" region="de" sandbox>
      <div className="arp-story-column">
        <DeclineRecovery
          orderReferenceId={setup.orderReferenceId}
          amount={amount}
          mode={mode}
          {...(note ? { sellerAuthorizationNote: note } : {})}
          policy={{ retryDelayMs: [5000, 5000], ...(maxReauthorizations === undefined ? {} : { maxReauthorizations }) }}
          polling={{ initialDelayMs: 1000 }}
        />
      </div>
    </AmazonPayProvider>
  );
}

const meta = {
  title: 'Declines/DeclineRecovery',
  // The docs page's props table is the component's; the story's args pick the sandbox's outcome.
  component: DeclineRecovery as unknown as ComponentType<StoryArgs>,
  beforeEach: prepare,
  render,
  args: { mode: 'sync' },
  argTypes: {
    mode: { control: 'inline-radio', options: ['sync', 'async'] },
    simulation: STORY_ONLY,
    backendError: STORY_ONLY,
    maxReauthorizations: STORY_ONLY,
  },
} satisfies Meta<StoryArgs>;
export default meta;
type Story = StoryObj<typeof meta>;

interface PlayContext {
  readonly canvasElement: HTMLElement;
  readonly loaded: Record<string, unknown>;
}

/** A kit text in the toolbar's locale (the preview's loader puts the catalogue in `loaded`), so plays work in every language. */
const say = (ctx: PlayContext, id: DeclineMessageId): string =>
  (ctx.loaded as { messages?: Partial<Record<string, string>> }).messages?.[id] ?? en[id];

const placeOrder = async (ctx: PlayContext) => {
  await userEvent.click(await within(ctx.canvasElement).findByRole('button', { name: say(ctx, 'decline.placeOrder') }));
};

export const Approved: Story = {
  play: async (ctx) => {
    await placeOrder(ctx);
    await expect(
      await within(ctx.canvasElement).findByText(say(ctx, 'decline.approved'), { selector: '.arp-decline__title' }),
    ).toBeVisible();
  },
};
export const HardDeclineSync: Story = {
  args: { simulation: { reasonCode: 'InvalidPaymentMethod', softDecline: false } },
  play: async (ctx) => {
    await placeOrder(ctx);
    const canvas = within(ctx.canvasElement);
    await userEvent.click(await canvas.findByRole('radio', { name: /Mastercard •••• 4444/ }));
    await userEvent.click(canvas.getByRole('button', { name: say(ctx, 'decline.placeOrder') }));
    await expect(await canvas.findByText(say(ctx, 'decline.approved'), { selector: '.arp-decline__title' })).toBeVisible();
  },
};
/** After a hard decline: the Wallet re-bound to the order, the declined method marked, another chosen, Place order ready. */
export const HardDeclineChoosing: Story = {
  args: { simulation: { reasonCode: 'InvalidPaymentMethod', softDecline: false } },
  play: async (ctx) => {
    await placeOrder(ctx);
    const canvas = within(ctx.canvasElement);
    await userEvent.click(await canvas.findByRole('radio', { name: /Mastercard •••• 4444/ }));
    await expect(canvas.getByRole('button', { name: say(ctx, 'decline.placeOrder') })).not.toHaveAttribute('aria-disabled');
  },
};
export const HardDeclineAsync: Story = {
  args: { mode: 'async', simulation: { reasonCode: 'InvalidPaymentMethod', softDecline: false } },
  play: placeOrder,
};
export const SoftDeclineSync: Story = { args: { simulation: { reasonCode: 'InvalidPaymentMethod', softDecline: true } }, play: placeOrder };
export const SoftDeclineAsync: Story = {
  args: { mode: 'async', simulation: { reasonCode: 'InvalidPaymentMethod', softDecline: true } },
  play: placeOrder,
};
export const AmazonRejected: Story = {
  args: { simulation: { reasonCode: 'AmazonRejected' } },
  play: async (ctx) => {
    await placeOrder(ctx);
    // The alert region is there from the start; its text arrives with the decline.
    await waitFor(() => expect(within(ctx.canvasElement).getByRole('alert')).toHaveTextContent(say(ctx, 'decline.declined')));
  },
};
export const ProcessingFailure: Story = { args: { simulation: { reasonCode: 'ProcessingFailure' } }, play: placeOrder };
export const TransactionTimedOutSync: Story = { args: { simulation: { reasonCode: 'TransactionTimedOut' } }, play: placeOrder };
export const TransactionTimedOutAsync: Story = {
  args: { mode: 'async', simulation: { reasonCode: 'TransactionTimedOut' } },
  play: placeOrder,
};
export const BackendError: Story = {
  args: { backendError: true },
  play: async (ctx) => {
    await placeOrder(ctx);
    const canvas = within(ctx.canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: say(ctx, 'decline.retry') }));
    await expect(await canvas.findByText(say(ctx, 'decline.approved'), { selector: '.arp-decline__title' })).toBeVisible();
  },
};
export const RetryBudgetSpent: Story = {
  args: { simulation: { reasonCode: 'ProcessingFailure' }, maxReauthorizations: 0 },
  play: async (ctx) => {
    await placeOrder(ctx);
    const canvas = within(ctx.canvasElement);
    await waitFor(() => expect(canvas.getByRole('alert')).toHaveTextContent(say(ctx, 'decline.exhausted')));
    await expect(canvas.getByRole('button', { name: say(ctx, 'decline.payAnotherWay') })).toBeVisible();
  },
};
