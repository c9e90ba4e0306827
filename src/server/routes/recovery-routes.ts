/** The routes of the server's recovery (one decision-maker per order): the buyer's intents, its view, the event stream. */
import { AmazonPayError } from '../../domain/errors';
import { eventStreamResponse } from '../event-stream';
import type { AmazonPayHandlerConfig } from '../handler';
import { callerError, errorResponse, requestError } from '../http-error';
import { readJsonObject } from '../request-body';
import { parseRecoveryIntentRequest } from '../request-validation';
import type { RouteContext } from './route-context';

/** Seconds a browser is asked to wait before reopening an event stream when the server holds its maximum. */
const EVENT_STREAM_RETRY_AFTER_SECONDS = 10;

function serverRecovery(context: RouteContext): NonNullable<AmazonPayHandlerConfig['recovery']> {
  if (!context.config.recovery)
    throw requestError(
      404,
      'RecoveryNotConfigured',
      'This server does not run the recovery (no `recovery` runner configured): the browser decides.',
    );
  return context.config.recovery;
}

/** The buyer's intent for an order the server owns (or starts owning with `start`). */
export async function recoveryIntent(request: Request, context: RouteContext, id: string): Promise<object> {
  const amazonOrderReferenceId = await context.ownedOrderReference(request, id);
  const recovery = serverRecovery(context);
  const intent = parseRecoveryIntentRequest(await readJsonObject(request, context.jsonBody));
  if (intent.amount) await context.checkAmount({ route: 'recoveryIntent', request, amazonOrderReferenceId, requested: intent.amount });
  return context.lock.run(`order:${amazonOrderReferenceId}`, () => recovery.intent(amazonOrderReferenceId, intent));
}

export async function getRecovery(request: Request, context: RouteContext, id: string): Promise<object> {
  const amazonOrderReferenceId = await context.ownedOrderReference(request, id);
  const view = await serverRecovery(context).view(amazonOrderReferenceId);
  if (!view) throw requestError(404, 'UnknownOrder', `The server is not recovering order reference ${amazonOrderReferenceId}.`);
  return view;
}

/** The order's event stream, within the handler's limits (in all, and per order). */
export async function subscribe(request: Request, context: RouteContext, id: string): Promise<Response> {
  const amazonOrderReferenceId = await context.ownedOrderReference(request, id);
  const slot = context.streams.take(amazonOrderReferenceId);
  if (typeof slot === 'string') {
    const where = slot === 'order' ? 'on this order reference' : 'on this server';
    const busy = callerError(
      new AmazonPayError('network', `Too many open event streams ${where}; reconnect later.`, {
        status: 503,
        code: 'TooManyEventStreams',
        retryable: true,
      }),
    );
    return errorResponse(busy, { 'retry-after': String(EVENT_STREAM_RETRY_AFTER_SECONDS) });
  }
  return eventStreamResponse(request, context.hub, amazonOrderReferenceId, {
    keepAliveMs: context.keepAliveMs,
    retryMs: 3000,
    onClose: slot,
  });
}
