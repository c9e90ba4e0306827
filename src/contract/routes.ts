/**
 * The routes of the REST/JSON contract (docs/backend-contract.md), relative to
 * the handler's base path: the browser adapter calls them, the server handler
 * serves them. `:id` is one path segment (percent-encoded).
 */
import type { RecoveryReportRouteName } from './report-routes';

export const AMAZON_PAY_ROUTES = [
  { name: 'authorize', method: 'POST', path: '/authorize' },
  { name: 'getOrderReferenceDetails', method: 'GET', path: '/order-references/:id' },
  { name: 'confirmOrderReference', method: 'POST', path: '/order-references/:id/confirm' },
  { name: 'cancelOrderReference', method: 'POST', path: '/order-references/:id/cancel' },
  { name: 'subscribe', method: 'GET', path: '/order-references/:id/events' },
  { name: 'recoveryIntent', method: 'POST', path: '/order-references/:id/recovery' },
  { name: 'getRecovery', method: 'GET', path: '/order-references/:id/recovery' },
  { name: 'getAuthorizationDetails', method: 'GET', path: '/authorizations/:id' },
  { name: 'signCheckoutSessionPayload', method: 'POST', path: '/checkout-sessions/payload' },
  { name: 'completeCheckoutSession', method: 'POST', path: '/checkout-sessions/:id/complete' },
  { name: 'ipn', method: 'POST', path: '/ipn' },
] as const;

export type AmazonPayRoute = (typeof AMAZON_PAY_ROUTES)[number];
/** The routes the browser adapter calls. */
export type BuyerRouteName = AmazonPayRoute['name'];
/** Every route the handler serves: the buyer's and the optional recovery report's (report-routes.ts, kept apart so browser bundles carry none of it). */
export type AmazonPayRouteName = BuyerRouteName | RecoveryReportRouteName;

/** The route's method and its path with `:id` filled in (percent-encoded). */
export function routeRequest(name: BuyerRouteName, id = ''): { readonly method: string; readonly path: string } {
  const route = AMAZON_PAY_ROUTES.find((candidate) => candidate.name === name)!;
  return { method: route.method, path: route.path.replace(':id', encodeURIComponent(id)) };
}
