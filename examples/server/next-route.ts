/**
 * Amazon Pay in a Next.js App Router app: save as
 * `app/api/amazon-pay/[...path]/route.ts` (with amazon-pay-config.ts and your
 * own shop code beside it or in `lib/`).
 *
 * The configuration is passed as a function: the handler builds it, and the
 * Amazon clients, on the first request. `next build` imports this file with
 * no Amazon environment variables set (and, if you use only some clients,
 * without the other optional peers installed), and succeeds.
 */
import { createAmazonPayHandler } from 'react-amazon-pay-recovery/server';
import { amazonPayConfig } from './amazon-pay-config';

const amazonPay = createAmazonPayHandler(() => ({ ...amazonPayConfig(), basePath: '/api/amazon-pay' }));

export const GET = amazonPay;
export const POST = amazonPay;
// No `runtime` or `dynamic` export: route handlers run on Node.js by default (node:crypto
// checks IPN signatures), one that reads the request is never cached, and apps with
// Cache Components (create-next-app 16's default) refuse both exports at build time.
