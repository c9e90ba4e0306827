/** The merchant's own card processor, simulated: the card that declines is the reason the pop-up exists. */
export const DECLINING_CARD = '4000 0000 0000 0002';
export const APPROVING_CARD = '4242 4242 4242 4242';

export interface CardDetails {
  readonly number: string;
  readonly expiry: string;
  readonly cvc: string;
}

export type CardResult = { readonly approved: true; readonly orderId: string } | { readonly approved: false; readonly message: string };

/** Charges a card after a short delay; declines the magic number always, and every card when the test panel says so. */
export function chargeCard(card: CardDetails, options: { declineAll: boolean }): Promise<CardResult> {
  const digits = card.number.replace(/\D/g, '');
  return new Promise((resolve) => {
    setTimeout(() => {
      if (options.declineAll || digits === DECLINING_CARD.replace(/\D/g, '')) {
        resolve({ approved: false, message: 'Your card was declined by your bank. No money was taken.' });
      } else {
        resolve({ approved: true, orderId: `TK-${Date.now().toString(36).toUpperCase()}` });
      }
    }, 400);
  });
}
