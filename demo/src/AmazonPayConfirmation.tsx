import { useCheckoutSessionReturn } from 'react-amazon-pay-recovery';
import { useCart } from './cart';
import { onLinkClick } from './router';

/**
 * The return from Amazon's hosted page: completes the checkout session named in
 * `?amazonCheckoutSessionId=` once (a reload shows the stored result).
 */
export function AmazonPayConfirmation({ titleId }: { titleId: string }) {
  const { total } = useCart();
  const { status, result, reasonCode, error, retry } = useCheckoutSessionReturn({ amount: total.amount, currency: total.currencyCode });
  switch (status) {
    case 'idle':
      return (
        <>
          <h1 id={titleId}>No order to confirm</h1>
          <p>This page confirms orders paid on Amazon Pay; there is none in the address.</p>
        </>
      );
    case 'completing':
      return (
        <>
          <h1 id={titleId}>Confirming your order…</h1>
          <p role="status" aria-busy="true">
            Completing your Amazon Pay payment. Please do not close this page.
          </p>
        </>
      );
    case 'completed':
      return (
        <>
          <h1 id={titleId}>Thank you, your order is confirmed</h1>
          <p className="notice notice--ok" role="status">
            Paid with Amazon Pay. Charge{' '}
            <strong data-testid="charge-id">{result?.state === 'Completed' ? (result.chargeId ?? result.chargePermissionId) : ''}</strong>.
          </p>
        </>
      );
    case 'canceled':
      return (
        <>
          <h1 id={titleId}>Your Amazon Pay payment did not go through</h1>
          <p role="alert" className="notice notice--error">
            {reasonCode === 'BuyerCanceled' ? 'You canceled the payment on Amazon.' : 'Amazon Pay declined the payment method.'} Nothing was
            charged.{' '}
            <a href="/checkout" onClick={onLinkClick}>
              Back to checkout
            </a>
          </p>
        </>
      );
    case 'error':
      return (
        <>
          <h1 id={titleId}>We could not confirm your order yet</h1>
          <div role="alert" className="notice notice--error">
            <p>
              {error?.kind === 'validation'
                ? error.message
                : 'The payment service did not answer. Nothing was charged twice; please try again.'}
            </p>
            {error?.kind !== 'validation' && (
              <button type="button" className="button" onClick={retry}>
                Try again
              </button>
            )}
          </div>
        </>
      );
  }
}
