/** The recovery report's routes: the tab's funnel events in, the merchant's admin report out. */
import { AmazonPayError } from '../../domain/errors';
import { resolveReportQuery } from '../../domain/recovery-report';
import { parseFunnelEventsRequest } from '../funnel-events-request';
import { callerError, errorResponse, jsonResponse, requestError } from '../http-error';
import { readJsonObject } from '../request-body';
import type { RouteContext } from './route-context';

/** The tab's funnel events: parsed, each checked with canAccess, rate-limited per cart or order and in all. */
export async function recordFunnelEvents(request: Request, context: RouteContext): Promise<Response> {
  const parsed = parseFunnelEventsRequest(await readJsonObject(request, context.jsonBody));
  for (const { resource } of parsed) await context.checkAccess(request, resource);
  const perKey = new Map<string, number>();
  for (const { key } of parsed) perKey.set(key, (perKey.get(key) ?? 0) + 1);
  const { perKey: perKeyLimit, total: totalLimit } = context.funnelLimits;
  const wait = Math.max(totalLimit.take('all', parsed.length), ...[...perKey].map(([key, count]) => perKeyLimit.take(key, count)));
  if (wait > 0) {
    const busy = callerError(
      new AmazonPayError('network', 'Too many funnel events; send them later.', { status: 429, code: 'TooManyEvents', retryable: true }),
    );
    return errorResponse(busy, { 'retry-after': String(wait) });
  }
  const at = Date.now();
  await context.events.recordEvents(parsed.map(({ event }) => ({ ...event, id: `tab:${crypto.randomUUID()}`, at })));
  // The buyer left a declined order for another method: lost, as when the tab cancels it (a tab whose cancel never
  // reaches this server, or fails, still counts). Only from the server's own record: a decline, nothing Open; the
  // lost event's id is the order's, so the cancel route's record and this one are one.
  for (const { event } of parsed) if (event.type === 'otherMethodChosen') await context.effects.orderCanceled(request, event.orderKey!);
  return jsonResponse({ recorded: parsed.length }, 202);
}

export async function getRecoveryReport(request: Request, context: RouteContext): Promise<object> {
  // The merchant's own admin check, never the buyer's canAccess.
  if ((await context.config.recoveryReport!.isAdmin(request)) !== true)
    throw requestError(403, 'Forbidden', "Only the shop's admins may read the recovery report.");
  const params = new URL(request.url).searchParams;
  const unknown = [...params.keys()].find((name) => !['from', 'to', 'groupBy'].includes(name));
  if (unknown !== undefined)
    throw requestError(400, 'UnknownField', `${unknown}: not a parameter of the recovery report (expected from, to, groupBy).`);
  const query = {
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    ...(params.has('groupBy') ? { groupBy: params.get('groupBy') as 'reasonCode' } : {}),
  };
  try {
    resolveReportQuery(query);
  } catch (error) {
    throw requestError(400, 'InvalidParameterValue', (error as Error).message);
  }
  return context.events.getRecoveryReport(query);
}
