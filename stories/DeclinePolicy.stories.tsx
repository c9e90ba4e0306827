import type { Meta, StoryObj } from '@storybook/react-vite';
import { decideNextAction, type AttemptOutcome } from '../src/domain/decline-policy';

const rows: { label: string; attempts: AttemptOutcome[] }[] = [
  {
    label: 'InvalidPaymentMethod (soft), sync',
    attempts: [{ mode: 'sync', state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true }],
  },
  {
    label: 'InvalidPaymentMethod (hard), sync',
    attempts: [{ mode: 'sync', state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false }],
  },
  {
    label: 'InvalidPaymentMethod (hard), async',
    attempts: [{ mode: 'async', state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false }],
  },
  { label: 'AmazonRejected', attempts: [{ mode: 'sync', state: 'Declined', reasonCode: 'AmazonRejected' }] },
  { label: 'ProcessingFailure', attempts: [{ mode: 'sync', state: 'Declined', reasonCode: 'ProcessingFailure' }] },
  { label: 'TransactionTimedOut, sync', attempts: [{ mode: 'sync', state: 'Declined', reasonCode: 'TransactionTimedOut' }] },
  { label: 'TransactionTimedOut, async', attempts: [{ mode: 'async', state: 'Declined', reasonCode: 'TransactionTimedOut' }] },
];

function DeclineTable() {
  return (
    <table>
      <caption>What the kit does next, per Amazon ReasonCode</caption>
      <thead>
        <tr>
          <th scope="col">Outcome</th>
          <th scope="col">Next action</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <td>{row.label}</td>
            <td>
              <code>{decideNextAction(row.attempts).type}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const meta = { title: 'Core/Decline policy', component: DeclineTable } satisfies Meta<typeof DeclineTable>;
export default meta;
export const Table: StoryObj<typeof meta> = {};
