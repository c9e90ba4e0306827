import { generateKeyPairSync, sign } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { amazonPayTopicArns } from '../../../src/server/amazon/amazon-pay-topics';
import { createIpnVerifier, type IpnVerifierOptions } from '../../../src/server/amazon/ipn-verifier';
import { makeSelfSignedCertificate } from '../test-certificates';

const CERT_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-bb750dd426d95ee9390147a5624348ee.pem';
const TOPIC = 'arn:aws:sns:us-east-1:291180941288:A3BXB0YN3XH17HA2K7NDRCTOTPW9';
const SELLER = 'A2K7NDRCTOTPW9';
const NOW = new Date('2024-05-01T12:30:00.000Z');
const { certPem, keyPem } = makeSelfSignedCertificate('sns.amazonaws.com');
const impostor = makeSelfSignedCertificate('evil.example');
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

// NotificationData shapes: amzn/amazon-pay-sdk-java tst/com/amazon/pay/impl/ipn/json/*.json.
const AUTHORIZATION_DATA = `<?xml version="1.0" encoding="UTF-8"?><AuthorizationNotification xmlns="https://mws.amazonservices.com/ipn/OffAmazonPayments/2013-01-01">
    <AuthorizationDetails>
        <AmazonAuthorizationId>S01-2063624-0128488-A098527</AmazonAuthorizationId>
        <AuthorizationReferenceId>attempt-2</AuthorizationReferenceId>
        <AuthorizationAmount><Amount>94.50</Amount><CurrencyCode>USD</CurrencyCode></AuthorizationAmount>
        <CapturedAmount><Amount>0</Amount><CurrencyCode>USD</CurrencyCode></CapturedAmount>
        <AuthorizationFee><Amount>0.0</Amount><CurrencyCode>USD</CurrencyCode></AuthorizationFee>
        <IdList/>
        <CreationTimestamp>2024-05-01T12:00:00.000Z</CreationTimestamp>
        <ExpirationTimestamp>2024-05-31T12:00:00.000Z</ExpirationTimestamp>
        <AuthorizationStatus>
            <State>Declined</State>
            <LastUpdateTimestamp>2024-05-01T12:20:00.000Z</LastUpdateTimestamp>
            <ReasonCode>InvalidPaymentMethod</ReasonCode>
        </AuthorizationStatus>
        <SoftDecline>true</SoftDecline>
        <OrderItemCategories/>
        <CaptureNow>false</CaptureNow>
        <SoftDescriptor>AMZ*Example</SoftDescriptor>
    </AuthorizationDetails>
</AuthorizationNotification>`;

const ORDER_REFERENCE_DATA = `<?xml version="1.0" encoding="UTF-8"?>
<OrderReferenceNotification xmlns="https://mws.amazonservices.com/ipn/OffAmazonPayments/2013-01-01">
    <OrderReference>
        <AmazonOrderReferenceId>S01-2063624-0128488</AmazonOrderReferenceId>
        <OrderTotal><Amount>94.50</Amount><CurrencyCode>USD</CurrencyCode></OrderTotal>
        <SellerOrderAttributes />
        <OrderReferenceStatus>
            <State>Open</State>
            <LastUpdateTimestamp>2024-05-01T12:25:00.000Z</LastUpdateTimestamp>
        </OrderReferenceStatus>
        <CreationTimestamp>2024-05-01T11:58:00.000Z</CreationTimestamp>
        <ExpirationTimestamp>2024-10-28T11:58:00.000Z</ExpirationTimestamp>
    </OrderReference>
</OrderReferenceNotification>`;

let messageCounter = 0;

interface EnvelopeOptions {
  readonly notificationType?: string;
  readonly data?: string;
  readonly sellerId?: string;
  readonly timestamp?: string;
  readonly subject?: string;
  readonly certUrl?: string;
  readonly certKey?: 'SigningCertURL' | 'SigningCertUrl';
  readonly signatureVersion?: string;
  /** Default: SHA-256 for SignatureVersion "2", else SHA-1. */
  readonly digest?: 'RSA-SHA1' | 'RSA-SHA256';
  readonly topic?: string;
  readonly messageId?: string;
  readonly key?: Parameters<typeof sign>[2];
}

