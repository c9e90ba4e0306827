/**
 * The Amazon SNS envelope that carries Instant Payment Notifications: its
 * fields, the signing-certificate URL rule and the string to sign, the same
 * for SignatureVersion 1 (RSA-SHA1) and 2 (RSA-SHA256) (AWS "Verifying the
 * signatures of Amazon SNS messages").
 */
import { AmazonPayError } from '../../domain/errors';

export interface SnsNotificationEnvelope {
  readonly Type: string;
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Message: string;
  readonly Timestamp: string;
  readonly SignatureVersion: string;
  readonly Signature: string;
  /** Normalised from `SigningCertURL` or `SigningCertUrl`. */
  readonly SigningCertURL: string;
  readonly Subject?: string;
}

export function ipnError(code: string, message: string, cause?: unknown): AmazonPayError {
  return new AmazonPayError('validation', message, { code, cause, retryable: false });
}

const REQUIRED = ['Type', 'MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature'] as const;

/** Parses JSON that must be an object; anything else is a `MalformedNotification`. */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw ipnError('MalformedNotification', `The notification ${what} is not valid JSON.`, cause);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw ipnError('MalformedNotification', `The notification ${what} is not a JSON object.`);
  }
  return parsed as Record<string, unknown>;
}

export function parseSnsEnvelope(body: string): SnsNotificationEnvelope {
  const record = parseJsonObject(body, 'body');
  for (const field of REQUIRED) {
    if (typeof record[field] !== 'string' || record[field] === '')
      throw ipnError('MalformedNotification', `The notification has no ${field}.`);
  }
  const certUrl = record.SigningCertURL ?? record.SigningCertUrl;
  if (typeof certUrl !== 'string' || certUrl === '') throw ipnError('MalformedNotification', 'The notification has no SigningCertURL.');
  if (record.Subject !== undefined && typeof record.Subject !== 'string')
    throw ipnError('MalformedNotification', 'The notification Subject is not a string.');
  return { ...(record as unknown as SnsNotificationEnvelope), SigningCertURL: certUrl };
}

/** The host rule of Amazon's PHP, Java and Python SDKs. */
const SNS_HOST = /^sns\.[a-z0-9-]{3,}\.amazonaws\.com(\.cn)?$/;
/**
 * SNS's certificate naming: `SigningCertURL` is
 * `https://sns.<region>.amazonaws.com/SimpleNotificationService-<hex>.pem` (AWS, "HTTP/HTTPS
 * notification JSON format" and "Verifying the signature of an Amazon SNS message"; the hex is 32
 * digits in every published example). Anything else on an SNS host is not a certificate SNS signs with.
 */
const SNS_CERTIFICATE_PATH = /^\/SimpleNotificationService-[0-9a-f]{16,64}\.pem$/;

/**
 * The certificate must come over https from an SNS host
 * (`sns.<region>.amazonaws.com[.cn]`, default port, no user info) at SNS's
 * own certificate path, with no query string or fragment: a URL that varies per request
 * would force a fresh download (and defeat the cache) for every forged envelope.
 */
export function assertSnsCertificateUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw ipnError('ForbiddenCertHost', `SigningCertURL ${JSON.stringify(value)} is not a URL.`, cause);
  }
  const ok =
    url.protocol === 'https:' &&
    SNS_HOST.test(url.hostname) &&
    url.port === '' &&
    !url.username &&
    !url.password &&
    !value.includes('?') &&
    !value.includes('#') &&
    SNS_CERTIFICATE_PATH.test(url.pathname);
  if (!ok)
    throw ipnError(
      'ForbiddenCertHost',
      `SigningCertURL ${url.href} is not https://sns.<region>.amazonaws.com/SimpleNotificationService-<hex>.pem (no query, fragment, port or user).`,
    );
  return url;
}

/** Amazon's PHP SDK requires this subject CN on the signing certificate. */
export const SNS_CERTIFICATE_CN = 'sns.amazonaws.com';

/** Whether the certificate's subject has exactly one CN and it is {@link SNS_CERTIFICATE_CN}. */
export function hasSnsSubject(subject: string): boolean {
  const names = subject.split('\n').filter((line) => line.startsWith('CN='));
  return names.length === 1 && names[0] === `CN=${SNS_CERTIFICATE_CN}`;
}

/** SignatureVersions 1 and 2: `Key\nValue\n` for Message, MessageId, Subject (if present), Timestamp, TopicArn, Type. */
export function snsStringToSign(envelope: SnsNotificationEnvelope): string {
  const fields: [string, string | undefined][] = [
    ['Message', envelope.Message],
    ['MessageId', envelope.MessageId],
    ['Subject', envelope.Subject],
    ['Timestamp', envelope.Timestamp],
    ['TopicArn', envelope.TopicArn],
    ['Type', envelope.Type],
  ];
  return fields
    .filter((field): field is [string, string] => field[1] !== undefined)
    .map(([key, value]) => `${key}\n${value}\n`)
    .join('');
}
