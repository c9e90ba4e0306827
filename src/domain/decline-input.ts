import type { DeclineState } from './decline-state';
import type { Money } from './types';
import { assertOrderReferenceId, parseMoney } from './validation';

/**
 * The `error` state a decline flow starts in when its order reference id or
 * amount is invalid (no event leaves it), or undefined when both are valid.
 * The machine's first state, also shown before the machine's code has arrived.
 */
export function invalidDeclineInput(orderReferenceId: unknown, amount: Partial<Money> | undefined): DeclineState | undefined {
  try {
    assertOrderReferenceId(orderReferenceId);
    parseMoney(amount?.amount, amount?.currencyCode);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: string }).code;
    return {
      status: 'error',
      error: { kind: 'validation', message, retryable: false, ...(code ? { code } : {}) },
      authorizationUnknown: false,
    };
  }
}
