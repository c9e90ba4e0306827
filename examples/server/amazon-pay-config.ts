/**
 * The Amazon Pay server configuration shared by the Express, Next.js and
 * node:http examples. It reads the environment only when called, so a build
 * (`next build`) needs no keys; the framework files decide when to call it.
 */
import {
  amazonPayTopicArns,
  createCheckoutV2Client,
  createIpnVerifier,
  createLegacyPaymentsClient,
  type AmazonPayHandlerConfig,
  type AmazonPayResource,
} from 'react-amazon-pay-recovery/server';
import { shop, type OrderKey } from './shop';

const REQUIRED = [
  'AMAZON_PAY_SELLER_ID',
  'AMAZON_PAY_ACCESS_KEY',
  'AMAZON_PAY_SECRET_KEY',
  'AMAZON_PAY_REGION',
  'AMAZON_PAY_PUBLIC_KEY_ID',
  'AMAZON_PAY_PRIVATE_KEY',
  'AMAZON_PAY_STORE_ID',
  'SHOP_ORIGIN',
] as const;

/** Every required variable, or one error naming all the missing ones. */
function environment(): Record<(typeof REQUIRED)[number], string> {
  const missing = REQUIRED.filter((name) => !process.env[name]);
  if (missing.length > 0) throw new Error(`Set the environment variables ${missing.join(', ')} (see docs/server.md).`);
  return Object.fromEntries(REQUIRED.map((name) => [name, process.env[name]])) as Record<(typeof REQUIRED)[number], string>;
}

const REGIONS = ['us', 'uk', 'eu', 'de', 'jp'] as const;

function region(value: string): (typeof REGIONS)[number] {
  const known = REGIONS.find((r) => r === value);
  if (!known) throw new Error(`AMAZON_PAY_REGION must be one of ${REGIONS.join(', ')}.`);
  return known;
}

/** Which of your orders a request acts on. */
function keyOf(resource: AmazonPayResource): OrderKey | undefined {
  switch (resource.type) {
    case 'orderReference':
      return { amazonOrderReferenceId: resource.amazonOrderReferenceId };
    case 'checkoutSession':
      return { amazonCheckoutSessionId: resource.checkoutSessionId };
    case 'checkoutPayload':
      return resource.merchantReferenceId === undefined ? undefined : { orderId: resource.merchantReferenceId };
  }
}

export function amazonPayConfig(): AmazonPayHandlerConfig {
  const env = environment();
  const sellerId = env.AMAZON_PAY_SELLER_ID;
  const shopRegion = region(env.AMAZON_PAY_REGION);
  const sandbox = process.env.AMAZON_PAY_SANDBOX !== 'false';
  return {
    legacy: createLegacyPaymentsClient({
      sellerId,
      accessKey: env.AMAZON_PAY_ACCESS_KEY,
      secretKey: env.AMAZON_PAY_SECRET_KEY,
      region: shopRegion,
      sandbox,
      // Unset in production: the region's MWS endpoint.
      ...(process.env.AMAZON_PAY_MWS_ENDPOINT ? { endpoint: process.env.AMAZON_PAY_MWS_ENDPOINT } : {}),
    }),
    checkout: createCheckoutV2Client({
      publicKeyId: env.AMAZON_PAY_PUBLIC_KEY_ID,
      // The PEM, with its line breaks or in one line with literal \n.
      privateKey: env.AMAZON_PAY_PRIVATE_KEY,
      region: shopRegion,
      sandbox,
    }),
    // Trust only Amazon Pay's notification topics for your seller id.
    ipn: createIpnVerifier({ allowedTopicArns: amazonPayTopicArns({ sellerId, region: shopRegion }), expectedSellerId: sellerId }),
    storeId: env.AMAZON_PAY_STORE_ID,
    allowedReturnOrigins: [env.SHOP_ORIGIN],
    // Only the buyer's own orders: every route that acts on an order asks first.
    canAccess: async (request, resource) => {
      const key = keyOf(resource);
      return key !== undefined && (await shop.findOrder(request, key)) !== undefined;
    },
    // The amount your server knows; the browser's is only a claim.
    orderAmount: async ({ request, amazonOrderReferenceId, merchantReferenceId }) => {
      const key =
        merchantReferenceId !== undefined
          ? { orderId: merchantReferenceId }
          : amazonOrderReferenceId !== undefined
            ? { amazonOrderReferenceId }
            : undefined;
      return key && (await shop.findOrder(request, key))?.total;
    },
    // Sandbox simulation strings from the browser; never in production.
    sandboxSimulations: sandbox,
    onError: (error) => console.error('[amazon-pay]', error),
  };
}
