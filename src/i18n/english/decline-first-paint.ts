/**
 * English texts of `<DeclineRecovery>`'s first paint (before the decline
 * screen's lazy part arrives: Place order, and Try again when that part could
 * not be fetched) and the controls the component draws itself. With
 * `decline.ts`, its part of the complete English catalogue, `locales/en.ts`.
 */
export const declineFirstPaintMessages = {
  'decline.placeOrder': 'Place order',
  'decline.error': 'We could not reach the payment service. Your order is safe; please try again.',
  'decline.retry': 'Try again',
  'decline.payAnotherWay': 'Pay another way',
} as const satisfies Readonly<Record<`decline.${string}`, string>>;
