/**
 * The legacy Amazon Pay API (MWS "OffAmazonPayments" 2013-01-01) as a
 * {@link LegacyPaymentsClient}: signed POSTs, XML replies into the core types,
 * bounded retries only where repeating a call cannot change its outcome.
 */
import { AmazonPayError } from '../../domain/errors';
import type { CancelOrderReferenceRequest } from '../../domain/backend';
import type { Region } from '../../domain/types';
import { isMerchantId } from '../../domain/regions';
import { assertSafeUrl } from '../../domain/safe-url';
import { assertOrderReferenceId, isAuthorizationReferenceId, parseMoney } from '../../domain/validation';
import type { LegacyPaymentsClient } from '../amazon-clients';
import { sleep } from '../../domain/abortable-sleep';
import { backoffDelay, type BackoffOptions } from './backoff';
import { parseAuthorizationDetails, parseOrderReferenceDetails } from './mws-details-parser';
import { mwsEndpoint, mwsEndpointFromUrl } from './mws-endpoints';
import { isTransientMwsError, postMwsAction, type MwsTransport } from './mws-http';
import { child, xmlParserReady, type XmlNode } from './xml';

export interface LegacyPaymentsClientOptions {
  /** Amazon Pay merchant (seller) id. */
  readonly sellerId: string;
  /** MWS access key id. */
  readonly accessKey: string;
  /** MWS secret key: signs every request; never leaves the server. */
  readonly secretKey: string;
  readonly region: Region;
  /** Calls `/OffAmazonPayments_Sandbox/2013-01-01` instead of the live path. */
  readonly sandbox: boolean;
  /** Full endpoint URL replacing the region's (tests, a proxy). The signature covers its host and path. */
  readonly endpoint?: string;
  /** For solution providers acting for a merchant. */
  readonly mwsAuthToken?: string;
  readonly fetch?: typeof globalThis.fetch;
  /** Per HTTP attempt; default 30 000 ms (a sync Authorize may take about 8 s at Amazon). */
  readonly timeoutMs?: number;
  /** Retries after a 500, 503 or RequestThrottled, for idempotent calls only; default 3. */
  readonly maxRetries?: number;
  readonly backoff?: BackoffOptions;
  /** Clock for the request Timestamp (tests). */
  readonly now?: () => Date;
}

/** Amazon's default and maximum async TransactionTimeout, in minutes. */
const DEFAULT_ASYNC_TIMEOUT_MINUTES = 1440;

function invalid(message: string, code: string): AmazonPayError {
  return new AmazonPayError('validation', message, { code, retryable: false });
}

function requireNonEmpty(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw invalid(`createLegacyPaymentsClient needs a non-empty ${name}.`, 'InvalidConfiguration');
  return value;
}

function money(prefix: string, amount: { amount: string; currencyCode: string }): Record<string, string> {
  const checked = parseMoney(amount.amount, amount.currencyCode);
  return { [`${prefix}.Amount`]: checked.amount, [`${prefix}.CurrencyCode`]: checked.currencyCode };
}

/**
 * Creates the MWS client. Authorize and Get* are retried (with exponential
 * backoff and jitter) after 500, 503 and RequestThrottled: Get* change nothing,
 * and Amazon answers a repeated Authorize with the same AuthorizationReferenceId
 * with the first result. Confirm, Cancel and Close are never repeated.
 * Confirm/Cancel/Close return empty results at Amazon, so the client reads the
 * order reference afterwards and returns its state.
 */
