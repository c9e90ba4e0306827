/// <reference types="node" />
/**
 * Amazon Pay Checkout v2 (the pop-up's button) through Amazon's official Node
 * SDK, @amazonpay/amazon-pay-api-sdk-nodejs (optional peer dependency). The SDK
 * signs; this wrapper validates input, adds timeouts and abort, and maps replies
 * and errors to the kit's types. It never retries: the SDK's own retries do not
 * work in 2.3.x, and Complete Checkout Session is not repeated blindly.
 */
import { AmazonPayError, throwIfAborted } from '../../domain/errors';
import type { ChargeDetails, CompletedCheckoutSession, Region, SignedCheckoutSessionPayload } from '../../domain/types';
import { isRegion } from '../../domain/regions';
import { parseMoney } from '../../domain/validation';
import type { CheckoutV2ChargeClient, CheckoutV2Client } from '../amazon-clients';
import { readCharge, readChargePermission, readClosedChargePermission } from './charge-reply';
import { optionalPeer } from './optional-peer';
import { checkedPrivateKey, checkPublicKeyId } from './private-key';

export type ButtonSignatureAlgorithm = SignedCheckoutSessionPayload['algorithm'];

export interface CheckoutV2ClientOptions {
  /** The public key id registered in Seller Central (not the merchant id). */
  readonly publicKeyId: string;
  /** PEM of the RSA private key; server only. */
  readonly privateKey: string | Buffer;
  readonly region: Region;
  readonly sandbox: boolean;
  /** Default `AMZN-PAY-RSASSA-PSS-V2` (salt 32), Amazon's choice for new integrations. */
  readonly algorithm?: ButtonSignatureAlgorithm;
  /** Per API call; default 30 000 ms. The SDK cannot cancel its request, so a late reply is ignored. */
  readonly timeoutMs?: number;
  /**
   * TESTS ONLY: `host:port` of a fake Amazon Pay API. The SDK then turns off TLS
   * certificate checks for the whole process (it sets NODE_TLS_REJECT_UNAUTHORIZED=0),
   * so this must never be set in production.
   */
  readonly unsafeTestServiceHost?: string;
}

const loadSdk = optionalPeer('@amazonpay/amazon-pay-api-sdk-nodejs', async () => {
  const module = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ '@amazonpay/amazon-pay-api-sdk-nodejs');
  return module.default ?? module;
});

/** Ids that go into a URL path: checkout sessions are UUID-like, charges `S01-1234567-1234567-C123456`. */
const PATH_ID = /^[A-Za-z0-9-]{1,100}$/;

function invalid(message: string, code: string): AmazonPayError {
  return new AmazonPayError('validation', message, { code, retryable: false });
}

interface HttpFailure {
  readonly status: number;
  readonly reasonCode?: string;
  readonly message?: string;
}

/** axios errors carry `response.status` and Amazon's `{ reasonCode, message }` body. */
function httpFailureOf(error: unknown): HttpFailure | undefined {
  const response = (error as { response?: { status?: unknown; data?: unknown } } | null)?.response;
  if (!response || typeof response.status !== 'number') return undefined;
  const data = (typeof response.data === 'object' && response.data !== null ? response.data : {}) as Record<string, unknown>;
  return {
    status: response.status,
    ...(typeof data.reasonCode === 'string' ? { reasonCode: data.reasonCode } : {}),
    ...(typeof data.message === 'string' ? { message: data.message } : {}),
  };
}

