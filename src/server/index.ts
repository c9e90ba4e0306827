/**
 * Server side of react-amazon-pay-recovery (`react-amazon-pay-recovery/server`):
 * the request handler that implements docs/backend-contract.md over the
 * merchant's Amazon Pay clients. Node/edge only; never import it in browser code.
 * @packageDocumentation
 */
export { createAmazonPayHandler, AMAZON_PAY_ROUTES } from './handler';
export type { AmazonPayHandlerConfig, AmazonPayAccessConfig, AmazonPayRouteContext, AmazonPayRouteName, OrderAmountContext } from './handler';
export type { AmazonPayResource, CanAccess } from './access';
export { toNodeListener } from './node-listener';
export type { FetchHandler } from './node-listener';
export { createMemoryOrderStore } from './order-store';
export type { OrderStore, StoredCompletion } from './order-store';
export { createUpdateHub } from './update-hub';
export type { UpdateHub, UpdateHubListener, UpdateHubOptions } from './update-hub';
export type { ErrorBody } from './http-error';
export type { LegacyPaymentsClient, CheckoutV2Client, IpnVerifier, VerifiedNotification } from './amazon-clients';
export * from './amazon';
