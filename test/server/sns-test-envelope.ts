/** SNS envelopes signed like Amazon SNS (SignatureVersion 1, RSA-SHA1), for tests that post notifications over HTTP. */
import { sign } from 'node:crypto';

export const TEST_SNS_CERT_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-bb750dd426d95ee9390147a5624348ee.pem';

let messageCounter = 0;

/** The JSON body SNS posts, with `message` as the signed Message string. */
export function signedSnsBody(
  message: string,
  options: { readonly topic: string; readonly keyPem: string; readonly timestamp?: string },
): string {
  const fields = {
    Type: 'Notification',
    MessageId: `0233a8db-bd21-547d-baff-${String(++messageCounter).padStart(12, '0')}`,
    TopicArn: options.topic,
    Message: message,
    Timestamp: options.timestamp ?? new Date().toISOString(),
  };
  const toSign = `Message\n${fields.Message}\nMessageId\n${fields.MessageId}\nTimestamp\n${fields.Timestamp}\nTopicArn\n${fields.TopicArn}\nType\n${fields.Type}\n`;
  return JSON.stringify({
    ...fields,
    SignatureVersion: '1',
    Signature: sign('RSA-SHA1', Buffer.from(toSign), options.keyPem).toString('base64'),
    SigningCertURL: TEST_SNS_CERT_URL,
  });
}
