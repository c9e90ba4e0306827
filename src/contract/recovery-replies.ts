/**
 * The server's view of an order it recovers (the recovery routes' reply, and
 * `recovery` on the order's stream events), as a runtime schema: only a tab
 * that shows the server's view carries it.
 */
import { conform, type Shape } from './replies';

const RECOVERY_VIEW: Shape = { amazonOrderReferenceId: 'string', state: { status: 'string' }, canCancel: 'boolean', revision: 'number' };

/** Throws a plain Error naming the field when `value` is not a documented ServerRecoveryView. */
export function checkRecoveryView(value: unknown): void {
  conform(value, RECOVERY_VIEW, 'recovery');
}