function toError(error: unknown, operation: string): AmazonPayError {
  if (error instanceof AmazonPayError) return error;
  const failure = httpFailureOf(error);
  if (failure) {
    const code = failure.reasonCode ?? `Http${failure.status}`;
    return new AmazonPayError('amazon', `Amazon Pay ${operation} failed: ${code}${failure.message ? ` (${failure.message})` : ''}.`, {
      code,
      status: failure.status,
      cause: error,
      retryable: failure.status === 429 || failure.status >= 500,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AmazonPayError('network', `Amazon Pay ${operation} failed: ${message}`, { cause: error });
}

/** Races the SDK promise against the timeout and the caller's signal. */
function guarded<T>(promise: Promise<T>, operation: string, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(new AmazonPayError('aborted', 'The request was aborted.', { cause: signal?.reason, retryable: false }));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new AmazonPayError('timeout', `Amazon Pay ${operation} did not answer within ${timeoutMs} ms.`));
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(toError(error, operation));
      },
    );
  });
}

interface StatusDetails {
  readonly state?: unknown;
  readonly reasonCode?: unknown;
  readonly reasonDescription?: unknown;
}

function sessionData(data: unknown): {
  statusDetails: StatusDetails;
  chargePermissionId?: unknown;
  chargeId?: unknown;
  merchantReferenceId?: unknown;
} {
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const statusDetails = (
    typeof record.statusDetails === 'object' && record.statusDetails !== null ? record.statusDetails : {}
  ) as StatusDetails;
  const metadata = (
    typeof record.merchantMetadata === 'object' && record.merchantMetadata !== null ? record.merchantMetadata : {}
  ) as Record<string, unknown>;
  return {
    statusDetails,
    chargePermissionId: record.chargePermissionId,
    chargeId: record.chargeId,
    merchantReferenceId: metadata.merchantReferenceId,
  };
}

function pathId(value: unknown, name: string): string {
  if (typeof value !== 'string' || !PATH_ID.test(value))
    throw invalid(`Invalid ${name} ${JSON.stringify(value)}.`, `Invalid${name[0]!.toUpperCase()}${name.slice(1)}`);
  return value;
}

function canceled(checkoutSessionId: string, details: StatusDetails): CompletedCheckoutSession {
  if (typeof details.reasonCode !== 'string' || details.reasonCode === '') {
    throw new AmazonPayError('malformed', 'Amazon Pay reported a canceled checkout session without a reasonCode.', {
      code: 'MalformedReply',
      retryable: false,
    });
  }
  return {
    state: 'Canceled',
    checkoutSessionId,
    reasonCode: details.reasonCode,
    ...(typeof details.reasonDescription === 'string' ? { reasonDescription: details.reasonDescription } : {}),
  };
}

/**
 * Creates the Checkout v2 client. `completeCheckoutSession` answers
 * `{ state: 'Canceled', reasonCode }` (Declined, BuyerCanceled, ...) when
 * Amazon refuses with CheckoutSessionCanceled, reading the reason with
 * Get Checkout Session, so the page can offer Amazon Pay again.
 */
