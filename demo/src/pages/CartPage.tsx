import { formatPence, setQuantity, useCart } from '../cart';
import { onLinkClick } from '../router';

export function CartPage() {
  const { lines, totalPence } = useCart();
  return (
    <section aria-labelledby="cart-title">
      <h1 id="cart-title">Your basket</h1>
      {lines.length === 0 ? (
        <p>Your basket is empty.</p>
      ) : (
        <table className="cart">
          <caption className="visually-hidden">Items in your basket</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Quantity</th>
              <th scope="col" className="num">
                Price
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map(({ product, quantity }) => (
              <tr key={product.id}>
                <th scope="row">
                  {product.name}
                  <span className="muted">{product.description}</span>
                </th>
                <td>
                  <label className="visually-hidden" htmlFor={`qty-${product.id}`}>
                    Quantity of {product.name}
                  </label>
                  <input
                    id={`qty-${product.id}`}
                    className="qty"
                    type="number"
                    min={0}
                    max={9}
                    value={quantity}
                    onChange={(e) => setQuantity(product.id, Number(e.target.value))}
                  />
                </td>
                <td className="num">{formatPence(product.price * quantity)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td className="num" data-testid="cart-total">
                {formatPence(totalPence)}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
      {lines.length > 0 && (
        <div className="actions">
          <a className="button button--primary" href="/checkout" onClick={onLinkClick}>
            Checkout with card
          </a>
          <a className="button button--amazon" href="/amazon-pay" onClick={onLinkClick}>
            Pay with Amazon Pay
          </a>
        </div>
      )}
    </section>
  );
}
