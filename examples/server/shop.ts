/**
 * STAND-IN for your shop's own code: who the buyer of a request is (your
 * session) and which orders are theirs (your order table). The Amazon Pay
 * examples beside this file only call `findOrder`; replace this file with
 * your session store and database.
 */
import type { Money } from 'react-amazon-pay-recovery';

export interface ShopOrder {
  /** Your order or cart id: the browser sends it as `merchantReferenceId`. */
  readonly id: string;
  /** The session that placed the order. */
  readonly sessionId: string;
  readonly total: Money;
  /** Recorded when your checkout page creates the Amazon order reference (legacy widgets). */
  amazonOrderReferenceId?: string;
  /** Recorded when the buyer comes back from Amazon (`amazonCheckoutSessionId` in your return URL). */
  amazonCheckoutSessionId?: string;
}

/** What a request names: one of Amazon's ids, or your order id. */
export type OrderKey =
  { readonly amazonOrderReferenceId: string } | { readonly amazonCheckoutSessionId: string } | { readonly orderId: string };

const orders: ShopOrder[] = [];

function sessionOf(request: Request): string | undefined {
  return /(?:^|;\s*)shop_session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
}

export const shop = {
  addOrder(order: ShopOrder): void {
    orders.push(order);
  },
  /** The order `key` names, if it belongs to the session of `request`; undefined otherwise. */
  async findOrder(request: Request, key: OrderKey): Promise<ShopOrder | undefined> {
    const sessionId = sessionOf(request);
    if (sessionId === undefined) return undefined;
    return orders.find(
      (order) =>
        order.sessionId === sessionId &&
        ('orderId' in key
          ? order.id === key.orderId
          : 'amazonOrderReferenceId' in key
            ? order.amazonOrderReferenceId === key.amazonOrderReferenceId
            : order.amazonCheckoutSessionId === key.amazonCheckoutSessionId),
    );
  },
};
