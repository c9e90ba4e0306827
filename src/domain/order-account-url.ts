import { getRegionConfig } from './regions';
import type { Region } from './types';

// A file of its own, not in regions.ts: every page loads the regions up front (the provider checks
// its region), while these URLs are needed only by a flow that reaches `contactBuyer` (the browser's
// decline machine, a lazy part, and the server's recovery runner).

/**
 * Per-order pages where the buyer updates the payment method of one order
 * reference (`{orderReferenceId}` is replaced). EU: the decline-handling guide's
 * link. US, UK and JP: the same path on each region's payments host, as one
 * public integration (X-Cart's Amazon Payments Advanced module, its IPN mail
 * to the buyer) builds it; UNVERIFIED against Amazon's own documentation.
 */
export const ORDER_ACCOUNT_URLS: Readonly<Record<Exclude<Region, 'de'>, string>> = {
  eu: 'https://pay.amazon.de/mn/your-account/apa?action=renderOrderDetails&contractId={orderReferenceId}',
  // UNVERIFIED (X-Cart module only).
  uk: 'https://payments.amazon.co.uk/mn/your-account/apa?action=renderOrderDetails&contractId={orderReferenceId}',
  // UNVERIFIED (X-Cart module only).
  us: 'https://payments.amazon.com/mn/your-account/apa?action=renderOrderDetails&contractId={orderReferenceId}',
  // UNVERIFIED (X-Cart module only).
  jp: 'https://payments.amazon.co.jp/mn/your-account/apa?action=renderOrderDetails&contractId={orderReferenceId}',
};

/**
 * The page where the buyer updates the declined payment method of this order
 * reference. `overrides` per region may carry `{orderReferenceId}`; one
 * without it is used as is (a general account page).
 */
export function orderAccountUrl(region: Region, orderReferenceId: string, overrides?: Partial<Record<Region, string>>): string {
  const template = overrides?.[region] ?? ORDER_ACCOUNT_URLS[getRegionConfig(region).region];
  return template.split('{orderReferenceId}').join(encodeURIComponent(orderReferenceId));
}
