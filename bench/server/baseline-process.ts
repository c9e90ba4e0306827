/**
 * The bench's baseline: the same work per IPN as the kit's, with no kit. A
 * plain node:http server that checks the SNS signature with node:crypto, reads
 * the authorization from the same loopback fake MWS (a Signature Version 2
 * POST), inserts one row and NOTIFYs, then answers 200. Run as a child process
 * like the kit's (test/server/postgres/kit-processes.ts); prints `{"url":...}`.
 *
 * Environment: DATABASE_URL, MWS_URL, MWS_SECRET_KEY, SELLER_ID, SNS_CERT_PEM.
 */
import { createHmac, verify, X509Certificate } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

const env = (name: string): string =>
  process.env[name] ?? (process.stderr.write(`baseline-process: ${name} is not set\n`), process.exit(2));
const [DATABASE_URL, MWS_URL, MWS_SECRET_KEY, SELLER_ID, SNS_CERT_PEM] = [
  'DATABASE_URL',
  'MWS_URL',
  'MWS_SECRET_KEY',
  'SELLER_ID',
  'SNS_CERT_PEM',
].map(env) as [string, string, string, string, string];
const certificate = new X509Certificate(SNS_CERT_PEM);
const mws = new URL(MWS_URL);
const pool = new pg.Pool({ connectionString: DATABASE_URL });
pool.on('error', () => undefined);
await pool.query(
  'CREATE TABLE IF NOT EXISTS baseline_notifications (notification_id text PRIMARY KEY, authorization_id text NOT NULL, state text NOT NULL)',
);

const rfc3986 = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

async function getAuthorizationState(amazonAuthorizationId: string): Promise<string> {
  const params: Record<string, string> = {
    AWSAccessKeyId: 'AKIAEXAMPLE',
    Action: 'GetAuthorizationDetails',
    AmazonAuthorizationId: amazonAuthorizationId,
    SellerId: SELLER_ID,
    SignatureMethod: 'HmacSHA256',
    SignatureVersion: '2',
    Timestamp: new Date().toISOString(),
    Version: '2013-01-01',
  };
  const query = Object.keys(params)
    .sort()
    .map((key) => `${rfc3986(key)}=${rfc3986(params[key]!)}`)
    .join('&');
  const signature = createHmac('sha256', MWS_SECRET_KEY).update(`POST\n${mws.host}\n${mws.pathname}\n${query}`).digest('base64');
  const response = await fetch(mws, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: `${query}&Signature=${rfc3986(signature)}`,
  });
  const xml = await response.text();
  if (!response.ok) throw new Error(`MWS ${response.status}`);
  return /<State>([^<]+)<\/State>/.exec(xml)![1]!;
}

async function handle(body: string): Promise<number> {
  const envelope = JSON.parse(body) as Record<string, string>;
  const toSign = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
    .filter((key) => envelope[key] !== undefined)
    .map((key) => `${key}\n${envelope[key]}\n`)
    .join('');
  const algorithm = envelope.SignatureVersion === '2' ? 'RSA-SHA256' : 'RSA-SHA1';
  if (!verify(algorithm, Buffer.from(toSign), certificate.publicKey, Buffer.from(envelope.Signature!, 'base64'))) return 400;
  const message = JSON.parse(envelope.Message!) as { NotificationReferenceId: string; NotificationData: string };
  const authorizationId = /<AmazonAuthorizationId>([^<]+)</.exec(message.NotificationData)![1]!;
  const state = await getAuthorizationState(authorizationId);
  await pool.query('INSERT INTO baseline_notifications VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    message.NotificationReferenceId,
    authorizationId,
    state,
  ]);
  await pool.query('SELECT pg_notify($1, $2)', ['baseline_updates', JSON.stringify({ authorizationId, state })]);
  return 200;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    handle(Buffer.concat(chunks).toString('utf8')).then(
      (status) => res.writeHead(status, { 'content-type': 'application/json' }).end('{"received":true}'),
      () => res.writeHead(500).end(),
    );
  });
});
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`),
);
process.on('SIGTERM', () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
});