export function createCheckoutV2Client(options: CheckoutV2ClientOptions): CheckoutV2Client & CheckoutV2ChargeClient {
  const publicKeyId = checkPublicKeyId(options.publicKeyId, options.sandbox);
  const privateKey = checkedPrivateKey(options.privateKey);
  if (!isRegion(options.region))
    throw invalid(
      `createCheckoutV2Client: region ${JSON.stringify(options.region)} is not one of us, uk, eu, de, jp.`,
      'InvalidConfiguration',
    );
  const algorithm: ButtonSignatureAlgorithm = options.algorithm ?? 'AMZN-PAY-RSASSA-PSS-V2';
  const timeoutMs = options.timeoutMs ?? 30_000;
  let client: Promise<InstanceType<Awaited<ReturnType<typeof loadSdk>>['WebStoreClient']>> | undefined;
  const webStoreClient = () => {
    client ??= loadSdk().then(
      (sdk) =>
        new sdk.WebStoreClient({
          publicKeyId,
          privateKey,
          region: options.region,
          sandbox: options.sandbox,
          algorithm,
          ...(options.unsafeTestServiceHost ? { overrideServiceUrl: options.unsafeTestServiceHost } : {}),
        }),
    );
    return client;
  };

  return {
    region: options.region,
    async ready() {
      await loadSdk();
    },
    async signButtonPayload(payloadJSON) {
      if (typeof payloadJSON !== 'string')
        throw invalid('signButtonPayload signs the exact payload string; pass a string, not an object.', 'InvalidPayload');
      try {
        JSON.parse(payloadJSON);
      } catch {
        throw invalid('The button payload is not valid JSON.', 'InvalidPayload');
      }
      const signature = (await webStoreClient()).generateButtonSignature(payloadJSON);
      return { signature, publicKeyId, algorithm };
    },

    async completeCheckoutSession(request, signal) {
      const { checkoutSessionId } = request;
      if (typeof checkoutSessionId !== 'string' || !PATH_ID.test(checkoutSessionId)) {
        throw invalid(`Invalid checkout session id ${JSON.stringify(checkoutSessionId)}.`, 'InvalidCheckoutSessionId');
      }
      const chargeAmount = parseMoney(request.amount.amount, request.amount.currencyCode);
      const sdk = await webStoreClient();
      let data: unknown;
      try {
        data = (
          await guarded(sdk.completeCheckoutSession(checkoutSessionId, { chargeAmount }), 'Complete Checkout Session', timeoutMs, signal)
        ).data;
      } catch (error) {
        if (!(error instanceof AmazonPayError) || error.code !== 'CheckoutSessionCanceled') throw error;
        const session = await guarded(sdk.getCheckoutSession(checkoutSessionId), 'Get Checkout Session', timeoutMs, signal);
        return canceled(checkoutSessionId, sessionData(session.data).statusDetails);
      }
      const { statusDetails, chargePermissionId, chargeId, merchantReferenceId } = sessionData(data);
      if (statusDetails.state === 'Canceled') return canceled(checkoutSessionId, statusDetails);
      if (statusDetails.state !== 'Completed' || typeof chargePermissionId !== 'string' || chargePermissionId === '') {
        throw new AmazonPayError(
          'malformed',
          `Amazon Pay answered Complete Checkout Session with state ${JSON.stringify(statusDetails.state)} and no chargePermissionId.`,
          {
            code: 'MalformedReply',
            retryable: false,
          },
        );
      }
      return {
        state: 'Completed',
        checkoutSessionId,
        chargePermissionId,
        ...(typeof chargeId === 'string' && chargeId ? { chargeId } : {}),
        // Amazon allows 256 characters; anything else is not the id the payload carried.
        ...(typeof merchantReferenceId === 'string' && merchantReferenceId !== '' && merchantReferenceId.length <= 256
          ? { merchantReferenceId }
          : {}),
      };
    },

    async getCharge(chargeId, signal): Promise<ChargeDetails> {
      const id = pathId(chargeId, 'chargeId');
      const sdk = await webStoreClient();
      return readCharge((await guarded(sdk.getCharge(id), 'Get Charge', timeoutMs, signal)).data, id);
    },

    async getChargePermission(chargePermissionId, signal) {
      const id = pathId(chargePermissionId, 'chargePermissionId');
      const sdk = await webStoreClient();
      return readChargePermission((await guarded(sdk.getChargePermission(id), 'Get Charge Permission', timeoutMs, signal)).data, id);
    },

    async closeChargePermission(request, signal) {
      const id = pathId(request.chargePermissionId, 'chargePermissionId');
      const closureReason = String(request.closureReason ?? '').slice(0, 255);
      if (closureReason === '') throw invalid('closeChargePermission needs a closureReason.', 'InvalidParameterValue');
      const sdk = await webStoreClient();
      const reply = await guarded(
        sdk.closeChargePermission(id, { closureReason, cancelPendingCharges: request.cancelPendingCharges }),
        'Close Charge Permission',
        timeoutMs,
        signal,
      );
      return readClosedChargePermission(reply.data, id);
    },
  };
}
