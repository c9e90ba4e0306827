/**
 * The recovery report's routes, relative to the handler's base path, each off
 * unless the handler enables it (docs/backend-contract.md, "Recovery report"):
 * the tab's funnel events and the merchant's admin report.
 */
export const RECOVERY_REPORT_ROUTES = [
  { name: 'recordFunnelEvents', method: 'POST', path: '/events' },
  { name: 'getRecoveryReport', method: 'GET', path: '/admin/recovery-report' },
] as const;

export type RecoveryReportRouteName = (typeof RECOVERY_REPORT_ROUTES)[number]['name'];

/** Funnel events in one POST /events request (the handler refuses more with 400). */
export const MAX_FUNNEL_EVENTS_PER_REQUEST = 20;
