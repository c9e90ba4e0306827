/**
 * Server-only Amazon clients: the implementations of the interfaces in
 * ../amazon-clients.ts. Never imported by browser code (src/index.ts). The public
 * names of `./server` are the explicit list in ../index.ts, not this module.
 */
export { createLegacyPaymentsClient, type LegacyPaymentsClientOptions } from './legacy-payments-client';
export { createCheckoutV2Client, type CheckoutV2ClientOptions, type ButtonSignatureAlgorithm } from './checkout-v2-client';
export { createIpnVerifier, type IpnVerifierOptions } from './ipn-verifier';
export { amazonPayTopicArns, type AmazonPayTopicOptions, type TopicArnRule } from './amazon-pay-topics';
export {
  signMwsRequest,
  stringToSignV2,
  canonicalQueryString,
  percentEncodeRfc3986,
  type MwsSigningInput,
  type MwsParameters,
} from './mws-signature';
export { mwsEndpoint, type MwsEndpoint } from './mws-endpoints';
export type { BackoffOptions } from './backoff';
