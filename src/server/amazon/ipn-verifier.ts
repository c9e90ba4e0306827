/// <reference types="node" />
/**
 * Verifies Amazon Pay Instant Payment Notifications (legacy MWS IPNs over
 * Amazon SNS) before anything in them is trusted.
 */
import { verify, X509Certificate } from 'node:crypto';
import { AmazonPayError } from '../../domain/errors';
import { isMerchantId } from '../../domain/regions';
import type { IpnVerifier } from '../amazon-clients';
import { topicMatcher, type TopicArnRule } from './amazon-pay-topics';
import { parseIpnMessage, toVerifiedNotification } from './ipn-message-parser';
import { createSnsCertificateCache } from './sns-certificate-cache';
import { xmlParserReady } from './xml';
import { assertSnsCertificateUrl, hasSnsSubject, ipnError, parseSnsEnvelope, SNS_CERTIFICATE_CN, snsStringToSign } from './sns-envelope';

export interface IpnVerifierOptions {
  /**
   * Required. The SNS topics your notifications come from: exact ARNs or
   * anchored patterns; `amazonPayTopicArns({ sellerId, region })` builds them.
   * SNS signs every AWS account's messages with the same certificate, so a
   * signature alone proves nothing about the sender.
   */
  readonly allowedTopicArns: readonly TopicArnRule[];
  /** Required. Your Amazon Pay merchant id: the inner message's SellerId (Checkout v2: MerchantID) must equal it. */
  readonly expectedSellerId: string;
  /** Downloads the PEM at an already-checked SNS URL. Default: https fetch (10 s timeout, no redirects). */
  readonly fetchCertificate?: (url: string) => Promise<string>;
  readonly now?: () => Date;
  /** Oldest accepted SNS Timestamp, in ms; default one hour. See the note on retries in the README. */
  readonly maxAgeMs?: number;
}

/** Amazon's clock and ours may differ a little; a Timestamp further ahead than this is refused. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** SignatureVersion "1" is RSA-SHA1 and "2" RSA-SHA256, over the same string; nothing else is accepted. */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' };

