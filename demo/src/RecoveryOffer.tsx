import { useState } from 'react';
import { CartRecoveryPopup, type AmazonPayError, type Money, type ShippingAddress } from 'react-amazon-pay-recovery';

function pageUrl(path: string): string {
  return new URL(path, window.location.origin).href;
}

/**
 * The Cart Recovery pop-up after the card decline: Amazon Pay's end-of-checkout
 * button with the address the buyer typed carried over to Amazon's page.
 */
export function RecoveryOffer({ address, amount, fadeIn }: { address: ShippingAddress; amount: Money; fadeIn: number }) {
  const [error, setError] = useState<AmazonPayError | null>(null);
  // The shop's cart id: it joins the pop-up's events with the completed checkout in the recovery report.
  const [cartId] = useState(() => `cart-${Date.now().toString(36)}`);
  return (
    <CartRecoveryPopup
      merchantReferenceId={cartId}
      fadeIn={fadeIn}
      // Shown after the card decline: the pop-up says why.
      afterDecline
      amount={amount.amount}
      currency={amount.currencyCode}
      shippingAddress={address}
      checkoutResultReturnUrl={pageUrl('/confirmation')}
      checkoutCancelUrl={pageUrl('/checkout')}
      allowedReturnOrigins={[window.location.origin]}
      // The demo shows the pop-up on every decline; a shop keeps the default.
      rememberDismissal="none"
      // A blocked checkout.js has the button's own fallback; other failures (the server's signing call) show here.
      onError={(failure) => setError(failure.kind === 'script' || failure.kind === 'timeout' ? null : failure)}
    >
      {error && (
        <p role="alert" className="notice notice--error">
          Amazon Pay could not start the checkout ({error.code ?? error.kind}). Nothing was charged; please press the button again.
        </p>
      )}
    </CartRecoveryPopup>
  );
}
