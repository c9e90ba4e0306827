import { onLinkClick, useRoute } from '../router';
import { AmazonPayConfirmation } from '../AmazonPayConfirmation';

/** Where the card checkout and Amazon's hosted page (checkoutResultReturnUrl) both end. */
export function ConfirmationPage() {
  const { query } = useRoute();
  const cardOrder = query.get('cardOrder');
  const amazonOrder = query.get('amazonOrder');
  return (
    <section aria-labelledby="confirmation-title">
      {cardOrder ? (
        <>
          <h1 id="confirmation-title">Thank you, your order is confirmed</h1>
          <p className="notice notice--ok" role="status">
            Paid by card. Order number <strong>{cardOrder}</strong>.
          </p>
        </>
      ) : amazonOrder ? (
        <>
          <h1 id="confirmation-title">Thank you, your order is confirmed</h1>
          <p className="notice notice--ok" role="status">
            Paid with Amazon Pay. Order reference <strong>{amazonOrder}</strong>, authorization {query.get('authorization')}.
          </p>
        </>
      ) : (
        <AmazonPayConfirmation titleId="confirmation-title" />
      )}
      <p>
        <a href="/" onClick={onLinkClick}>
          Back to the shop
        </a>
      </p>
    </section>
  );
}
