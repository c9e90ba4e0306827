import { useState } from 'react';
import type { Money } from 'react-amazon-pay-recovery';
import type { SandboxBackend } from 'react-amazon-pay-recovery/testing';

/**
 * The order reference Amazon creates when the buyer signs in with "Pay with
 * Amazon" (simulated: the sandbox creates it directly). One per page visit;
 * StrictMode's double render reuses it.
 */
export function useOrderReference(sandbox: SandboxBackend, amount: Money): string {
  const [id] = useState(() => sandbox.createOrderReference({ amount }).amazonOrderReferenceId);
  return id;
}
