/** Completes the Amazon Pay checkout session named in the return URL (filled in with useCheckoutSessionReturn). */
export function AmazonPayConfirmation({ titleId }: { titleId: string }) {
  return <h1 id={titleId}>Confirming your Amazon Pay order…</h1>;
}
