/** POST /ipn: Amazon's notifications, verified; what follows is the order effects' job. */
import type { VerifiedNotification } from '../amazon-clients';
import { errorResponse } from '../http-error';
import { readBodyText } from '../request-body';
import type { RouteContext } from './route-context';

export async function receiveNotification(request: Request, context: RouteContext): Promise<Response> {
  const body = await readBodyText(request, context.ipnBody);
  let notification: VerifiedNotification;
  try {
    notification = await context.config.ipn!.verify(body, request.headers);
  } catch (error) {
    // A forgery or a misconfigured topic: the reason goes to onError, the reply (to SNS or whoever posted) has only the code.
    context.onError(error, request);
    return errorResponse(error, {}, 'refused');
  }
  return context.effects.notified(request, notification);
}
