/** The legacy (MWS) routes on one order reference: authorize, read, confirm, cancel, an authorization's details. */
import { isLiveAuthorization } from '../../domain/decline-machine';
import { AmazonPayError } from '../../domain/errors';
import { orderReferenceOfAuthorization } from '../access';
import { callerError, requestError } from '../http-error';
import { readJsonObject } from '../request-body';
import { browserDecides, opaqueIdFromPath, parseAuthorizeRequest, parseCancelRequest, parseConfirmRequest } from '../request-validation';
import { sameMoney, type RouteContext } from './route-context';

const refused = (code: string, message: string): AmazonPayError =>
  callerError(new AmazonPayError('amazon', `${code}: ${message}`, { status: 409, code, retryable: false }));

export async function authorize(request: Request, context: RouteContext): Promise<object> {
  const { config, store } = context;
  const body = await readJsonObject(request, context.jsonBody);
  const authorizeRequest = parseAuthorizeRequest(body);
  if (authorizeRequest.sellerAuthorizationNote !== undefined && !config.sandboxSimulations) {
    throw requestError(400, 'UnknownField', 'sellerAuthorizationNote: accepted only when the server enables sandboxSimulations.');
  }
  const { amazonOrderReferenceId, amount } = authorizeRequest;
  await context.checkAccess(request, { type: 'orderReference', amazonOrderReferenceId });
  await context.checkAmount({ route: 'authorize', request, amazonOrderReferenceId, requested: amount });
  return context.lock.run(`order:${amazonOrderReferenceId}`, async () => {
    const attempts = await store.listAttempts(amazonOrderReferenceId);
    const isNew = !attempts.some((a) => a.authorizationReferenceId === authorizeRequest.authorizationReferenceId);
    // A new attempt while one is Open or Pending (a reload, a second tab) gets that one back: never a second authorization.
    const live = isNew ? attempts.find((a) => isLiveAuthorization(a, true)) : undefined;
    // Only for this order's amount: a stored authorization of another amount (the cart changed, or a forged one) is not this payment.
    if (live && !sameMoney(live.amount, amount)) {
      throw refused(
        'LiveAuthorizationMismatch',
        `order reference ${amazonOrderReferenceId} has an ${live.state} authorization of another amount; close it before authorizing again.`,
      );
    }
    if (live) return live;
    // One decision-maker per order: the server's recovery owns every asynchronous authorization made through it, so a tab
    // that runs its own machine gets no new one (it would decide beside the server); refused before Amazon is called.
    // A live authorization above is still its answer: showing a payment that exists is not deciding.
    if (isNew && config.recovery && authorizeRequest.mode === 'async' && browserDecides(body)) {
      throw refused(
        'RecoveryNotInBrowser',
        "this server recovers asynchronous declines itself: give the browser's createHttpBackend `recovery: serverRecovery()` so the tab shows the server's decisions instead of deciding beside it (docs/durable-server.md).",
      );
    }
    // One decision-maker per order: once the server's recovery owns it, a tab's or a reload's new attempt is not made.
    if (isNew && config.recovery && (await config.recovery.view(amazonOrderReferenceId))) {
      throw refused(
        'OrderOwnedByServer',
        `the server is recovering order reference ${amazonOrderReferenceId}; send the buyer's intent to its recovery route instead.`,
      );
    }
    if (isNew && attempts.length >= context.maxAuthorizations) {
      throw refused('RetryBudgetExhausted', `order reference ${amazonOrderReferenceId} already had ${attempts.length} authorizations.`);
    }
    // No request signal: a buyer who closes the tab must not leave an authorization half-known.
    const result = await config.legacy.authorize(authorizeRequest);
    await context.effects.authorized(request, result, authorizeRequest.mode, attempts);
    return result;
  });
}

export async function getOrderReferenceDetails(request: Request, context: RouteContext, id: string): Promise<object> {
  return context.config.legacy.getOrderReferenceDetails(await context.ownedOrderReference(request, id), request.signal);
}

export async function confirmOrderReference(request: Request, context: RouteContext, id: string): Promise<object> {
  const confirm = parseConfirmRequest(
    await context.ownedOrderReference(request, id),
    await readJsonObject(request, context.jsonBody),
    context.urlRules,
  );
  if (confirm.amount)
    await context.checkAmount({
      route: 'confirmOrderReference',
      request,
      amazonOrderReferenceId: confirm.amazonOrderReferenceId,
      requested: confirm.amount,
    });
  return context.config.legacy.confirmOrderReference(confirm);
}

export async function cancelOrderReference(request: Request, context: RouteContext, id: string): Promise<object> {
  const orderReferenceId = await context.ownedOrderReference(request, id);
  const canceled = await context.config.legacy.cancelOrderReference(
    parseCancelRequest(orderReferenceId, await readJsonObject(request, context.jsonBody)),
  );
  await context.effects.orderCanceled(request, orderReferenceId);
  return canceled;
}

export async function getAuthorizationDetails(request: Request, context: RouteContext, id: string): Promise<object> {
  const amazonAuthorizationId = opaqueIdFromPath(id, 'amazonAuthorizationId');
  await context.checkAccess(request, {
    type: 'orderReference',
    amazonOrderReferenceId: orderReferenceOfAuthorization(amazonAuthorizationId),
  });
  const details = await context.config.legacy.getAuthorizationDetails(amazonAuthorizationId, request.signal);
  await context.effects.authorizationRead(request, details);
  return details;
}
