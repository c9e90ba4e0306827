import { AmazonPayError } from './errors';
import type { AuthorizationState, ReasonCode } from './types';

/** A parsed `{"SandboxSimulation": {...}}` string of Amazon's sandbox. */
export interface SandboxSimulation {
  readonly state: AuthorizationState;
  readonly reasonCode: ReasonCode;
  readonly softDecline?: boolean;
  /** InvalidPaymentMethod: minutes until the order reference returns to Open (async only). */
  readonly paymentMethodUpdateTimeInMins?: number;
  /** Closed/ExpiredUnused: minutes until the Open authorization closes. */
  readonly expirationTimeInMins?: number;
}

/**
 * Amazon's documented authorization simulations plus one of the kit's own:
 * `ProcessingFailure` has no Amazon simulation string, so the kit's sandbox
 * accepts `{"SandboxSimulation":{"State":"Declined","ReasonCode":"ProcessingFailure"}}`.
 * Amazon's real sandbox would answer InvalidSandboxSimulationSpecified to it.
 */
const ALLOWED: ReadonlyArray<readonly [AuthorizationState, string]> = [
  ['Declined', 'InvalidPaymentMethod'],
  ['Declined', 'AmazonRejected'],
  ['Declined', 'TransactionTimedOut'],
  ['Declined', 'ProcessingFailure'],
  ['Closed', 'ExpiredUnused'],
  ['Closed', 'AmazonClosed'],
];

/** Builds the exact string Amazon expects in SellerAuthorizationNote. */
export function sandboxSimulationNote(simulation: SandboxSimulation): string {
  const body: Record<string, unknown> = { State: simulation.state, ReasonCode: simulation.reasonCode };
  if (simulation.paymentMethodUpdateTimeInMins !== undefined) body.PaymentMethodUpdateTimeInMins = simulation.paymentMethodUpdateTimeInMins;
  if (simulation.softDecline !== undefined) body.SoftDecline = String(simulation.softDecline);
  if (simulation.expirationTimeInMins !== undefined) body.ExpirationTimeInMins = simulation.expirationTimeInMins;
  return JSON.stringify({ SandboxSimulation: body });
}

/**
 * Parses a SellerAuthorizationNote. Returns undefined for an ordinary note;
 * throws InvalidSandboxSimulationSpecified for a simulation Amazon would refuse.
 */
export function parseSandboxSimulation(note: string | undefined): SandboxSimulation | undefined {
  if (!note || !note.includes('SandboxSimulation')) return undefined;
  const refuse = (why: string): AmazonPayError =>
    new AmazonPayError('amazon', `InvalidSandboxSimulationSpecified: ${why}`, {
      code: 'InvalidSandboxSimulationSpecified',
      status: 400,
      retryable: false,
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(note);
  } catch {
    throw refuse('the note mentions SandboxSimulation but is not JSON.');
  }
  const sim = (parsed as { SandboxSimulation?: Record<string, unknown> } | null)?.SandboxSimulation;
  if (typeof sim !== 'object' || sim === null) throw refuse('SandboxSimulation must be an object.');
  const state = sim.State;
  const reasonCode = sim.ReasonCode;
  if (!ALLOWED.some(([s, r]) => s === state && r === reasonCode)) {
    throw refuse(`State ${String(state)} with ReasonCode ${String(reasonCode)} cannot be simulated.`);
  }
  const soft = sim.SoftDecline;
  if (soft !== undefined && soft !== 'true' && soft !== 'false' && typeof soft !== 'boolean')
    throw refuse('SoftDecline must be "true" or "false".');
  const minutes = (value: unknown, name: string): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw refuse(`${name} must be a non-negative number.`);
    return n;
  };
  const result: SandboxSimulation = {
    state: state as AuthorizationState,
    reasonCode: reasonCode as string,
    ...(soft === undefined ? {} : { softDecline: soft === true || soft === 'true' }),
    ...(sim.PaymentMethodUpdateTimeInMins === undefined
      ? {}
      : { paymentMethodUpdateTimeInMins: minutes(sim.PaymentMethodUpdateTimeInMins, 'PaymentMethodUpdateTimeInMins') }),
    ...(sim.ExpirationTimeInMins === undefined ? {} : { expirationTimeInMins: minutes(sim.ExpirationTimeInMins, 'ExpirationTimeInMins') }),
  };
  return result;
}
