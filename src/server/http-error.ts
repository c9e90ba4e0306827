import { AmazonPayError, type AmazonPayErrorKind } from '../domain/errors';

/** The error body of every non-2xx reply (docs/backend-contract.md, "Errors"). */
export interface ErrorBody {
  readonly error: { readonly kind: AmazonPayErrorKind; readonly code?: string; readonly message: string; readonly retryable: boolean };
}

/** A request the handler refuses before calling Amazon, with its HTTP status. */
export function requestError(status: number, code: string, message: string): AmazonPayError {
  return new AmazonPayError('validation', message, { status, code, retryable: false });
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

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
    default:
      return 502;
  }
}

/**
 * Turns any failure into the contract's error reply. Only AmazonPayError
 * messages are passed on; anything else (a bug, a driver error that might
 * quote a connection string) becomes a bare InternalError.
 */
export function errorResponse(error: unknown, headers: Record<string, string> = {}): Response {
  if (!(error instanceof AmazonPayError) || error.kind === 'aborted' || error.kind === 'script') {
    const body: ErrorBody = { error: { kind: 'amazon', code: 'InternalError', message: 'The payment server failed; try again later.', retryable: true } };
    return jsonResponse(body, 500, headers);
  }
  const status = statusFor(error);
  // Amazon's 5xx and throttling are worth another try even when the client did not flag them.
  const retryable = error.retryable || (error.kind === 'amazon' && (status === 429 || status === 502));
  const body: ErrorBody = {
    error: { kind: error.kind, ...(error.code === undefined ? {} : { code: error.code }), message: error.message, retryable },
  };
  return jsonResponse(body, status, headers);
}
