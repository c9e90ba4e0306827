// Replays the attacks of issue 14 against a BUILT server entry and prints each reply.
// Used to measure the "before" column on an older build:
//   git worktree add --detach /tmp/before <commit> && (cd /tmp/before && npm ci && npx vite build)
//   node scripts/measure-server-attacks.mjs /tmp/before/dist/server.js
// It first tries the README's minimal configuration of the old version (no guard,
// createIpnVerifier() without options); a build that refuses it reports the construction
// error and is measured with its required options instead (canAccess: the buyer's cookie
// owns the order; allowedTopicArns: amazonPayTopicArns; expectedSellerId). The "after" column:
//   npm run build && node scripts/measure-server-attacks.mjs dist/server.js
import { execFileSync } from 'node:child_process';
import { sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (!entry) throw new Error('usage: node scripts/measure-server-attacks.mjs path/to/dist/server.js');
const kit = await import(pathToFileURL(resolve(entry)).href);

function certificate(cn) {
  const dir = mkdtempSync(join(tmpdir(), 'measure-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${cn}`,
        '-keyout',
        join(dir, 'k'),
        '-out',
        join(dir, 'c'),
      ],
      { stdio: 'ignore' },
    );
    return { cert: readFileSync(join(dir, 'c'), 'utf8'), key: readFileSync(join(dir, 'k'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const sns = certificate('sns.amazonaws.com');
const evil = certificate('evil.example');

const ORDER = 'S01-1234567-1234567';
const SELLER = 'A2K7NDRCTOTPW9';
const calls = [];
const order = (state) => ({ amazonOrderReferenceId: ORDER, state, orderTotal: { amount: '49.90', currencyCode: 'EUR' }, constraints: [] });
const legacy = {
  async authorize(r) {
    calls.push('Authorize');
    return {
      amazonAuthorizationId: `${ORDER}-A000001`,
      authorizationReferenceId: r.authorizationReferenceId,
      amazonOrderReferenceId: ORDER,
      state: 'Declined',
      reasonCode: 'InvalidPaymentMethod',
      softDecline: true,
      amount: r.amount,
      lastUpdateTimestamp: new Date().toISOString(),
    };
  },
  async confirmOrderReference() {
    calls.push('Confirm');
    return order('Open');
  },
  async cancelOrderReference() {
    calls.push('CancelOrderReference');
    return order('Canceled');
  },
  async closeOrderReference() {
    return order('Closed');
  },
  async getOrderReferenceDetails() {
    calls.push('GetOrderReferenceDetails');
    return order('Open');
  },
  async getAuthorizationDetails() {
    throw new Error('unused');
  },
};
const checkout = {
  async signButtonPayload() {
    return { signature: 's', algorithm: 'AMZN-PAY-RSASSA-PSS-V2' };
  },
  async completeCheckoutSession() {
    throw new Error('unused');
  },
};

const fetched = [];
let served = sns.cert;
const fetchCertificate = async (url) => (fetched.push(url), served);
const ALLOWED_TOPIC = `arn:aws:sns:us-east-1:291180941288:A3BXB0YN3XH17H${SELLER}`;
const BUYER = { cookie: 'session=buyer-1' };
const base = {
  legacy,
  checkout,
  storeId: 'amzn1.application-oa2-client.x',
  allowedReturnOrigins: ['https://shop.example'],
  orderAmount: () => ({ amount: '49.90', currencyCode: 'EUR' }),
  onError: () => {},
  maxEventStreams: 100,
};
let handler;
try {
  handler = kit.createAmazonPayHandler({ ...base, ipn: kit.createIpnVerifier({ fetchCertificate }) });
  console.log('configuration: the README minimal one (accepted)');
} catch (error) {
  console.log(`README minimal configuration refused at construction: ${error.message}`);
  handler = kit.createAmazonPayHandler({
    ...base,
    ipn: kit.createIpnVerifier({
      fetchCertificate,
      allowedTopicArns: kit.amazonPayTopicArns({ sellerId: SELLER, region: 'us' }),
      expectedSellerId: SELLER,
    }),
    canAccess: (request, resource) => request.headers.get('cookie') === BUYER.cookie && resource.amazonOrderReferenceId === ORDER,
  });
  console.log('configuration: with the required options (canAccess, allowedTopicArns, expectedSellerId)');
}

const server = createServer(kit.toNodeListener(handler));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;

function envelope({
  topic = ALLOWED_TOPIC,
  version = '1',
  certUrl = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0.pem',
  state = 'Open',
  amount = '0.01',
  id = `n-${Math.random()}`,
} = {}) {
  const data = `<AuthorizationNotification><AuthorizationDetails><AmazonAuthorizationId>${ORDER}-A999999</AmazonAuthorizationId><AuthorizationReferenceId>forged</AuthorizationReferenceId><AuthorizationAmount><Amount>${amount}</Amount><CurrencyCode>EUR</CurrencyCode></AuthorizationAmount><AuthorizationStatus><State>${state}</State><LastUpdateTimestamp>${new Date().toISOString()}</LastUpdateTimestamp></AuthorizationStatus></AuthorizationDetails></AuthorizationNotification>`;
  const fields = {
    Type: 'Notification',
    MessageId: id,
    TopicArn: topic,
    Message: JSON.stringify({
      NotificationReferenceId: id,
      NotificationType: 'PaymentAuthorize',
      SellerId: SELLER,
      NotificationData: data,
    }),
    Timestamp: new Date().toISOString(),
  };
  const toSign = ['Message', 'MessageId', 'Timestamp', 'TopicArn', 'Type'].map((k) => `${k}\n${fields[k]}\n`).join('');
  return JSON.stringify({
    ...fields,
    SignatureVersion: version,
    Signature: sign(version === '2' ? 'RSA-SHA256' : 'RSA-SHA1', Buffer.from(toSign), sns.key).toString('base64'),
    SigningCertURL: certUrl,
  });
}
const postIpn = (body) =>
  fetch(`${url}/ipn`, { method: 'POST', headers: { 'x-amz-sns-message-type': 'Notification', 'content-type': 'text/plain' }, body });
async function show(label, response) {
  const text = response.headers.get('content-type')?.includes('event-stream')
    ? '(event stream opened)'
    : (await response.text()).slice(0, 160);
  console.log(`${label}: ${response.status} ${text}`);
}

const authorize = (id) =>
  fetch(`${url}/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...BUYER },
    body: JSON.stringify({
      amazonOrderReferenceId: ORDER,
      authorizationReferenceId: id,
      amount: { amount: '49.90', currencyCode: 'EUR' },
      mode: 'sync',
    }),
  });
await show(
  '1. genuinely signed envelope from a foreign topic (forged Open 0.01)',
  await postIpn(envelope({ topic: 'arn:aws:sns:us-east-1:111122223333:attacker-topic' })),
);
calls.length = 0;
await show("   then the buyer's POST /authorize 49.90", await authorize('buyer-1'));
console.log(`   Amazon calls: ${JSON.stringify(calls)}`);
await show('1b. an Open 0.01 authorization stored from the allowed topic', await postIpn(envelope()));
calls.length = 0;
await show("   then the buyer's POST /authorize 49.90", await authorize('buyer-2'));
console.log(`   Amazon calls: ${JSON.stringify(calls)}`);
calls.length = 0;
await show('2. anonymous GET /order-references/:id', await fetch(`${url}/order-references/${ORDER}`));
await show(
  '   anonymous POST /order-references/:id/cancel',
  await fetch(`${url}/order-references/${ORDER}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
);
console.log(`   Amazon calls: ${JSON.stringify(calls)}`);
const stream = new AbortController();
const events = await fetch(`${url}/order-references/${ORDER}/events`, { headers: { 'last-event-id': 'anything' }, signal: stream.signal });
const reader = events.body.getReader();
let replayed = '';
for (let i = 0; i < 5 && !replayed.includes('data:'); i++) {
  const { value, done } = await Promise.race([reader.read(), new Promise((r) => setTimeout(() => r({ value: new Uint8Array() }), 200))]);
  if (done) break;
  replayed += new TextDecoder().decode(value);
}
console.log(`   anonymous GET /events with Last-Event-ID: ${events.status}, replayed buffered update: ${replayed.includes('data:')}`);
stream.abort();
await show(
  '3. SignatureVersion 2 (RSA-SHA256), topic and seller as configured',
  await postIpn(envelope({ version: '2', amount: '49.90' })),
);
fetched.length = 0;
for (let i = 0; i < 5; i++)
  await postIpn(envelope({ certUrl: `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0.pem?n=${i}` }));
console.log(`4. five envelopes with a query string on the cert URL: ${fetched.length} certificate downloads`);
fetched.length = 0;
await postIpn(
  JSON.stringify({
    ...JSON.parse(envelope({ certUrl: 'https://sns.us-east-1.amazonaws.com/never-fetched-before.pem' })),
    Signature: 'Zm9yZ2Vk',
    TopicArn: 'arn:aws:sns:us-east-1:111122223333:x',
  }),
);
console.log(`   a badly signed envelope from a foreign topic: ${fetched.length} certificate downloads before refusal`);
served = evil.cert;
await show(
  '   certificate subject CN=evil.example (key signs the envelope)',
  await postIpn(
    (() => {
      const e = JSON.parse(envelope({ certUrl: 'https://sns.us-east-1.amazonaws.com/other.pem' }));
      const toSign = ['Message', 'MessageId', 'Timestamp', 'TopicArn', 'Type'].map((k) => `${k}\n${e[k]}\n`).join('');
      e.Signature = sign('RSA-SHA1', Buffer.from(toSign), evil.key).toString('base64');
      return JSON.stringify(e);
    })(),
  ),
);
const access = kit.amazonPayTopicArns ? { canAccess: () => true } : {};
const failing = kit.createAmazonPayHandler({
  ...access,
  legacy: kit.createLegacyPaymentsClient({
    sellerId: SELLER,
    accessKey: 'AKIAEXAMPLEACCESS',
    secretKey: 'SECRET-KEY-abc123',
    region: 'de',
    sandbox: true,
    endpoint: 'http://127.0.0.1:1/OffAmazonPayments_Sandbox/2013-01-01',
    fetch: async () => {
      throw new Error('proxy auth failed for https://user:SECRET-KEY-abc123@proxy.example');
    },
  }),
  checkout,
  storeId: 'x',
  allowedReturnOrigins: ['https://shop.example'],
  orderAmount: () => undefined,
  onError: () => {},
});
await show(
  '5. transport error (custom fetch whose message quotes a credential)',
  await failing(new Request(`http://localhost/order-references/${ORDER}`)),
);
const failing2 = kit.createAmazonPayHandler({
  ...access,
  legacy: kit.createLegacyPaymentsClient({
    sellerId: SELLER,
    accessKey: 'AKIAEXAMPLEACCESS',
    secretKey: 'SECRET-KEY-abc123',
    region: 'de',
    sandbox: true,
    endpoint: 'http://127.0.0.1:1/OffAmazonPayments_Sandbox/2013-01-01',
  }),
  checkout,
  storeId: 'x',
  allowedReturnOrigins: ['https://shop.example'],
  orderAmount: () => undefined,
  onError: () => {},
});
await show('   transport error (endpoint refuses connections)', await failing2(new Request(`http://localhost/order-references/${ORDER}`)));
const streams = [];
const held = [];
let statuses = {};
for (let i = 0; i < 300; i++) {
  const controller = new AbortController();
  streams.push(controller);
  const response = await fetch(`${url}/order-references/${ORDER}/events`, { headers: BUYER, signal: controller.signal });
  statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  held.push(response); // an unreferenced response may be collected and its stream closed
}
console.log(`6. 300 event streams from one client (maxEventStreams: 100 where the option exists): replies ${JSON.stringify(statuses)}`);
for (const controller of streams) controller.abort();
server.closeAllConnections();
server.close();
