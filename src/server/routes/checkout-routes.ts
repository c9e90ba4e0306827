/** The Checkout v2 routes: the button's signed payload, and completing a checkout session (at most once). */
import { buildCheckoutSessionPayload } from '../../domain/checkout-payload';
import { AmazonPayError } from '../../domain/errors';
import { assertRegionCurrency } from '../handler-config';
import { callerError, requestError } from '../http-error';
import { readJsonObject } from '../request-body';
import { opaqueIdFromPath, parseCheckoutPayloadRequest, parseCompleteRequest } from '../request-validation';
import { sameMoney, type RouteContext } from './route-context';

export async function signCheckoutSessionPayload(request: Request, context: RouteContext): Promise<object> {
  const { config } = context;
  const payloadRequest = parseCheckoutPayloadRequest(await readJsonObject(request, context.jsonBody));
  const { merchantReferenceId } = payloadRequest;
  await context.checkAccess(request, { type: 'checkoutPayload', ...(merchantReferenceId === undefined ? {} : { merchantReferenceId }) });
  let payloadJSON: string;
  try {
    payloadJSON = JSON.stringify(buildCheckoutSessionPayload(payloadRequest, { storeId: config.storeId, urlRules: context.urlRules }));
  } catch (error) {
    // A return URL outside allowedReturnOrigins, an address Amazon would refuse: the caller's request, named.
    if (error instanceof AmazonPayError && error.kind === 'validation')
      throw requestError(400, error.code ?? 'InvalidParameterValue', error.message);
    throw error;
  }
  assertRegionCurrency(config.checkout.region, payloadRequest.amount.currencyCode);
  await context.checkAmount({
    route: 'signCheckoutSessionPayload',
    request,
    ...(merchantReferenceId === undefined ? {} : { merchantReferenceId }),
    requested: payloadRequest.amount,
  });
  const { signature, publicKeyId, algorithm } = await config.checkout.signButtonPayload(payloadJSON);
  return { payloadJSON, signature, ...(publicKeyId === undefined ? {} : { publicKeyId }), algorithm };
}

/** A checkout session is completed at most once: a repeat gets the stored result (and the same amount, or 409). */
export async function completeCheckoutSession(request: Request, context: RouteContext, checkoutSessionId: string): Promise<object> {
  const { store } = context;
  await context.checkAccess(request, {
    type: 'checkoutSession',
    checkoutSessionId: opaqueIdFromPath(checkoutSessionId, 'checkoutSessionId'),
  });
  const completeRequest = parseCompleteRequest(checkoutSessionId, await readJsonObject(request, context.jsonBody));
  return context.lock.run(`checkout:${checkoutSessionId}`, async () => {
    const stored = await store.getCompletion(checkoutSessionId);
    if (stored) {
      if (!sameMoney(stored.request.amount, completeRequest.amount)) {
        const { amount, currencyCode } = stored.request.amount;
        throw callerError(
          new AmazonPayError(
            'amazon',
            `AmountMismatch: checkout session ${checkoutSessionId} was completed with ${amount} ${currencyCode}.`,
            { status: 409, code: 'AmountMismatch', retryable: false },
          ),
        );
      }
      await context.effects.checkoutCompleted(request, stored.request, stored.result, false);
      return stored.result;
    }
    const result = await context.config.checkout.completeCheckoutSession(completeRequest);
    await store.saveCompletion({ request: completeRequest, result });
    await context.effects.checkoutCompleted(request, completeRequest, result, true);
    return result;
  });
}
