import type { SandboxBackend } from 'react-amazon-pay-recovery/testing';

/**
 * Where the demo's pop-up reports its funnel (shown, dismissed) for the admin
 * page's recovery report: the sandbox, standing in for the shop's server
 * (POST /events). Set once by main.tsx.
 */
let sink: SandboxBackend['recordFunnelEvent'] = () => undefined;

export function setFunnelSink(record: SandboxBackend['recordFunnelEvent']): void {
  sink = record;
}

export const recordFunnel: SandboxBackend['recordFunnelEvent'] = (event) => sink(event);