/** Signs like SNS, with the string to sign built by hand here (not with src/). */
function envelope(o: EnvelopeOptions = {}): Record<string, string> {
  const message = JSON.stringify({
    ReleaseEnvironment: 'Sandbox',
    MarketplaceID: '136291',
    Version: '2013-01-01',
    NotificationType: o.notificationType ?? 'PaymentAuthorize',
    SellerId: o.sellerId ?? SELLER,
    NotificationReferenceId: `ref-${++messageCounter}`,
    Timestamp: '2024-05-01T12:20:01Z',
    NotificationData: o.data ?? AUTHORIZATION_DATA,
  });
  const fields: Record<string, string> = {
    Type: 'Notification',
    MessageId: o.messageId ?? `0233a8db-bd21-547d-baff-${String(messageCounter).padStart(12, '0')}`,
    TopicArn: o.topic ?? TOPIC,
    Message: message,
    Timestamp: o.timestamp ?? '2024-05-01T12:20:02.000Z',
    ...(o.subject === undefined ? {} : { Subject: o.subject }),
  };
  let toSign = `Message\n${fields.Message}\nMessageId\n${fields.MessageId}\n`;
  if (fields.Subject !== undefined) toSign += `Subject\n${fields.Subject}\n`;
  toSign += `Timestamp\n${fields.Timestamp}\nTopicArn\n${fields.TopicArn}\nType\n${fields.Type}\n`;
  return {
    ...fields,
    SignatureVersion: o.signatureVersion ?? '1',
    Signature: sign(o.digest ?? (o.signatureVersion === '2' ? 'RSA-SHA256' : 'RSA-SHA1'), Buffer.from(toSign), o.key ?? keyPem).toString(
      'base64',
    ),
    [o.certKey ?? 'SigningCertURL']: o.certUrl ?? CERT_URL,
    UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:05542723`,
  };
}

const notificationHeaders = new Headers({ 'x-amz-sns-message-type': 'Notification', 'content-type': 'text/plain; charset=UTF-8' });

describe('createIpnVerifier', () => {
  let fetched: string[];
  let options: IpnVerifierOptions;
  beforeEach(() => {
    fetched = [];
    options = {
      now: () => NOW,
      expectedSellerId: SELLER,
      allowedTopicArns: amazonPayTopicArns({ sellerId: SELLER, region: 'us' }),
      fetchCertificate: async (url) => {
        fetched.push(url);
        return certPem;
      },
    };
  });

  const verify = (verifier: ReturnType<typeof createIpnVerifier>, body: Record<string, string> | string, headers = notificationHeaders) =>
    verifier.verify(typeof body === 'string' ? body : JSON.stringify(body), headers);

  it('verifies a genuine authorization notification and reads its decline', async () => {
    const result = await verify(createIpnVerifier(options), envelope());
    expect(result).toEqual({
      kind: 'authorization',
      notificationId: expect.stringMatching(/^ref-\d+$/),
      authorization: {
        amazonAuthorizationId: 'S01-2063624-0128488-A098527',
        authorizationReferenceId: 'attempt-2',
        amazonOrderReferenceId: 'S01-2063624-0128488',
        state: 'Declined',
        reasonCode: 'InvalidPaymentMethod',
        softDecline: true,
        amount: { amount: '94.50', currencyCode: 'USD' },
        lastUpdateTimestamp: '2024-05-01T12:20:00.000Z',
      },
    });
    expect(fetched).toEqual([CERT_URL]);
  });

  it('verifies a genuine order-reference notification (buyer updated the payment method)', async () => {
    const result = await verify(
      createIpnVerifier(options),
      envelope({ notificationType: 'OrderReferenceNotification', data: ORDER_REFERENCE_DATA }),
    );
    expect(result).toMatchObject({
      kind: 'orderReference',
      orderReference: { amazonOrderReferenceId: 'S01-2063624-0128488', state: 'Open', constraints: [] },
    });
  });

  it('accepts a Subject and the SigningCertUrl spelling, and caches the certificate by URL', async () => {
    const verifier = createIpnVerifier(options);
    await expect(
      verify(verifier, envelope({ subject: 'OffAmazonPayments Notification', certKey: 'SigningCertUrl' })),
    ).resolves.toMatchObject({ kind: 'authorization' });
    await expect(verify(verifier, envelope())).resolves.toMatchObject({ kind: 'authorization' });
    expect(fetched).toHaveLength(1);
  });

  it('passes other notification types on by name', async () => {
    await expect(
      verify(createIpnVerifier(options), envelope({ notificationType: 'PaymentCapture', data: '<CaptureNotification/>' })),
    ).resolves.toMatchObject({
      kind: 'other',
      notificationType: 'PaymentCapture',
    });
  });

  it('rejects a message altered after signing', async () => {
    const forged = envelope();
    forged.Message = forged.Message!.replace('InvalidPaymentMethod', 'AmazonRejected');
    await expect(verify(createIpnVerifier(options), forged)).rejects.toMatchObject({ kind: 'validation', code: 'InvalidSignature' });
  });

  it('rejects a notification signed with another key', async () => {
    await expect(verify(createIpnVerifier(options), envelope({ key: otherKey }))).rejects.toMatchObject({
      kind: 'validation',
      code: 'InvalidSignature',
    });
  });

  it('rejects a truncated body', async () => {
    const body = JSON.stringify(envelope());
    await expect(verify(createIpnVerifier(options), body.slice(0, body.length / 2))).rejects.toMatchObject({
      kind: 'validation',
      code: 'MalformedNotification',
    });
  });

  it('verifies a redelivered MessageId again (SNS redelivers after a failed answer; the store deduplicates)', async () => {
    const verifier = createIpnVerifier(options);
    const body = envelope();
    const first = await verify(verifier, body);
    await expect(verify(verifier, body)).resolves.toEqual(first);
  });

  it('rejects a stale timestamp (older than maxAgeMs) and one far in the future', async () => {
    const verifier = createIpnVerifier(options);
    await expect(verify(verifier, envelope({ timestamp: '2024-05-01T11:29:59.000Z' }))).rejects.toMatchObject({
      code: 'StaleNotification',
    });
    await expect(verify(verifier, envelope({ timestamp: '2024-05-01T13:00:00.000Z' }))).rejects.toMatchObject({
      code: 'StaleNotification',
    });
    await expect(
      verify(createIpnVerifier({ ...options, maxAgeMs: 2 * 3_600_000 }), envelope({ timestamp: '2024-05-01T11:29:59.000Z' })),
    ).resolves.toMatchObject({
      kind: 'authorization',
    });
  });

  it.each([
    'https://sns.evil.com/cert.pem',
    'http://sns.us-east-1.amazonaws.com/cert.pem',
    'https://sns.us-east-1.amazonaws.com.evil.com/cert.pem',
    'https://evil.com/sns.us-east-1.amazonaws.com/cert.pem',
    'https://sns.us-east-1.amazonaws.com/cert.txt',
    'https://sns.us-east-1.amazonaws.com:8443/cert.pem',
    'https://user@sns.us-east-1.amazonaws.com/cert.pem',
    'https://sns.us-east-1.amazonaws.com/cert.pem?nonce=1',
    'https://sns.us-east-1.amazonaws.com/cert.pem?',
    'https://sns.us-east-1.amazonaws.com/cert.pem#x',
    'https://sns.us-east-1.amazonaws.com/cert?x=.pem',
    // On an SNS host, but not SNS's certificate naming (SimpleNotificationService-<hex>.pem at the root).
    'https://sns.us-east-1.amazonaws.com/cert.pem',
    'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-XYZ.pem',
    'https://sns.us-east-1.amazonaws.com/x/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
    'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem.pem',
  ])('refuses the certificate URL %s without fetching it', async (certUrl) => {
    await expect(verify(createIpnVerifier(options), envelope({ certUrl }))).rejects.toMatchObject({
      kind: 'validation',
      code: 'ForbiddenCertHost',
    });
    expect(fetched).toEqual([]);
  });

  it('accepts an SNS host in China (.amazonaws.com.cn)', async () => {
    await expect(
      verify(
        createIpnVerifier(options),
        envelope({ certUrl: 'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem' }),
      ),
    ).resolves.toMatchObject({ kind: 'authorization' });
  });

  it('verifies SignatureVersion 2 (RSA-SHA256) and refuses it signed with SHA-1, or any other version', async () => {
    const verifier = createIpnVerifier(options);
    await expect(verify(verifier, envelope({ signatureVersion: '2' }))).resolves.toMatchObject({ kind: 'authorization' });
    await expect(verify(verifier, envelope({ signatureVersion: '2', digest: 'RSA-SHA1' }))).rejects.toMatchObject({
      code: 'InvalidSignature',
    });
    await expect(verify(verifier, envelope({ signatureVersion: '1', digest: 'RSA-SHA256' }))).rejects.toMatchObject({
      code: 'InvalidSignature',
    });
    for (const signatureVersion of ['3', '0', 'toString', '']) {
      await expect(verify(verifier, envelope({ signatureVersion }))).rejects.toMatchObject({
        code: expect.stringMatching(/UnsupportedSignatureVersion|MalformedNotification/),
      });
    }
  });

  it('downloads no certificate for an envelope that fails a cheap check: topic, seller, timestamp', async () => {
    const verifier = createIpnVerifier(options);
    const unknownTopic = 'arn:aws:sns:us-east-1:111122223333:A3BXB0YN3XH17HA2K7NDRCTOTPW9';
    await expect(verify(verifier, envelope({ topic: unknownTopic }))).rejects.toMatchObject({ code: 'ForbiddenTopic' });
    await expect(verify(verifier, envelope({ sellerId: 'AOTHERSELLER01' }))).rejects.toMatchObject({ code: 'ForeignSeller' });
    await expect(verify(verifier, envelope({ timestamp: '2024-05-01T10:00:00.000Z' }))).rejects.toMatchObject({
      code: 'StaleNotification',
    });
    const mismatchedHeader = new Headers({ 'x-amz-sns-message-type': 'Notification', 'x-amz-sns-topic-arn': unknownTopic });
    await expect(verify(verifier, envelope(), mismatchedHeader)).rejects.toMatchObject({ code: 'ForbiddenTopic' });
    expect(fetched).toEqual([]);
    const matchingHeader = new Headers({ 'x-amz-sns-message-type': 'Notification', 'x-amz-sns-topic-arn': TOPIC });
    await expect(verify(verifier, envelope(), matchingHeader)).resolves.toMatchObject({ kind: 'authorization' });
  });

  it('refuses a certificate whose subject is not CN=sns.amazonaws.com, even when its key signed the envelope', async () => {
    const verifier = createIpnVerifier({ ...options, fetchCertificate: async () => impostor.certPem });
    await expect(verify(verifier, envelope({ key: impostor.keyPem }))).rejects.toMatchObject({
      kind: 'validation',
      code: 'UntrustedCertificate',
    });
  });

  it('cannot be created without allowedTopicArns or expectedSellerId, naming the option', () => {
    const { allowedTopicArns, expectedSellerId, ...rest } = options;
    expect(() => createIpnVerifier({ ...rest, expectedSellerId } as IpnVerifierOptions)).toThrow(/allowedTopicArns/);
    expect(() => createIpnVerifier({ ...rest, expectedSellerId, allowedTopicArns: [] })).toThrow(/allowedTopicArns/);
    expect(() => createIpnVerifier({ ...rest, allowedTopicArns } as IpnVerifierOptions)).toThrow(/expectedSellerId/);
    expect(() => createIpnVerifier(undefined as unknown as IpnVerifierOptions)).toThrow(/expectedSellerId/);
    expect(() => createIpnVerifier({ ...options, allowedTopicArns: [/291180941288/] })).toThrow(/allowedTopicArns: .*anchored/);
    expect(() => createIpnVerifier({ ...options, allowedTopicArns: ['my-topic'] })).toThrow(/allowedTopicArns: my-topic/);
    expect(() => createIpnVerifier({ ...options, allowedTopicArns: [TOPIC] })).not.toThrow();
  });

  it('rejects other message types and a missing header', async () => {
    const verifier = createIpnVerifier(options);
    await expect(verify(verifier, envelope(), new Headers({ 'x-amz-sns-message-type': 'SubscriptionConfirmation' }))).rejects.toMatchObject(
      { code: 'SubscriptionConfirmation' },
    );
    await expect(verify(verifier, envelope(), new Headers())).rejects.toMatchObject({ code: 'MissingMessageType' });
  });

  it('rejects notifications for another seller or from an unexpected topic', async () => {
    await expect(verify(createIpnVerifier(options), envelope({ sellerId: 'AOTHERSELLER' }))).rejects.toMatchObject({
      code: 'ForeignSeller',
    });
    await expect(
      verify(createIpnVerifier({ ...options, allowedTopicArns: ['arn:aws:sns:us-east-1:111122223333:other'] }), envelope()),
    ).rejects.toMatchObject({ code: 'ForbiddenTopic' });
  });

  it('reports an unreachable certificate and fetches it again a minute later (sooner, forged URLs would cost a download each)', async () => {
    let fail = true;
    let at = NOW.getTime();
    const verifier = createIpnVerifier({
      ...options,
      now: () => new Date(at),
      fetchCertificate: async () => {
        if (fail) throw new Error('ECONNRESET');
        return certPem;
      },
    });
    await expect(verify(verifier, envelope())).rejects.toMatchObject({ kind: 'network', code: 'CertificateUnavailable', retryable: true });
    fail = false;
    await expect(verify(verifier, envelope())).rejects.toMatchObject({ kind: 'network', code: 'CertificateUnavailable', retryable: true });
    at += 60_001;
    await expect(verify(verifier, envelope())).resolves.toMatchObject({ kind: 'authorization' });
  });

  it('rejects signed but malformed NotificationData', async () => {
    await expect(
      verify(createIpnVerifier(options), envelope({ data: '<AuthorizationNotification><AuthorizationDetails>' })),
    ).rejects.toMatchObject({
      kind: 'validation',
      code: 'MalformedNotification',
    });
  });
});

describe('amazonPayTopicArns', () => {
  const allows = (rules: ReturnType<typeof amazonPayTopicArns>, arn: string) =>
    rules.some((rule) => (typeof rule === 'string' ? rule === arn : rule.test(arn)));

  it("matches the topics of Amazon's SDK fixtures for that seller and region, and nothing else", () => {
    // Fixtures: amzn/amazon-pay-sdk-java (us-east-1), amzn/amazon-pay-sdk-csharp (eu-west-1), a JP sandbox fixture (us-west-2).
    expect(
      allows(
        amazonPayTopicArns({ sellerId: 'A2K7NDRCTOTPW9', region: 'us' }),
        'arn:aws:sns:us-east-1:291180941288:A3BXB0YN3XH17HA2K7NDRCTOTPW9',
      ),
    ).toBe(true);
    expect(
      allows(
        amazonPayTopicArns({ sellerId: 'A29VRQM4GSQN44', region: 'de' }),
        'arn:aws:sns:eu-west-1:291180941288:A1G8446IYHA4MRA29VRQM4GSQN44',
      ),
    ).toBe(true);
    expect(
      allows(
        amazonPayTopicArns({ sellerId: 'A3G30QK8ZESA0D', region: 'jp' }),
        'arn:aws:sns:us-west-2:291180941288:A31YDYE76E6TCPA3G30QK8ZESA0D',
      ),
    ).toBe(true);
    const rules = amazonPayTopicArns({ sellerId: 'A2K7NDRCTOTPW9', region: 'us' });
    expect(allows(rules, 'arn:aws:sns:us-east-1:111122223333:A3BXB0YN3XH17HA2K7NDRCTOTPW9')).toBe(false);
    expect(allows(rules, 'arn:aws:sns:us-east-1:291180941288:A3BXB0YN3XH17HAOTHERSELLER9')).toBe(false);
    expect(allows(rules, 'arn:aws:sns:eu-west-1:291180941288:A3BXB0YN3XH17HA2K7NDRCTOTPW9')).toBe(false);
    expect(allows(rules, 'arn:aws:sns:us-east-1:291180941288:A3BXB0YN3XH17HA2K7NDRCTOTPW9:sub')).toBe(false);
  });

  it('refuses a missing seller id or region', () => {
    expect(() => amazonPayTopicArns({ sellerId: '', region: 'us' })).toThrow(/sellerId/);
    expect(() => amazonPayTopicArns({ sellerId: 'A2K7NDRCTOTPW9', region: 'mars' as never })).toThrow(/region/);
  });
});
