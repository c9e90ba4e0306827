/** Amazon clients for handler tests that do not reach Amazon: every method throws unless overridden. */
import type { CheckoutV2Client, LegacyPaymentsClient } from '../../src/server/amazon-clients';

const notCalled = (name: string) => async (): Promise<never> => {
  throw new Error(`${name} was not expected to be called`);
};

export function stubLegacy(overrides: Partial<LegacyPaymentsClient> = {}): LegacyPaymentsClient {
  const names = [
    'authorize',
    'confirmOrderReference',
    'cancelOrderReference',
    'closeOrderReference',
    'getOrderReferenceDetails',
    'getAuthorizationDetails',
  ] as const;
  return { ...(Object.fromEntries(names.map((name) => [name, notCalled(name)])) as unknown as LegacyPaymentsClient), ...overrides };
}

export function stubCheckout(overrides: Partial<CheckoutV2Client> = {}): CheckoutV2Client {
  return { signButtonPayload: notCalled('signButtonPayload'), completeCheckoutSession: notCalled('completeCheckoutSession'), ...overrides };
}
