/**
 * One signed MWS POST and its reply: transport, timeout, ErrorResponse and
 * retry classification. The operations themselves live in legacy-payments-client.ts.
 */
import { AmazonPayError } from '../../domain/errors';
import { toAmazonPayError } from '../../domain/to-amazon-pay-error';
import type { MwsEndpoint } from './mws-endpoints';
import { MWS_API_VERSION } from './mws-endpoints';
import { mwsTimestamp, signedMwsBody } from './mws-signature';
import { child, parseXml, text, type XmlNode } from './xml';

export interface MwsCredentials {
  readonly sellerId: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly mwsAuthToken?: string;
}

export interface MwsTransport {
  readonly endpoint: MwsEndpoint;
  readonly credentials: MwsCredentials;
  readonly fetch: typeof globalThis.fetch;
  readonly timeoutMs: number;
  readonly now: () => Date;
}

/** Codes Amazon documents as transient. */
const TRANSIENT_CODES = new Set(['RequestThrottled', 'ServiceUnavailable', 'InternalServerError']);

export function isTransientMwsError(error: unknown): boolean {
  return (
    error instanceof AmazonPayError &&
    error.kind === 'amazon' &&
    (error.status === 500 || error.status === 503 || TRANSIENT_CODES.has(error.code ?? ''))
  );
}

async function errorFromReply(status: number, body: string): Promise<AmazonPayError> {
  let root: Record<string, XmlNode> | undefined;
  try {
    root = await parseXml(body);
  } catch {
    root = undefined;
  }
  const error = child(root?.ErrorResponse, 'Error');
  const code = text(error, 'Code');
  if (code) {
    const message = text(error, 'Message') ?? code;
    return new AmazonPayError('amazon', `Amazon MWS error ${code}: ${message}`, {
      code,
      status,
      retryable: status === 500 || status === 503 || TRANSIENT_CODES.has(code),
    });
  }
  if (status === 500 || status === 503) {
    const fallback = status === 500 ? 'InternalServerError' : 'ServiceUnavailable';
    return new AmazonPayError('amazon', `Amazon MWS answered HTTP ${status}.`, { code: fallback, status, retryable: true });
  }
  return new AmazonPayError('malformed', `Amazon MWS answered HTTP ${status} without an ErrorResponse.`, {
    code: 'MalformedReply',
    status,
    retryable: false,
  });
}

/**
 * POSTs one signed action and returns its `<Action>Result` element (an empty
 * string for actions whose result is empty). Rejects with an AmazonPayError:
 * `amazon` for ErrorResponse, `malformed` for unreadable replies,
 * `timeout`/`network`/`aborted` for transport failures.
 */
export async function postMwsAction(
  transport: MwsTransport,
  action: string,
  parameters: Readonly<Record<string, string>>,
  signal?: AbortSignal,
): Promise<XmlNode> {
  const { endpoint, credentials } = transport;
  const body = signedMwsBody({
    host: endpoint.host,
    path: endpoint.path,
    secretKey: credentials.secretKey,
    parameters: {
      ...parameters,
      AWSAccessKeyId: credentials.accessKey,
      Action: action,
      SellerId: credentials.sellerId,
      SignatureMethod: 'HmacSHA256',
      SignatureVersion: '2',
      Timestamp: mwsTimestamp(transport.now()),
      Version: MWS_API_VERSION,
      ...(credentials.mwsAuthToken ? { MWSAuthToken: credentials.mwsAuthToken } : {}),
    },
  });
  const timeout = AbortSignal.timeout(transport.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let status: number;
  let reply: string;
  try {
    const response = await transport.fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'text/xml' },
      body,
      signal: combined,
    });
    status = response.status;
    reply = await response.text();
  } catch (cause) {
    if (!signal?.aborted && timeout.aborted) {
      throw new AmazonPayError('timeout', `Amazon MWS ${action} did not answer within ${transport.timeoutMs} ms.`, { cause });
    }
    throw toAmazonPayError(cause, signal);
  }
  if (status < 200 || status >= 300) throw await errorFromReply(status, reply);
  const root = await parseXml(reply);
  const response = root[`${action}Response`];
  if (response === undefined) {
    throw new AmazonPayError('malformed', `Amazon MWS answered ${action} without a ${action}Response element.`, {
      code: 'MalformedReply',
      status,
      retryable: false,
    });
  }
  return child(response, `${action}Result`) ?? '';
}
