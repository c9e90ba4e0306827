/**
 * The handler's configuration, checked when the handler is built: each
 * refusal is one sentence naming the option and the fix, thrown at start-up
 * rather than met at the first payment. Server sentences are kept in
 * production (only browser bundles drop theirs for size).
 */
import { AmazonPayError } from '../domain/errors';
import { getRegionConfig } from '../domain/regions';
import type { Region } from '../domain/types';
import { requestError } from './http-error';
import type { AmazonPayHandlerConfig } from './handler';

const refuse = (message: string): AmazonPayError =>
  new AmazonPayError('validation', `createAmazonPayHandler: ${message}`, { code: 'InvalidConfiguration', retryable: false });

/** The Checkout v2 store id is the Login with Amazon client id (Seller Central, Integration Central, "Store ID"). */
const STORE_ID = /^amzn1\.application-oa2-client\.[0-9a-f]{32}$/;
const LOCALHOST = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

const METHODS = {
  legacy: ['authorize', 'confirmOrderReference', 'cancelOrderReference', 'getOrderReferenceDetails', 'getAuthorizationDetails'],
  checkout: ['signButtonPayload', 'completeCheckoutSession'],
  ipn: ['verify'],
  recovery: ['track', 'onNotification'],
} as const;

function checkMethods(config: AmazonPayHandlerConfig, option: keyof typeof METHODS, fix: string): void {
  const value = config[option] as unknown as Record<string, unknown> | undefined;
  if (value === undefined && (option === 'ipn' || option === 'recovery')) return;
  const missing = METHODS[option].filter((name) => typeof value?.[name] !== 'function');
  if (missing.length > 0) throw refuse(`${option} has no ${missing.join(', ')} function${missing.length > 1 ? 's' : ''}; pass ${fix}.`);
}

function checkOrigin(origin: unknown): void {
  let url: URL | undefined;
  try {
    url = new URL(String(origin));
  } catch {
    // refused below
  }
  if (typeof origin !== 'string' || !url || url.origin !== origin) {
    throw refuse(
      `allowedReturnOrigins has ${JSON.stringify(origin)}, which is not an origin; write scheme://host[:port] with no path or trailing slash, e.g. 'https://shop.example'.`,
    );
  }
  if (url.protocol !== 'https:' && !LOCALHOST.test(origin)) {
    throw refuse(`allowedReturnOrigins has ${origin}; return URLs must be https (http only for localhost, 127.0.0.1 and [::1]).`);
  }
}

function checkPositive(
  config: AmazonPayHandlerConfig,
  option: 'maxBodyBytes' | 'maxIpnBodyBytes' | 'bodyTimeoutMs' | 'keepAliveMs' | 'maxEventStreams' | 'maxEventStreamsPerOrder',
): void {
  const value = config[option];
  if (value !== undefined && !(Number.isInteger(value) && value > 0))
    throw refuse(`${option} must be a positive whole number, got ${JSON.stringify(value)}.`);
}

/** Throws the first thing wrong with `config`, as one sentence naming the option and the fix. */
export function checkHandlerConfig(config: AmazonPayHandlerConfig): void {
  if (typeof config !== 'object' || config === null) throw refuse('pass the configuration object (or a function returning it).');
  checkMethods(config, 'legacy', 'createLegacyPaymentsClient({ ... })');
  checkMethods(config, 'checkout', 'createCheckoutV2Client({ ... })');
  checkMethods(config, 'ipn', 'createIpnVerifier({ ... }), or leave ipn out');
  checkMethods(config, 'recovery', 'createRecoveryRunner({ ... }), or leave recovery out');
  if (typeof config.storeId !== 'string' || !STORE_ID.test(config.storeId)) {
    throw refuse(
      `storeId ${JSON.stringify(config.storeId)} is not a Checkout v2 store id; copy the "Store ID" from Seller Central, Integration Central (amzn1.application-oa2-client. and 32 hex digits).`,
    );
  }
  if (!Array.isArray(config.allowedReturnOrigins) || config.allowedReturnOrigins.length === 0) {
    throw refuse(
      "allowedReturnOrigins must list your shop's origins, e.g. ['https://shop.example']: the return and cancel URLs may point nowhere else.",
    );
  }
  for (const origin of config.allowedReturnOrigins) checkOrigin(origin);
  if (typeof config.orderAmount !== 'function') {
    throw refuse(
      'orderAmount must be a function ({ route, request, amazonOrderReferenceId, merchantReferenceId }) => Money | undefined returning the amount your server knows for the order.',
    );
  }
  for (const option of ['guard', 'onError'] as const) {
    if (config[option] !== undefined && typeof config[option] !== 'function')
      throw refuse(`${option} must be a function, got ${typeof config[option]}.`);
  }
  if (
    config.basePath !== undefined &&
    (typeof config.basePath !== 'string' || (config.basePath !== '' && !/^\/[^?#]*$/.test(config.basePath)))
  ) {
    throw refuse(`basePath ${JSON.stringify(config.basePath)} must be '' or a path starting with '/', e.g. '/api/amazon-pay'.`);
  }
  for (const option of [
    'maxBodyBytes',
    'maxIpnBodyBytes',
    'bodyTimeoutMs',
    'keepAliveMs',
    'maxEventStreams',
    'maxEventStreamsPerOrder',
  ] as const)
    checkPositive(config, option);
  checkReportOptions(config);
}

/** The recovery report's options: an admin route needs the merchant's own admin check; limits are positive. */
function checkReportOptions(config: AmazonPayHandlerConfig): void {
  if (config.recoveryReport !== undefined && typeof config.recoveryReport?.isAdmin !== 'function') {
    throw refuse(
      "recoveryReport needs isAdmin: (request) => boolean, your own admin check (your staff session, never the buyer's canAccess); leave recoveryReport out to keep the route off.",
    );
  }
  if (
    config.events !== undefined &&
    (typeof config.events?.recordEvents !== 'function' || typeof config.events.getRecoveryReport !== 'function')
  ) {
    throw refuse(
      'events has no recordEvents and getRecoveryReport functions; pass createPostgresStorage(...) or createMemoryEventLog(), or leave events out.',
    );
  }
  const funnel = config.funnelEvents;
  if (funnel !== undefined && typeof funnel !== 'boolean') {
    for (const option of ['maxEventsPerMinute', 'maxEventsPerMinuteTotal'] as const) {
      const value = funnel?.[option];
      if (value !== undefined && !(Number.isInteger(value) && value > 0))
        throw refuse(`funnelEvents.${option} must be a positive whole number, got ${JSON.stringify(value)}.`);
    }
  }
}

/**
 * A button payload's currency must be the ledger currency of the region the
 * Checkout v2 client signs for (as the browser's button requires): a GBP
 * payload signed for region `eu` would be refused by Amazon at checkout.
 */
export function assertRegionCurrency(region: Region | undefined, currencyCode: string): void {
  if (region === undefined) return;
  const { ledgerCurrency } = getRegionConfig(region);
  if (currencyCode !== ledgerCurrency) {
    throw requestError(
      400,
      'InvalidCurrencyCode',
      `amount.currencyCode ${JSON.stringify(currencyCode)} is not ${ledgerCurrency}, the ledger currency of region ${region} (the Checkout v2 client's); charge in ${ledgerCurrency} or give the client the shop's region.`,
    );
  }
}
