import { useState, type FormEvent } from 'react';
import type { ShippingAddress } from 'react-amazon-pay-recovery';
import { validateShippingAddress } from 'react-amazon-pay-recovery/button';
import { ADDRESS_FIELDS, SAMPLE_ADDRESS } from '../address';
import { chargeCard, APPROVING_CARD } from '../card-processor';
import { formatPence, useCart } from '../cart';
import { navigate } from '../router';
import { useSettings } from '../settings';
import { RecoveryOffer } from '../RecoveryOffer';

type Status =
  | { type: 'editing' }
  | { type: 'paying' }
  | { type: 'declined'; message: string; address: ShippingAddress }
  | { type: 'invalid'; message: string };

/** The merchant's own checkout: shipping address and card. A declined card brings up the Cart Recovery pop-up. */
export function CheckoutPage() {
  const { totalPence, total } = useCart();
  const settings = useSettings();
  const [status, setStatus] = useState<Status>({ type: 'editing' });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    let address: ShippingAddress;
    try {
      address = validateShippingAddress({
        ...Object.fromEntries(ADDRESS_FIELDS.map((f) => [f.name, String(data.get(f.name) ?? '')])),
        countryCode: 'GB',
      });
    } catch (error) {
      setStatus({ type: 'invalid', message: (error as Error).message });
      return;
    }
    setStatus({ type: 'paying' });
    const result = await chargeCard(
      { number: String(data.get('cardNumber')), expiry: String(data.get('cardExpiry')), cvc: String(data.get('cardCvc')) },
      { declineAll: settings.cardDeclines },
    );
    if (result.approved) navigate(`/confirmation?cardOrder=${encodeURIComponent(result.orderId)}`);
    else setStatus({ type: 'declined', message: result.message, address });
  }

  return (
    <section aria-labelledby="checkout-title">
      <h1 id="checkout-title">Checkout</h1>
      <form className="checkout" onSubmit={onSubmit} noValidate={false}>
        <fieldset>
          <legend>Shipping address</legend>
          {ADDRESS_FIELDS.map((field) => (
            <div className="field" key={field.name}>
              <label htmlFor={`ship-${field.name}`}>{field.label}</label>
              <input
                id={`ship-${field.name}`}
                name={field.name}
                autoComplete={`shipping ${field.autoComplete}`}
                required={field.required}
                defaultValue={SAMPLE_ADDRESS[field.name] ?? ''}
              />
            </div>
          ))}
          <p className="muted">We ship to the United Kingdom only.</p>
        </fieldset>
        <fieldset>
          <legend>Card</legend>
          <div className="field">
            <label htmlFor="card-number">Card number</label>
            <input id="card-number" name="cardNumber" inputMode="numeric" autoComplete="cc-number" required defaultValue={APPROVING_CARD} />
          </div>
          <div className="row">
            <div className="field">
              <label htmlFor="card-expiry">Expiry (MM/YY)</label>
              <input id="card-expiry" name="cardExpiry" autoComplete="cc-exp" required defaultValue="12/30" />
            </div>
            <div className="field">
              <label htmlFor="card-cvc">Security code</label>
              <input id="card-cvc" name="cardCvc" inputMode="numeric" autoComplete="cc-csc" required defaultValue="123" />
            </div>
          </div>
        </fieldset>
        {status.type === 'invalid' && (
          <p role="alert" className="notice notice--error">
            {status.message}
          </p>
        )}
        {status.type === 'declined' && (
          <p role="alert" className="notice notice--error" data-testid="card-declined">
            {status.message} Please try another card, or pay with Amazon Pay.
          </p>
        )}
        <button className="button button--primary" type="submit" disabled={status.type === 'paying'} aria-busy={status.type === 'paying'}>
          {status.type === 'paying' ? 'Paying…' : `Pay ${formatPence(totalPence)}`}
        </button>
      </form>
      {status.type === 'declined' && <RecoveryOffer address={status.address} amount={total} fadeIn={settings.fadeIn} />}
    </section>
  );
}
