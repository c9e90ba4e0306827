/**
 * The body of POST {basePath}/events: the buyer's tab's funnel events
 * (`{ "events": [ ... ] }`). Only the events the server cannot see itself are
 * taken (TAB_RECORDED_EVENT_TYPES), each with exactly its documented fields:
 * ids, never free text, so nothing personal can be stored through it.
 */
import { MAX_FUNNEL_EVENTS_PER_REQUEST } from '../contract/report-routes';
import {
  FUNNEL_TRIGGERS,
  isFunnelMerchantReferenceId,
  TAB_RECORDED_EVENT_TYPES,
  type FunnelTrigger,
  type RecordedRecoveryEvent,
} from '../domain/recovery-events';
import { AmazonPayError } from '../domain/errors';
import { assertOrderReferenceId } from '../domain/validation';
import type { AmazonPayResource } from './access';
import { requestError } from './http-error';

export interface ParsedFunnelEvent {
  /** The event without its id and time (the server stamps both). */
  readonly event: Omit<RecordedRecoveryEvent, 'id' | 'at'>;
  /** What the buyer's access is checked on. */
  readonly resource: AmazonPayResource;
  /** The rate limit's key: the order or the cart. */
  readonly key: string;
}

function parseEvent(value: unknown, at: string): ParsedFunnelEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw requestError(400, 'InvalidParameterValue', `${at}: must be an object.`);
  const body = value as Record<string, unknown>;
  const type = body.type;
  if (!(TAB_RECORDED_EVENT_TYPES as readonly unknown[]).includes(type)) {
    throw requestError(
      400,
      'InvalidParameterValue',
      `${at}.type: must be one of ${TAB_RECORDED_EVENT_TYPES.join(', ')} (the server records declines and recoveries itself), got ${JSON.stringify(type)}.`,
    );
  }
  const allowed =
    type === 'popupShown'
      ? ['type', 'trigger', 'merchantReferenceId']
      : type === 'otherMethodChosen'
        ? ['type', 'amazonOrderReferenceId']
        : ['type', 'merchantReferenceId'];
  const unknown = Object.keys(body).find((field) => !allowed.includes(field));
  if (unknown !== undefined)
    throw requestError(400, 'UnknownField', `${at}.${unknown}: not a field of a ${String(type)} event (expected ${allowed.join(', ')}).`);
  if (type === 'otherMethodChosen') {
    try {
      assertOrderReferenceId(body.amazonOrderReferenceId);
    } catch (error) {
      if (error instanceof AmazonPayError)
        throw requestError(400, 'InvalidParameterValue', `${at}.amazonOrderReferenceId: ${error.message}`);
      throw error;
    }
    const amazonOrderReferenceId = body.amazonOrderReferenceId as string;
    return {
      event: { type, orderKey: amazonOrderReferenceId },
      resource: { type: 'orderReference', amazonOrderReferenceId },
      key: `order:${amazonOrderReferenceId}`,
    };
  }
  const merchantReferenceId = body.merchantReferenceId;
  if (!isFunnelMerchantReferenceId(merchantReferenceId)) {
    throw requestError(
      400,
      'InvalidParameterValue',
      `${at}.merchantReferenceId: required, your cart or order id (letters, digits and ._:/#-, up to 256 characters).`,
    );
  }
  let trigger: FunnelTrigger | undefined;
  if (type === 'popupShown') {
    if (!FUNNEL_TRIGGERS.includes(body.trigger as FunnelTrigger))
      throw requestError(
        400,
        'InvalidParameterValue',
        `${at}.trigger: must be one of ${FUNNEL_TRIGGERS.join(', ')}, got ${JSON.stringify(body.trigger)}.`,
      );
    trigger = body.trigger as FunnelTrigger;
  }
  return {
    event: { type: type as 'popupShown' | 'popupDismissed' | 'amazonPayChosen', merchantReferenceId, ...(trigger ? { trigger } : {}) },
    resource: { type: 'checkoutPayload', merchantReferenceId },
    key: `cart:${merchantReferenceId}`,
  };
}

export function parseFunnelEventsRequest(body: Record<string, unknown>): ParsedFunnelEvent[] {
  const unknown = Object.keys(body).find((field) => field !== 'events');
  if (unknown !== undefined)
    throw requestError(400, 'UnknownField', `${unknown}: not a field of a funnel events request (expected events).`);
  const { events } = body;
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_FUNNEL_EVENTS_PER_REQUEST) {
    throw requestError(400, 'InvalidParameterValue', `events: must be a list of 1 to ${MAX_FUNNEL_EVENTS_PER_REQUEST} events.`);
  }
  return events.map((event, index) => parseEvent(event, `events[${index}]`));
}
