/**
 * react-amazon-pay-recovery/events: the tab's funnel events to the kit's
 * server (`sendFunnelEvents`, for the provider's `onEvent`), in an entry of its
 * own so a page that does not send them carries none of it. Framework-free.
 * The public names are the explicit list below.
 * @packageDocumentation
 */
export { sendFunnelEvents } from './browser/send-funnel-events';
export type { SendFunnelEventsOptions, FunnelEventSender } from './browser/send-funnel-events';
export type { RecoveryFunnelEvent, RecoveryFunnelEventType, FunnelTrigger } from './domain/recovery-events';
