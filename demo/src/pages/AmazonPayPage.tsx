import type { SandboxBackend } from 'react-amazon-pay-recovery/testing';
import { AmazonPayCheckout } from '../AmazonPayCheckout';
import { formatPence, useCart } from '../cart';
import { useOrderReference } from '../use-order-reference';

/** The second path: "Pay with Amazon Pay" directly (legacy Login and Pay), with the decline handling. */
export function AmazonPayPage({ sandbox }: { sandbox: SandboxBackend }) {
  const { total, totalPence } = useCart();
  const orderReferenceId = useOrderReference(sandbox, total);
  return (
    <section aria-labelledby="amazon-title">
      <h1 id="amazon-title">Pay with Amazon Pay</h1>
      <p className="notice notice--info">
        Signed in to Amazon Pay as the sandbox buyer (simulated). Order total <strong>{formatPence(totalPence)}</strong>, order reference{' '}
        <code data-testid="order-reference">{orderReferenceId}</code>.
      </p>
      <AmazonPayCheckout sandbox={sandbox} orderReferenceId={orderReferenceId} amount={total} />
    </section>
  );
}
