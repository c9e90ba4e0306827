/**
 * What forged notifications can make the verifier download. Everything the
 * cheap checks read is public, so these envelopes pass them all and differ
 * only in a new SigningCertURL on an SNS host each (which, at the real SNS,
 * would be a 404), or in a bad signature.
 */
import { sign } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { amazonPayTopicArns, createIpnVerifier, type IpnVerifierOptions } from '../../../src/server/amazon';
import { makeSelfSignedCertificate } from '../test-certificates';

const SELLER = 'A2K7NDRCTOTPW9';
const TOPIC = `arn:aws:sns:us-east-1:291180941288:A3BXB0YN3XH17H${SELLER}`;
const GENUINE_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-bb750dd426d95ee9390147a5624348ee.pem';
const sns = makeSelfSignedCertificate('sns.amazonaws.com');
const forger = makeSelfSignedCertificate('sns.amazonaws.com');
const forgedUrl = (n: number) => `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${n.toString(16).padStart(32, 'f')}.pem`;
const headers = new Headers({ 'x-amz-sns-message-type': 'Notification' });

let clock = Date.parse('2026-12-05T10:00:00.000Z');
let counter = 0;

function envelope(certUrl: string, key = sns.keyPem): string {
  const id = `n-${++counter}`;
  const data = `<AuthorizationNotification><AuthorizationDetails><AmazonAuthorizationId>S01-1234567-1234567-A000001</AmazonAuthorizationId><AuthorizationReferenceId>r-1</AuthorizationReferenceId><AuthorizationAmount><Amount>1.00</Amount><CurrencyCode>USD</CurrencyCode></AuthorizationAmount><AuthorizationStatus><State>Open</State><LastUpdateTimestamp>2026-12-05T09:59:00.000Z</LastUpdateTimestamp></AuthorizationStatus></AuthorizationDetails></AuthorizationNotification>`;
  const fields = {
    Type: 'Notification',
    MessageId: id,
    TopicArn: TOPIC,
    Message: JSON.stringify({
      NotificationReferenceId: id,
      NotificationType: 'PaymentAuthorize',
      SellerId: SELLER,
      NotificationData: data,
    }),
    Timestamp: new Date(clock).toISOString(),
  };
  const toSign = `Message\n${fields.Message}\nMessageId\n${fields.MessageId}\nTimestamp\n${fields.Timestamp}\nTopicArn\n${fields.TopicArn}\nType\n${fields.Type}\n`;
  return JSON.stringify({
    ...fields,
    SignatureVersion: '1',
    Signature: sign('RSA-SHA1', Buffer.from(toSign), key).toString('base64'),
    SigningCertURL: certUrl,
  });
}

let downloads: string[];
/** Serves the genuine certificate at GENUINE_URL, a 404 elsewhere (unless `alsoServed` has the URL: an old SNS certificate). */
let alsoServed: Set<string>;
let options: IpnVerifierOptions;
beforeEach(() => {
  downloads = [];
  alsoServed = new Set();
  options = {
    allowedTopicArns: amazonPayTopicArns({ sellerId: SELLER, region: 'us' }),
    expectedSellerId: SELLER,
    now: () => new Date(clock),
    fetchCertificate: async (url) => {
      downloads.push(url);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (url === GENUINE_URL || alsoServed.has(url)) return sns.certPem;
      throw new Error('HTTP 404');
    },
  };
});

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'verified',
    (error: { code?: string }) => error.code ?? 'error',
  );

describe('forged notifications cannot make the verifier download much, nor push out the genuine certificate', () => {
  it('40 forged envelopes, each with a new certificate URL: at most 6 downloads a minute, the rest refused without one; the genuine certificate is downloaded once', async () => {
    const verifier = createIpnVerifier(options);
    await expect(verifier.verify(envelope(GENUINE_URL), headers)).resolves.toMatchObject({ kind: 'authorization' });
    const forged: string[] = [];
    for (let n = 0; n < 40; n += 1) forged.push(await outcome(verifier.verify(envelope(forgedUrl(n), forger.keyPem), headers)));
    expect(forged.every((code) => code === 'CertificateUnavailable')).toBe(true);
    expect(downloads.filter((url) => url !== GENUINE_URL).length).toBeLessThanOrEqual(5);
    await expect(verifier.verify(envelope(GENUINE_URL), headers)).resolves.toMatchObject({ kind: 'authorization' });
    expect(downloads.filter((url) => url === GENUINE_URL)).toHaveLength(1);
  });

  it('a verified certificate stays while forged envelopes fill the cache with certificates that never verify anything', async () => {
    const verifier = createIpnVerifier(options);
    await verifier.verify(envelope(GENUINE_URL), headers);
    // Old genuine SNS certificates at other URLs, named in envelopes the forger signed: downloaded, never verifying.
    for (let n = 0; n < 60; n += 1) {
      alsoServed.add(forgedUrl(n));
      clock += 10_000; // one a 10 s: within the download rate
      expect(await outcome(verifier.verify(envelope(forgedUrl(n), forger.keyPem), headers))).toBe('InvalidSignature');
    }
    expect(downloads.length).toBe(61);
    await expect(verifier.verify(envelope(GENUINE_URL), headers)).resolves.toMatchObject({ kind: 'authorization' });
    expect(downloads.filter((url) => url === GENUINE_URL)).toHaveLength(1);
  });

  it('one download in flight per URL: 10 envelopes at once naming the same new certificate share it', async () => {
    const verifier = createIpnVerifier(options);
    const results = await Promise.all(Array.from({ length: 10 }, () => verifier.verify(envelope(GENUINE_URL), headers)));
    expect(results).toHaveLength(10);
    expect(downloads).toEqual([GENUINE_URL]);
  });

  it('a URL whose download failed is not tried again for a minute (negative cache), then it is', async () => {
    const verifier = createIpnVerifier(options);
    expect(await outcome(verifier.verify(envelope(forgedUrl(1), forger.keyPem), headers))).toBe('CertificateUnavailable');
    for (let n = 0; n < 5; n += 1)
      expect(await outcome(verifier.verify(envelope(forgedUrl(1), forger.keyPem), headers))).toBe('CertificateUnavailable');
    expect(downloads).toEqual([forgedUrl(1)]);
    clock += 60_001;
    await outcome(verifier.verify(envelope(forgedUrl(1), forger.keyPem), headers));
    expect(downloads).toEqual([forgedUrl(1), forgedUrl(1)]);
  });

  it('the download rate refills with time: 6 a minute', async () => {
    const verifier = createIpnVerifier(options);
    for (let n = 0; n < 10; n += 1) await outcome(verifier.verify(envelope(forgedUrl(n), forger.keyPem), headers));
    expect(downloads).toHaveLength(6);
    clock += 60_000;
    for (let n = 10; n < 20; n += 1) await outcome(verifier.verify(envelope(forgedUrl(n), forger.keyPem), headers));
    expect(downloads).toHaveLength(12);
  });
});