export function createLegacyPaymentsClient(options: LegacyPaymentsClientOptions): LegacyPaymentsClient {
  if (!isMerchantId(options.sellerId)) {
    throw invalid(
      `createLegacyPaymentsClient: sellerId ${JSON.stringify(options.sellerId)} is not an Amazon Pay merchant id (8-20 capital letters and digits); copy it from Seller Central, Integration Central.`,
      'InvalidConfiguration',
    );
  }
  const credentials = {
    sellerId: options.sellerId,
    accessKey: requireNonEmpty(options.accessKey, 'accessKey'),
    secretKey: requireNonEmpty(options.secretKey, 'secretKey'),
    ...(options.mwsAuthToken ? { mwsAuthToken: options.mwsAuthToken } : {}),
  };
  const transport: MwsTransport = {
    endpoint: options.endpoint ? mwsEndpointFromUrl(options.endpoint) : mwsEndpoint(options.region, options.sandbox),
    credentials,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    timeoutMs: options.timeoutMs ?? 30_000,
    now: options.now ?? (() => new Date()),
  };
  const maxRetries = Math.max(0, options.maxRetries ?? 3);

  async function call(action: string, parameters: Record<string, string>, idempotent: boolean, signal?: AbortSignal): Promise<XmlNode> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await postMwsAction(transport, action, parameters, signal);
      } catch (error) {
        if (!idempotent || attempt >= maxRetries || !isTransientMwsError(error)) throw error;
        await sleep(backoffDelay(attempt + 1, options.backoff), signal);
      }
    }
  }

  async function getOrderReferenceDetails(amazonOrderReferenceId: string, signal?: AbortSignal) {
    assertOrderReferenceId(amazonOrderReferenceId);
    const result = await call('GetOrderReferenceDetails', { AmazonOrderReferenceId: amazonOrderReferenceId }, true, signal);
    return parseOrderReferenceDetails(child(result, 'OrderReferenceDetails'));
  }

  return {
    ready: xmlParserReady,
    async authorize(request, signal) {
      assertOrderReferenceId(request.amazonOrderReferenceId);
      if (!isAuthorizationReferenceId(request.authorizationReferenceId)) {
        throw invalid(
          `Invalid AuthorizationReferenceId ${JSON.stringify(request.authorizationReferenceId)}: letters, digits, - and _, at most 32 characters.`,
          'InvalidAuthorizationReferenceId',
        );
      }
      let timeout = 0;
      if (request.mode === 'async') {
        timeout = request.transactionTimeoutMinutes ?? DEFAULT_ASYNC_TIMEOUT_MINUTES;
        if (!Number.isInteger(timeout) || timeout < 1 || timeout > DEFAULT_ASYNC_TIMEOUT_MINUTES) {
          throw invalid(
            `An async TransactionTimeout must be 1-1440 minutes, got ${String(request.transactionTimeoutMinutes)}.`,
            'InvalidTransactionTimeout',
          );
        }
      }
      const result = await call(
        'Authorize',
        {
          AmazonOrderReferenceId: request.amazonOrderReferenceId,
          AuthorizationReferenceId: request.authorizationReferenceId,
          ...money('AuthorizationAmount', request.amount),
          TransactionTimeout: String(timeout),
          CaptureNow: request.captureNow ? 'true' : 'false',
          ...(request.sellerAuthorizationNote ? { SellerAuthorizationNote: request.sellerAuthorizationNote } : {}),
        },
        true,
        signal,
      );
      return parseAuthorizationDetails(child(result, 'AuthorizationDetails'), request.amazonOrderReferenceId);
    },

    async confirmOrderReference(request, signal) {
      assertOrderReferenceId(request.amazonOrderReferenceId);
      const parameters: Record<string, string> = { AmazonOrderReferenceId: request.amazonOrderReferenceId };
      if (request.amount) Object.assign(parameters, money('AuthorizationAmount', request.amount));
      if (request.successUrl) parameters.SuccessUrl = assertSafeUrl(request.successUrl, 'successUrl').href;
      if (request.failureUrl) parameters.FailureUrl = assertSafeUrl(request.failureUrl, 'failureUrl').href;
      await call('ConfirmOrderReference', parameters, false, signal);
      return getOrderReferenceDetails(request.amazonOrderReferenceId, signal);
    },

    async cancelOrderReference(request: CancelOrderReferenceRequest, signal) {
      assertOrderReferenceId(request.amazonOrderReferenceId);
      await call(
        'CancelOrderReference',
        { AmazonOrderReferenceId: request.amazonOrderReferenceId, ...(request.reason ? { CancelationReason: request.reason } : {}) },
        false,
        signal,
      );
      return getOrderReferenceDetails(request.amazonOrderReferenceId, signal);
    },

    async closeOrderReference(amazonOrderReferenceId, closureReason, signal) {
      assertOrderReferenceId(amazonOrderReferenceId);
      await call(
        'CloseOrderReference',
        { AmazonOrderReferenceId: amazonOrderReferenceId, ...(closureReason ? { ClosureReason: closureReason } : {}) },
        false,
        signal,
      );
      return getOrderReferenceDetails(amazonOrderReferenceId, signal);
    },

    getOrderReferenceDetails,

    async getAuthorizationDetails(amazonAuthorizationId, signal) {
      if (typeof amazonAuthorizationId !== 'string' || !/^[SP]\d{2}-\d{7}-\d{7}-[A-Za-z0-9]{1,16}$/.test(amazonAuthorizationId)) {
        throw invalid(
          `Invalid Amazon authorization id ${JSON.stringify(amazonAuthorizationId)}: expected the form S01-1234567-1234567-A123456.`,
          'InvalidAuthorizationId',
        );
      }
      const result = await call('GetAuthorizationDetails', { AmazonAuthorizationId: amazonAuthorizationId }, true, signal);
      return parseAuthorizationDetails(child(result, 'AuthorizationDetails'));
    },
  };
}
