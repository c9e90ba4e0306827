import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AmazonPayError } from '../../../src/domain/errors';
import { createLegacyPaymentsClient } from '../../../src/server/amazon/legacy-payments-client';
import { backoffDelay } from '../../../src/server/amazon/backoff';
import { mwsEndpoint } from '../../../src/server/amazon/mws-endpoints';
import { canonicalQueryString, percentEncodeRfc3986, signMwsRequest } from '../../../src/server/amazon/mws-signature';
import {
  authorizeXml,
  emptyResultXml,
  errorXml,
  getAuthorizationDetailsXml,
  getOrderReferenceDetailsXml,
  startFakeMws,
  type FakeMws,
} from '../fake-mws';

const SECRET = 'test-secret-key/with+odd=chars';
const ORDER = 'S01-1234567-1234567';

describe('MWS Signature Version 2', () => {
  // Published vector: AWS General Reference, "Signature Version 2 signing process"
  // (docs.aws.amazon.com/general/latest/gr/signature-version-2.html), the EMR
  // DescribeJobFlows example with the documentation's example keys. The same
  // vector is asserted in independent SV2 implementations (Go, Python, Julia, OCaml,
  // Lua test suites found with the search tool).
  const example = {
    host: 'elasticmapreduce.amazonaws.com',
    path: '/',
    secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    parameters: {
      Action: 'DescribeJobFlows',
      Version: '2009-03-31',
      AWSAccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      SignatureVersion: '2',
      SignatureMethod: 'HmacSHA256',
      Timestamp: '2011-10-03T15:19:30',
    },
  };

  it('reproduces the AWS documentation example (GET)', () => {
    expect(canonicalQueryString(example.parameters)).toBe(
      'AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Action=DescribeJobFlows&SignatureMethod=HmacSHA256&SignatureVersion=2&Timestamp=2011-10-03T15%3A19%3A30&Version=2009-03-31',
    );
    expect(signMwsRequest({ ...example, method: 'GET' })).toBe('i91nKc4PWAt0JJIdXwz9HxZCJDdiy6cf/Mj6vPxyYIs=');
  });

  it('matches an independent implementation for the same request sent as POST', () => {
    // JuliaServices/CloudBase.jl test/runtests.jl "AWSSigV2": same parameters, POST.
    expect(signMwsRequest(example)).toBe('wseguMzBRgA/4/fan8ZwEa0PIF+ws4WFbTJcG1ts5RY=');
  });

  it('percent-encodes per RFC 3986 and sorts names by byte order (upper case before lower case)', () => {
    expect(percentEncodeRfc3986("a b*c~d!'()é")).toBe('a%20b%2Ac~d%21%27%28%29%C3%A9');
    // amzn/amazon-pay-sdk-ruby test: AWSAccessKeyId sorts before AccessToken.
    expect(canonicalQueryString({ AccessToken: 'x', AWSAccessKeyId: 'k', Action: 'A' })).toBe('AWSAccessKeyId=k&AccessToken=x&Action=A');
  });
});

describe('mwsEndpoint', () => {
  it('uses the region host and the sandbox or live path', () => {
    expect(mwsEndpoint('us', true).url).toBe('https://mws.amazonservices.com/OffAmazonPayments_Sandbox/2013-01-01');
    expect(mwsEndpoint('uk', false).url).toBe('https://mws-eu.amazonservices.com/OffAmazonPayments/2013-01-01');
    expect(mwsEndpoint('de', false).host).toBe('mws-eu.amazonservices.com');
    expect(mwsEndpoint('jp', true).host).toBe('mws.amazonservices.jp');
  });
});

describe('backoffDelay', () => {
  it('grows exponentially, stays within the cap and jitters within the upper half of the window', () => {
    expect(backoffDelay(1, { baseMs: 1000 }, () => 0)).toBe(500);
    expect(backoffDelay(1, { baseMs: 1000 }, () => 1)).toBe(1000);
    expect(backoffDelay(3, { baseMs: 1000 }, () => 1)).toBe(4000);
    expect(backoffDelay(10, { baseMs: 1000, maxMs: 8000 }, () => 1)).toBe(8000);
  });
});

