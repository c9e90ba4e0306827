/// <reference types="node" />
/**
 * Verifies Amazon Pay Instant Payment Notifications (legacy MWS IPNs over
 * Amazon SNS) before anything in them is trusted.
 */
import { verify, X509Certificate } from 'node:crypto';
import { AmazonPayError } from '../../domain/errors';
import type { IpnVerifier } from '../amazon-clients';
import { parseIpnMessage, toVerifiedNotification } from './ipn-message-parser';
import { assertSnsCertificateUrl, ipnError, parseSnsEnvelope, snsStringToSign } from './sns-envelope';

export interface IpnVerifierOptions {
  /** Downloads the PEM at an already-checked SNS URL. Default: https fetch (10 s timeout, no redirects). */
  readonly fetchCertificate?: (url: string) => Promise<string>;
  readonly now?: () => Date;
  /** Oldest accepted SNS Timestamp, in ms; default one hour. See the note on retries in the README. */
  readonly maxAgeMs?: number;
  /** Rejects notifications for another merchant (the inner message's SellerId). */
  readonly expectedSellerId?: string;
  /** Rejects notifications from other SNS topics. */
  readonly allowedTopicArns?: readonly string[];
}

/** Amazon's clock and ours may differ a little; a Timestamp further ahead than this is refused. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const MAX_CACHED_CERTIFICATES = 32;

async function fetchCertificateOverHttps(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

/**
 * Creates the verifier. It checks, in order: the `x-amz-sns-message-type`
 * header is `Notification` (a SubscriptionConfirmation is rejected with code
 * `SubscriptionConfirmation`: Amazon Pay sets its subscriptions up itself);
 * the envelope; SignatureVersion "1"; the SigningCertURL; the topic; the age;
 * the RSA-SHA1 signature with the certificate's key; then the inner message.
 * A redelivered MessageId verifies again on purpose: SNS redelivers after a
 * failed answer (say the store was down), and refusing it here would lose the
 * notification. Deduplicate after storing, by NotificationReferenceId (the
 * handler does, through OrderStore.markNotificationProcessed); used on its own,
 * replay protection is the caller's.
 * Every failure is an AmazonPayError of kind `validation` with a code (but
 * CertificateUnavailable, kind `network`: SNS should deliver again):
 * MissingMessageType, SubscriptionConfirmation, UnsupportedMessageType,
 * MalformedNotification, UnsupportedSignatureVersion, ForbiddenCertHost,
 * ForbiddenTopic, StaleNotification, CertificateUnavailable, InvalidSignature,
 * ForeignSeller.
 */
export function createIpnVerifier(options: IpnVerifierOptions = {}): IpnVerifier {
  const fetchCertificate = options.fetchCertificate ?? fetchCertificateOverHttps;
  const now = options.now ?? (() => new Date());
  const maxAgeMs = options.maxAgeMs ?? 60 * 60_000;
  const certificates = new Map<string, Promise<X509Certificate>>();

  function certificate(url: string): Promise<X509Certificate> {
    let cached = certificates.get(url);
    if (!cached) {
      if (certificates.size >= MAX_CACHED_CERTIFICATES) certificates.delete(certificates.keys().next().value as string);
      cached = fetchCertificate(url).then((pem) => new X509Certificate(pem));
      cached.catch(() => certificates.delete(url));
      certificates.set(url, cached);
    }
    return cached.catch((cause: unknown) => {
      // Not a forgery but a passing failure: `network` makes the handler answer 502, so SNS delivers again.
      throw new AmazonPayError('network', `Could not load the SNS signing certificate from ${url}.`, { code: 'CertificateUnavailable', cause, retryable: true });
    });
  }

  return {
    async verify(body, headers) {
      const messageType = headers.get('x-amz-sns-message-type');
      if (!messageType) throw ipnError('MissingMessageType', 'The x-amz-sns-message-type header is missing: not an SNS notification.');
      if (messageType === 'SubscriptionConfirmation') {
        throw ipnError('SubscriptionConfirmation', 'SNS sent a SubscriptionConfirmation; Amazon Pay notifications need no confirmation from the merchant.');
      }
      if (messageType !== 'Notification') throw ipnError('UnsupportedMessageType', `Unsupported SNS message type ${JSON.stringify(messageType)}.`);

      const envelope = parseSnsEnvelope(body);
      if (envelope.Type !== 'Notification') throw ipnError('UnsupportedMessageType', `The envelope Type ${JSON.stringify(envelope.Type)} does not match the header.`);
      if (envelope.SignatureVersion !== '1') {
        throw ipnError('UnsupportedSignatureVersion', `SignatureVersion ${JSON.stringify(envelope.SignatureVersion)} is not accepted; only "1" (RSA-SHA1).`);
      }
      const certUrl = assertSnsCertificateUrl(envelope.SigningCertURL);
      if (options.allowedTopicArns && !options.allowedTopicArns.includes(envelope.TopicArn)) {
        throw ipnError('ForbiddenTopic', `Notifications from topic ${envelope.TopicArn} are not accepted.`);
      }
      const sentAt = Date.parse(envelope.Timestamp);
      const at = now().getTime();
      if (Number.isNaN(sentAt)) throw ipnError('MalformedNotification', `Unreadable Timestamp ${JSON.stringify(envelope.Timestamp)}.`);
      if (at - sentAt > maxAgeMs || sentAt - at > MAX_CLOCK_SKEW_MS) {
        throw ipnError('StaleNotification', `Notification Timestamp ${envelope.Timestamp} is outside the accepted window.`);
      }

      const cert = await certificate(certUrl.href);
      const signature = Buffer.from(envelope.Signature, 'base64');
      const valid = signature.length > 0 && verify('RSA-SHA1', Buffer.from(snsStringToSign(envelope), 'utf8'), cert.publicKey, signature);
      if (!valid) throw ipnError('InvalidSignature', 'The notification signature does not match its content.');

      const message = parseIpnMessage(envelope.Message);
      if (options.expectedSellerId && message.sellerId !== options.expectedSellerId) {
        throw ipnError('ForeignSeller', `The notification is for seller ${String(message.sellerId)}, not this merchant.`);
      }
      return toVerifiedNotification(message);
    },
  };
}
