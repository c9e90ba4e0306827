import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import '../src/styles/report.css';
import { aggregateRecoveryReport, type RecoveryReportGroupBy } from '../src/domain/recovery-report';
import { RecoveryReport } from '../src/react/RecoveryReport';
import { sampleRecoveryEvents } from '../src/testing/sample-recovery-events';
import { toolbarProviderProps } from '../.storybook/decorators';

/** Thirty days of a mid-sized shop: about 40 declined orders and 120 pop-up carts a day (src/testing/sample-recovery-events.ts). */
const START = Date.UTC(2026, 9, 1);
const EVENTS = sampleRecoveryEvents({ start: START, days: 30, seed: 29 });
const PERIOD = { from: '2026-10-01', to: '2026-10-31' };

interface StoryArgs {
  readonly groupBy: RecoveryReportGroupBy;
  /** A period with nothing recorded. */
  readonly empty?: boolean;
  /** Shorter period for the day view. */
  readonly days?: number;
}

function render({ groupBy, empty, days }: StoryArgs, context: StoryContext<StoryArgs>) {
  const to = days ? new Date(START + days * 86_400_000).toISOString() : PERIOD.to;
  const report = aggregateRecoveryReport(empty ? [] : EVENTS, { ...PERIOD, to, groupBy });
  const { locale, appearance } = toolbarProviderProps(context);
  return (
    <div style={{ maxWidth: 960 }}>
      <RecoveryReport report={report} locale={locale} appearance={appearance} />
    </div>
  );
}

const meta = {
  title: 'Admin/RecoveryReport',
  render,
  parameters: { layout: 'padded' },
  args: { groupBy: 'reasonCode' },
  argTypes: {
    groupBy: { control: 'inline-radio', options: ['reasonCode', 'path', 'day'] },
    empty: { table: { disable: true } },
    days: { table: { disable: true } },
  },
} satisfies Meta<StoryArgs>;
export default meta;

type Story = StoryObj<typeof meta>;

/** Thirty days by decline reason: what was won back, what was lost, what is still open. */
export const ByReasonCode: Story = {};

/** The same orders by path: sync or async authorization, and whether the tab or the server decided. */
export const ByPath: Story = { args: { groupBy: 'path' } };

/** A week day by day (the day of each order's first decline, UTC). */
export const ByDay: Story = { args: { groupBy: 'day', days: 7 } };

/** A period with no declines: the totals read zero and the funnel is empty. */
export const Empty: Story = { args: { empty: true } };