describe('createLegacyPaymentsClient against a fake MWS endpoint', () => {
  let mws: FakeMws;
  beforeEach(async () => {
    mws = await startFakeMws(SECRET);
  });
  afterEach(async () => {
    await mws.close();
  });

  function client(extra: Partial<Parameters<typeof createLegacyPaymentsClient>[0]> = {}) {
    return createLegacyPaymentsClient({
      sellerId: 'A2K7NDRCTOTPW9',
      accessKey: 'AKIAEXAMPLE',
      secretKey: SECRET,
      region: 'us',
      sandbox: true,
      endpoint: mws.url,
      backoff: { baseMs: 1, maxMs: 5 },
      ...extra,
    });
  }

  const authorizeRequest = {
    amazonOrderReferenceId: ORDER,
    authorizationReferenceId: 'attempt-1',
    amount: { amount: '94.50', currencyCode: 'USD' as const },
    mode: 'sync' as const,
  };

  it('sends a signed synchronous Authorize (TransactionTimeout=0) and returns Open', async () => {
    mws.respond = () => ({ body: authorizeXml({ state: 'Open' }) });
    const result = await client().authorize(authorizeRequest);
    expect(result).toEqual({
      amazonAuthorizationId: 'S01-1234567-1234567-A000001',
      authorizationReferenceId: 'attempt-1',
      amazonOrderReferenceId: ORDER,
      state: 'Open',
      amount: { amount: '94.50', currencyCode: 'USD' },
      lastUpdateTimestamp: '2024-05-01T12:00:01.000Z',
    });
    const [request] = mws.requests;
    expect(request?.signatureValid).toBe(true);
    expect(request?.params).toMatchObject({
      Action: 'Authorize',
      SellerId: 'A2K7NDRCTOTPW9',
      AWSAccessKeyId: 'AKIAEXAMPLE',
      AmazonOrderReferenceId: ORDER,
      AuthorizationReferenceId: 'attempt-1',
      'AuthorizationAmount.Amount': '94.50',
      'AuthorizationAmount.CurrencyCode': 'USD',
      TransactionTimeout: '0',
      CaptureNow: 'false',
      SignatureMethod: 'HmacSHA256',
      SignatureVersion: '2',
      Version: '2013-01-01',
    });
    expect(request?.params.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('sends an asynchronous Authorize with Amazon default timeout, CaptureNow and the sandbox simulation note', async () => {
    mws.respond = () => ({ body: authorizeXml({ state: 'Pending' }) });
    const note =
      '{"SandboxSimulation": {"State":"Declined", "ReasonCode":"InvalidPaymentMethod", "PaymentMethodUpdateTimeInMins":5, "SoftDecline":"true"}}';
    const result = await client().authorize({ ...authorizeRequest, mode: 'async', captureNow: true, sellerAuthorizationNote: note });
    expect(result.state).toBe('Pending');
    expect(mws.requests[0]?.signatureValid).toBe(true);
    expect(mws.requests[0]?.params).toMatchObject({ TransactionTimeout: '1440', CaptureNow: 'true', SellerAuthorizationNote: note });
  });

  it.each([
    { reasonCode: 'InvalidPaymentMethod', softDecline: true },
    { reasonCode: 'InvalidPaymentMethod', softDecline: false },
    { reasonCode: 'AmazonRejected', softDecline: false },
    { reasonCode: 'ProcessingFailure', softDecline: false },
    { reasonCode: 'TransactionTimedOut', softDecline: false },
  ])('reports a $reasonCode decline (SoftDecline=$softDecline)', async ({ reasonCode, softDecline }) => {
    mws.respond = () => ({ body: authorizeXml({ state: 'Declined', reasonCode, softDecline }) });
    const result = await client().authorize(authorizeRequest);
    expect(result).toMatchObject({ state: 'Declined', reasonCode, softDecline });
  });

  it('reads GetAuthorizationDetails and derives the order reference from the authorization id', async () => {
    mws.respond = () => ({
      body: getAuthorizationDetailsXml({ id: 'S01-7654321-7654321-A000002', state: 'Open', currency: 'EUR', amount: '12.00' }),
    });
    const result = await client().getAuthorizationDetails('S01-7654321-7654321-A000002');
    expect(result).toMatchObject({
      state: 'Open',
      amazonOrderReferenceId: 'S01-7654321-7654321',
      amount: { amount: '12.00', currencyCode: 'EUR' },
    });
    expect(mws.requests[0]?.params).toMatchObject({
      Action: 'GetAuthorizationDetails',
      AmazonAuthorizationId: 'S01-7654321-7654321-A000002',
    });
  });

  it('reads a suspended order reference with its reason and constraints', async () => {
    mws.respond = () => ({
      body: getOrderReferenceDetailsXml({
        state: 'Suspended',
        reasonCode: 'InvalidPaymentMethod',
        constraints: ['PaymentMethodNotAllowed'],
      }),
    });
    await expect(client().getOrderReferenceDetails(ORDER)).resolves.toEqual({
      amazonOrderReferenceId: ORDER,
      state: 'Suspended',
      reasonCode: 'InvalidPaymentMethod',
      orderTotal: { amount: '94.50', currencyCode: 'USD' },
      constraints: ['PaymentMethodNotAllowed'],
    });
  });

  it('confirms with amount and MFA URLs, then returns the order reference as Amazon now has it', async () => {
    mws.respond = ({ action }) => ({
      body: action === 'ConfirmOrderReference' ? emptyResultXml(action) : getOrderReferenceDetailsXml({ state: 'Open' }),
    });
    const result = await client().confirmOrderReference({
      amazonOrderReferenceId: ORDER,
      amount: { amount: '94.50', currencyCode: 'USD' },
      successUrl: 'https://shop.example/amazon/success',
      failureUrl: 'https://shop.example/amazon/failure',
    });
    expect(result.state).toBe('Open');
    expect(mws.requests.map((r) => r.action)).toEqual(['ConfirmOrderReference', 'GetOrderReferenceDetails']);
    expect(mws.requests[0]?.params).toMatchObject({
      'AuthorizationAmount.Amount': '94.50',
      'AuthorizationAmount.CurrencyCode': 'USD',
      SuccessUrl: 'https://shop.example/amazon/success',
      FailureUrl: 'https://shop.example/amazon/failure',
    });
    expect(mws.requests.every((r) => r.signatureValid)).toBe(true);
  });

  it('cancels and closes order references', async () => {
    mws.respond = ({ action }) => {
      if (action === 'CancelOrderReference' || action === 'CloseOrderReference') return { body: emptyResultXml(action) };
      const last = mws.requests.at(-2)?.action;
      return {
        body: getOrderReferenceDetailsXml(
          last === 'CancelOrderReference'
            ? { state: 'Canceled', reasonCode: 'SellerCanceled' }
            : { state: 'Closed', reasonCode: 'SellerClosed' },
        ),
      };
    };
    await expect(client().cancelOrderReference({ amazonOrderReferenceId: ORDER, reason: 'Buyer asked' })).resolves.toMatchObject({
      state: 'Canceled',
    });
    await expect(client().closeOrderReference(ORDER, 'Shipped')).resolves.toMatchObject({ state: 'Closed' });
    expect(mws.requests[0]?.params.CancelationReason).toBe('Buyer asked');
    expect(mws.requests[2]?.params.ClosureReason).toBe('Shipped');
  });

  it('turns an ErrorResponse into an amazon error with code and status, without retrying', async () => {
    mws.respond = () => ({
      status: 400,
      body: errorXml('Sender', 'InvalidOrderReferenceStatus', 'The Order Reference is in Suspended state.'),
    });
    const error = await client()
      .authorize(authorizeRequest)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmazonPayError);
    expect(error).toMatchObject({ kind: 'amazon', code: 'InvalidOrderReferenceStatus', status: 400, retryable: false });
    expect(mws.requests).toHaveLength(1);
  });

  it('reports truncated XML as malformed', async () => {
    mws.respond = () => ({ body: authorizeXml({ state: 'Open' }).slice(0, 300) });
    await expect(client().authorize(authorizeRequest)).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('reports a well-formed reply missing required fields as malformed', async () => {
    mws.respond = () => ({ body: authorizeXml({ state: 'Approved' }) });
    await expect(client().authorize(authorizeRequest)).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('retries GetOrderReferenceDetails after a 503 and succeeds', async () => {
    let calls = 0;
    mws.respond = () =>
      ++calls === 1
        ? { status: 503, body: errorXml('Receiver', 'ServiceUnavailable', 'Service is unavailable') }
        : { body: getOrderReferenceDetailsXml({ state: 'Open' }) };
    await expect(client().getOrderReferenceDetails(ORDER)).resolves.toMatchObject({ state: 'Open' });
    expect(mws.requests).toHaveLength(2);
  });

  it('does not retry CancelOrderReference after a 503', async () => {
    mws.respond = () => ({ status: 503, body: '' });
    await expect(client().cancelOrderReference({ amazonOrderReferenceId: ORDER })).rejects.toMatchObject({
      kind: 'amazon',
      code: 'ServiceUnavailable',
      status: 503,
      retryable: true,
    });
    expect(mws.requests).toHaveLength(1);
  });

  it('retries a throttled Authorize with the same AuthorizationReferenceId', async () => {
    let calls = 0;
    mws.respond = () =>
      ++calls <= 2
        ? { status: 503, body: errorXml('Receiver', 'RequestThrottled', 'Request is throttled') }
        : { body: authorizeXml({ state: 'Open' }) };
    await expect(client().authorize(authorizeRequest)).resolves.toMatchObject({ state: 'Open' });
    expect(mws.requests.map((r) => r.params.AuthorizationReferenceId)).toEqual(['attempt-1', 'attempt-1', 'attempt-1']);
  });

  it('gives up after maxRetries and reports the throttling', async () => {
    mws.respond = () => ({ status: 503, body: errorXml('Receiver', 'RequestThrottled', 'Request is throttled') });
    await expect(client({ maxRetries: 2 }).getAuthorizationDetails('S01-1234567-1234567-A000001')).rejects.toMatchObject({
      code: 'RequestThrottled',
      retryable: true,
    });
    expect(mws.requests).toHaveLength(3);
  });

  it('rejects a bad AuthorizationReferenceId before calling Amazon', async () => {
    await expect(
      client().authorize({ ...authorizeRequest, authorizationReferenceId: 'has spaces and is far too long for amazon' }),
    ).rejects.toMatchObject({
      kind: 'validation',
      code: 'InvalidAuthorizationReferenceId',
    });
    await expect(
      client().confirmOrderReference({ amazonOrderReferenceId: ORDER, successUrl: 'http://shop.example/ok' }),
    ).rejects.toMatchObject({ kind: 'validation' });
    expect(mws.requests).toHaveLength(0);
  });

  it('reports a silent endpoint as a timeout', async () => {
    mws.respond = () => ({ body: '', hang: true });
    await expect(client({ timeoutMs: 50, maxRetries: 0 }).getOrderReferenceDetails(ORDER)).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('rejects a request the endpoint cannot verify (wrong secret) with Amazon code', async () => {
    await expect(client({ secretKey: 'wrong' }).getOrderReferenceDetails(ORDER)).rejects.toMatchObject({
      kind: 'amazon',
      code: 'SignatureDoesNotMatch',
      status: 403,
    });
  });
});
