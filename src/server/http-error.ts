import { AmazonPayError, type AmazonPayErrorKind } from '../domain/errors';

/** The error body of every non-2xx reply (docs/backend-contract.md, "Errors"). */
export interface ErrorBody {
  readonly error: { readonly kind: AmazonPayErrorKind; readonly code: string; readonly message: string; readonly retryable: boolean };
}

/**
 * Errors the handler wrote itself about the request in hand (a field, an
 * amount, a route): their message is safe to show the caller. Any other
 * error (from Amazon, a transport, a store, a callback) is answered with a
 * generic message and reported to `onError`.
 */
const callerErrors = new WeakSet<AmazonPayError>();

/** Marks an error as the handler's own answer about the caller's request. */
export function callerError(error: AmazonPayError): AmazonPayError {
  callerErrors.add(error);
  return error;
}

export function isCallerError(error: unknown): boolean {
  return error instanceof AmazonPayError && callerErrors.has(error);
}

/** A request the handler refuses before calling Amazon, with its HTTP status. */
export function requestError(status: number, code: string, message: string): AmazonPayError {
  return callerError(new AmazonPayError('validation', message, { status, code, retryable: false }));
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** Amazon's 5xx are the gateway's problem (502); its 4xx go through as they are. */
function statusFor(error: AmazonPayError): number {
  const status = error.status ?? 0;
  switch (error.kind) {
    case 'validation':
      return status >= 400 && status < 500 ? status : 400;
    case 'amazon':
      if (status === 429 || error.code === 'RequestThrottled') return 429;
      return status >= 400 && status < 500 ? status : 502;
    case 'timeout':
      return 504;
    case 'configuration':
      return 500;
    default:
      return 502;
  }
}

/** The generic message per kind and status: never a transport's or Amazon's own text. */
function genericMessage(kind: AmazonPayErrorKind, status: number): string {
  switch (kind) {
    case 'amazon':
      if (status === 429) return 'Amazon Pay is throttling requests; try again shortly.';
      return status < 500 ? 'Amazon Pay refused the request.' : 'Amazon Pay failed; try again later.';
    case 'network':
      return 'Amazon Pay could not be reached; try again later.';
    case 'timeout':
      return 'Amazon Pay did not answer in time; retry the same request.';
    case 'malformed':
      return 'Amazon Pay sent an unexpected reply.';
    case 'configuration':
      return 'The payment server is not configured; its log names what is missing.';
    default:
      return 'The request was refused.';
  }
}

/** Codes are identifiers (`InvalidOrderReferenceStatus`); anything else is not passed on. */
const SAFE_CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** The code of a reply whose error had none (a transport failure, a timeout). */
const DEFAULT_CODE: Readonly<Record<AmazonPayErrorKind, string>> = {
  amazon: 'AmazonError',
  network: 'AmazonUnreachable',
  timeout: 'AmazonTimeout',
  malformed: 'MalformedReply',
  validation: 'InvalidRequest',
  aborted: 'InternalError',
  script: 'InternalError',
  configuration: 'ServerNotConfigured',
};

const INTERNAL_ERROR: ErrorBody = {
  error: { kind: 'amazon', code: 'InternalError', message: 'The payment server failed; try again later.', retryable: true },
};

/**
 * Turns any failure into the contract's error reply: a code and a short
 * message. Only the handler's own messages about the request
 * ({@link isCallerError}) are passed on; Amazon's errors keep their kind,
 * code and status with a generic message; a `validation` error from anywhere
 * else (a misconfigured client, a missing peer) and anything that is not an
 * AmazonPayError (a bug, a driver error quoting a connection string) is a bare
 * 500 InternalError. `outsideValidation` lets the IPN route answer its
 * verifier's refusals with 400 and their code.
 */
export function errorResponse(
  error: unknown,
  headers: Record<string, string> = {},
  outsideValidation: 'internal' | 'refused' = 'internal',
): Response {
  if (!(error instanceof AmazonPayError) || error.kind === 'aborted' || error.kind === 'script')
    return jsonResponse(INTERNAL_ERROR, 500, headers);
  const own = isCallerError(error);
  if (error.kind === 'validation' && !own && outsideValidation === 'internal') return jsonResponse(INTERNAL_ERROR, 500, headers);
  // The handler's own refusals carry their exact status (403, 409, 503); others are mapped by kind.
  const status = own && error.status !== undefined ? error.status : statusFor(error);
  // Amazon's 5xx and throttling are worth another try even when the client did not flag them.
  const retryable = error.retryable || (error.kind === 'amazon' && (status === 429 || status === 502));
  const code = error.code !== undefined && SAFE_CODE.test(error.code) ? error.code : DEFAULT_CODE[error.kind];
  const message = own ? error.message : genericMessage(error.kind, status);
  const body: ErrorBody = { error: { kind: error.kind, code, message, retryable } };
  return jsonResponse(body, status, headers);
}

/** The merchant's server is not set up: answered 500 with kind `configuration`, never retryable; `message` goes to the log. */
export function configurationError(message: string, code = 'ServerNotConfigured'): AmazonPayError {
  return new AmazonPayError('configuration', message, { code, retryable: false });
}