async function fetchCertificateOverHttps(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

function checkOptions(options: IpnVerifierOptions | undefined): (topicArn: string) => boolean {
  const sellerId = options?.expectedSellerId;
  if (!isMerchantId(sellerId)) {
    throw ipnError(
      'InvalidConfiguration',
      `createIpnVerifier: expectedSellerId ${JSON.stringify(sellerId)} is not an Amazon Pay merchant id (8-20 capital letters and digits); pass your merchant id from Seller Central. Notifications for any other seller are refused.`,
    );
  }
  return topicMatcher(options?.allowedTopicArns);
}

/**
 * Creates the verifier. Cheap checks come first, and a certificate is
 * downloaded only for an envelope that passed them all: the
 * `x-amz-sns-message-type` header is `Notification` (a SubscriptionConfirmation
 * is refused with code `SubscriptionConfirmation`: Amazon Pay sets its
 * subscriptions up itself); the envelope's fields; SignatureVersion "1"
 * (RSA-SHA1) or "2" (RSA-SHA256); the topic is allowed (and equals the
 * `x-amz-sns-topic-arn` header when there is one); the inner message's
 * SellerId (a Checkout v2 message's MerchantID); the Timestamp; the SigningCertURL's shape
 * (SNS's own naming: `https://sns.<region>.amazonaws.com[.cn]/SimpleNotificationService-<hex>.pem`).
 * Then the certificate (sns-certificate-cache.ts: at most 16, one download per URL at a time, a
 * failed URL not tried again for a minute, at most 6 new URLs a minute, and one that verified a
 * signature in the last 24 h never evicted by others) must have the subject CN `sns.amazonaws.com`
 * (as Amazon's PHP SDK requires) and its key must verify the signature; only
 * then is NotificationData parsed.
 *
 * A redelivered MessageId verifies again on purpose: SNS redelivers after a
 * failed answer (say the store was down), and refusing it here would lose the
 * notification. Deduplicate after storing, by NotificationReferenceId (v2:
 * NotificationId; the handler does, through OrderStore.markNotificationProcessed).
 *
 * Every failure is an AmazonPayError of kind `validation` with a code (but
 * CertificateUnavailable, kind `network`: SNS should deliver again):
 * MissingMessageType, SubscriptionConfirmation, UnsupportedMessageType,
 * MalformedNotification, UnsupportedSignatureVersion, ForbiddenTopic,
 * ForeignSeller, StaleNotification, ForbiddenCertHost, CertificateUnavailable,
 * UntrustedCertificate, InvalidSignature. Construction without
 * `allowedTopicArns` or `expectedSellerId` throws `InvalidConfiguration`.
 */
export function createIpnVerifier(options: IpnVerifierOptions): IpnVerifier {
  const isAllowedTopic = checkOptions(options);
  const fetchCertificate = options.fetchCertificate ?? fetchCertificateOverHttps;
  const now = options.now ?? (() => new Date());
  const maxAgeMs = options.maxAgeMs ?? 60 * 60_000;
  const certificates = createSnsCertificateCache({ fetchCertificate, now: () => now().getTime() });

  function certificate(url: string): Promise<X509Certificate> {
    const found = certificates.get(url);
    if (typeof found === 'string') {
      const why =
        found === 'recentlyFailed'
          ? 'its download failed a short while ago'
          : 'too many new certificate URLs were downloaded in the last minute';
      return Promise.reject(
        new AmazonPayError('network', `The SNS signing certificate at ${url} is not downloaded now: ${why}.`, {
          code: 'CertificateUnavailable',
          retryable: true,
        }),
      );
    }
    return found.catch((cause: unknown) => {
      // Not a forgery but a passing failure: `network` makes the handler answer 502, so SNS delivers again.
      throw new AmazonPayError('network', `Could not load the SNS signing certificate from ${url}.`, {
        code: 'CertificateUnavailable',
        cause,
        retryable: true,
      });
    });
  }

  return {
    ready: xmlParserReady,
    async verify(body, headers) {
      const messageType = headers.get('x-amz-sns-message-type');
      if (!messageType) throw ipnError('MissingMessageType', 'The x-amz-sns-message-type header is missing: not an SNS notification.');
      if (messageType === 'SubscriptionConfirmation') {
        throw ipnError(
          'SubscriptionConfirmation',
          'SNS sent a SubscriptionConfirmation; Amazon Pay notifications need no confirmation from the merchant.',
        );
      }
      if (messageType !== 'Notification')
        throw ipnError('UnsupportedMessageType', `Unsupported SNS message type ${JSON.stringify(messageType)}.`);

      const envelope = parseSnsEnvelope(body);
      if (envelope.Type !== 'Notification')
        throw ipnError('UnsupportedMessageType', `The envelope Type ${JSON.stringify(envelope.Type)} does not match the header.`);
      const algorithm = SIGNATURE_ALGORITHMS[envelope.SignatureVersion];
      if (!Object.hasOwn(SIGNATURE_ALGORITHMS, envelope.SignatureVersion) || !algorithm) {
        throw ipnError(
          'UnsupportedSignatureVersion',
          `SignatureVersion ${JSON.stringify(envelope.SignatureVersion)} is not accepted; only "1" (RSA-SHA1) and "2" (RSA-SHA256).`,
        );
      }
      const headerTopic = headers.get('x-amz-sns-topic-arn');
      if (!isAllowedTopic(envelope.TopicArn) || (headerTopic !== null && headerTopic !== envelope.TopicArn)) {
        throw ipnError('ForbiddenTopic', `Notifications from topic ${envelope.TopicArn} are not accepted (allowedTopicArns).`);
      }
      const message = parseIpnMessage(envelope.Message);
      if (message.sellerId !== options.expectedSellerId) {
        throw ipnError('ForeignSeller', `The notification is for seller ${String(message.sellerId)}, not ${options.expectedSellerId}.`);
      }
      const sentAt = Date.parse(envelope.Timestamp);
      const at = now().getTime();
      if (Number.isNaN(sentAt)) throw ipnError('MalformedNotification', `Unreadable Timestamp ${JSON.stringify(envelope.Timestamp)}.`);
      if (at - sentAt > maxAgeMs || sentAt - at > MAX_CLOCK_SKEW_MS) {
        throw ipnError('StaleNotification', `Notification Timestamp ${envelope.Timestamp} is outside the accepted window.`);
      }
      const certUrl = assertSnsCertificateUrl(envelope.SigningCertURL);

      const cert = await certificate(certUrl.href);
      if (!hasSnsSubject(cert.subject)) {
        throw ipnError(
          'UntrustedCertificate',
          `The certificate at ${certUrl.href} is for ${JSON.stringify(cert.subject)}, not CN=${SNS_CERTIFICATE_CN}.`,
        );
      }
      const signature = Buffer.from(envelope.Signature, 'base64');
      const valid = signature.length > 0 && verify(algorithm, Buffer.from(snsStringToSign(envelope), 'utf8'), cert.publicKey, signature);
      if (!valid) throw ipnError('InvalidSignature', 'The notification signature does not match its content.');
      certificates.verified(certUrl.href);

      return toVerifiedNotification(message);
    },
  };
}
