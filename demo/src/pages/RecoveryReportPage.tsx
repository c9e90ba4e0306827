import { useId, useState } from 'react';
import { RecoveryReport, type RecoveryReportGroupBy } from 'react-amazon-pay-recovery/report';
import 'react-amazon-pay-recovery/report.css';
import type { DemoBackend } from '../demo-backend';

const DAY = 86_400_000;

/**
 * The merchant's admin page: what the kit won back on this demo's own orders
 * (the last 30 days, as the sandbox recorded them while you shopped). A real
 * shop reads the same report from its server with fetchRecoveryReport, behind
 * its own admin login.
 */
export default function RecoveryReportPage({ demo }: { demo: DemoBackend }) {
  const [groupBy, setGroupBy] = useState<RecoveryReportGroupBy>('reasonCode');
  const id = useId();
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const report = demo.sandbox.getRecoveryReport({
    from: new Date(today - 29 * DAY).toISOString(),
    to: new Date(today + DAY).toISOString(),
    groupBy,
  });
  return (
    <section aria-labelledby={`${id}-title`} className="admin-page">
      <h1 id={`${id}-title`}>Recovery report</h1>
      <p className="muted">
        The merchant's view of this session's orders: every decline, recovery and pop-up the kit recorded. Decline a card at checkout, pay
        with Amazon Pay, then come back here.
      </p>
      <label htmlFor={`${id}-group`}>Group by </label>
      <select id={`${id}-group`} value={groupBy} onChange={(event) => setGroupBy(event.target.value as RecoveryReportGroupBy)}>
        <option value="reasonCode">Reason code</option>
        <option value="path">Path</option>
        <option value="day">Day</option>
      </select>
      <RecoveryReport report={report} locale="en-GB" headingLevel={2} />
    </section>
  );
}
