/**
 * A fake Amazon MWS endpoint on loopback for the legacy client's tests. It
 * checks every request's Signature Version 2 with its own implementation
 * (byte-wise RFC 3986 encoding, written apart from src/) and answers with
 * XML shaped like Amazon's documented replies.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  readonly signatureValid: boolean;
}

export interface FakeReply {
  readonly status?: number;
  readonly body: string;
  /** Never answer (timeout tests). */
  readonly hang?: boolean;
}

export type Responder = (request: RecordedRequest) => FakeReply;

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

function encode3986(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The fake's own Signature Version 2 check. */
export function expectedSignature(secretKey: string, host: string, path: string, params: Record<string, string>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (name !== 'Signature') pairs.push(`${encode3986(name)}=${encode3986(value)}`);
  }
  pairs.sort((a, b) => (a.split('=')[0]! < b.split('=')[0]! ? -1 : 1));
  const toSign = `POST\n${host.toLowerCase()}\n${path}\n${pairs.join('&')}`;
  return createHmac('sha256', Buffer.from(secretKey)).update(Buffer.from(toSign)).digest('base64');
}

export interface FakeMws {
  readonly url: string;
  readonly requests: RecordedRequest[];
  respond: Responder;
  close(): Promise<void>;
}

export async function startFakeMws(secretKey: string, path = '/OffAmazonPayments_Sandbox/2013-01-01'): Promise<FakeMws> {
  const requests: RecordedRequest[] = [];
  const fake = {
    requests,
    respond: (() => ({ status: 500, body: '' })) as Responder,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const signatureValid =
        req.method === 'POST' &&
        req.url === path &&
        params.Signature === expectedSignature(secretKey, req.headers.host ?? '', path, params);
      const recorded = { action: params.Action ?? '', params, signatureValid };
      requests.push(recorded);
      const reply = signatureValid
        ? fake.respond(recorded)
        : {
            status: 403,
            body: errorXml(
              'Sender',
              'SignatureDoesNotMatch',
              'The request signature we calculated does not match the signature you provided.',
            ),
          };
      if (reply.hang) return;
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/xml' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

const NS = 'http://mws.amazonservices.com/schema/OffAmazonPayments/2013-01-01';
const META = '<ResponseMetadata><RequestId>5f20169b-7ab2-11df-bcef-d35615e2b044</RequestId></ResponseMetadata>';

export interface AuthorizationShape {
  readonly id?: string;
  readonly referenceId?: string;
  readonly state: string;
  readonly reasonCode?: string;
  readonly softDecline?: boolean;
  readonly amount?: string;
  readonly currency?: string;
}

function authorizationDetailsXml(a: AuthorizationShape): string {
  return `<AuthorizationDetails>
      <AmazonAuthorizationId>${a.id ?? 'S01-1234567-1234567-A000001'}</AmazonAuthorizationId>
      <AuthorizationReferenceId>${a.referenceId ?? 'attempt-1'}</AuthorizationReferenceId>
      <SellerAuthorizationNote/>
      <AuthorizationAmount><CurrencyCode>${a.currency ?? 'USD'}</CurrencyCode><Amount>${a.amount ?? '94.50'}</Amount></AuthorizationAmount>
      <CapturedAmount><CurrencyCode>${a.currency ?? 'USD'}</CurrencyCode><Amount>0</Amount></CapturedAmount>
      <AuthorizationFee><CurrencyCode>${a.currency ?? 'USD'}</CurrencyCode><Amount>0.00</Amount></AuthorizationFee>
      <IdList/>
      <CreationTimestamp>2024-05-01T12:00:00.000Z</CreationTimestamp>
      <ExpirationTimestamp>2024-05-31T12:00:00.000Z</ExpirationTimestamp>
      <AuthorizationStatus>
        <State>${a.state}</State>
        <LastUpdateTimestamp>2024-05-01T12:00:01.000Z</LastUpdateTimestamp>
        ${a.reasonCode ? `<ReasonCode>${a.reasonCode}</ReasonCode>` : ''}
      </AuthorizationStatus>
      ${a.softDecline === undefined ? '' : `<SoftDecline>${String(a.softDecline)}</SoftDecline>`}
      <OrderItemCategories/>
      <CaptureNow>false</CaptureNow>
      <SoftDescriptor>AMZ*Example</SoftDescriptor>
    </AuthorizationDetails>`;
}

function resultXml(action: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<${action}Response xmlns="${NS}">
  <${action}Result>
    ${inner}
  </${action}Result>
  ${META}
</${action}Response>`;
}

/** AuthorizeResponse (shape: Amazon's API reference and its SDKs' test fixtures). */
export function authorizeXml(a: AuthorizationShape): string {
  return resultXml('Authorize', authorizationDetailsXml(a));
}

export function getAuthorizationDetailsXml(a: AuthorizationShape): string {
  return resultXml('GetAuthorizationDetails', authorizationDetailsXml(a));
}

export interface OrderReferenceShape {
  readonly id?: string;
  readonly state: string;
  readonly reasonCode?: string;
  readonly constraints?: readonly string[];
}

export function getOrderReferenceDetailsXml(o: OrderReferenceShape): string {
  const constraints = o.constraints?.length
    ? `<Constraints>${o.constraints.map((c) => `<Constraint><ConstraintID>${c}</ConstraintID><Description>${c} constraint</Description></Constraint>`).join('')}</Constraints>`
    : '';
  return resultXml(
    'GetOrderReferenceDetails',
    `<OrderReferenceDetails>
      <AmazonOrderReferenceId>${o.id ?? 'S01-1234567-1234567'}</AmazonOrderReferenceId>
      <CreationTimestamp>2024-05-01T11:58:00Z</CreationTimestamp>
      <ExpirationTimestamp>2024-10-28T11:58:00Z</ExpirationTimestamp>
      <OrderReferenceStatus>
        <State>${o.state}</State>
        <LastUpdateTimestamp>2024-05-01T12:00:01Z</LastUpdateTimestamp>
        ${o.reasonCode ? `<ReasonCode>${o.reasonCode}</ReasonCode>` : ''}
      </OrderReferenceStatus>
      <OrderTotal><CurrencyCode>USD</CurrencyCode><Amount>94.50</Amount></OrderTotal>
      ${constraints}
      <ReleaseEnvironment>Sandbox</ReleaseEnvironment>
    </OrderReferenceDetails>`,
  );
}

/** Empty-result replies of ConfirmOrderReference, CancelOrderReference, CloseOrderReference. */
export function emptyResultXml(action: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<${action}Response xmlns="${NS}">${META}</${action}Response>`;
}

/** ErrorResponse (shape: amzn/amazon-pay-sdk-java tst/.../response/xml/Throttled.xml). */
export function errorXml(type: string, code: string, message: string): string {
  return `<?xml version="1.0"?>
<ErrorResponse xmlns="${NS}">
  <Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error>
  <RequestID>d702fd8e-206f-4da4-95e0-1e7422474077</RequestID>
</ErrorResponse>`;
}
