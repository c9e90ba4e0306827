/**
 * Reads Amazon Pay API v2 replies about charges (Get Charge) and charge
 * permissions (Close Charge Permission). A reply that is not the requested
 * object in a documented state is refused as `malformed`: the runner then acts
 * on nothing (a charge it cannot read is never taken as declined or paid).
 */
import { AmazonPayError } from '../../domain/errors';
import { CHARGE_STATES } from '../../domain/reply-shapes';
import type { ChargeDetails, ChargeState } from '../../domain/types';
import { parseMoney } from '../../domain/validation';
import type { ChargePermissionReference, ClosedChargePermission } from '../amazon-clients';

/** Charge and charge-permission ids: `S01-1234567-1234567` and `S01-1234567-1234567-C123456` (P for live). */
export const CHARGE_PERMISSION_ID = /^[A-Z]\d{2}-\d{7}-\d{7}$/;
export const CHARGE_ID = /^[A-Z]\d{2}-\d{7}-\d{7}-C\d{6,7}$/;

function malformed(message: string): AmazonPayError {
  return new AmazonPayError('malformed', message, { code: 'MalformedReply', retryable: false });
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw malformed(`Amazon Pay's ${what} reply is not a JSON object.`);
  return value as Record<string, unknown>;
}

const optionalText = (value: unknown, field: string): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > 1024) throw malformed(`Amazon Pay's charge reply has an unreadable ${field}.`);
  return value;
};

/** Get Charge's reply, which must be the charge `chargeId` asked for. */
export function readCharge(data: unknown, chargeId: string): ChargeDetails {
  const charge = record(data, 'Get Charge');
  if (charge.chargeId !== chargeId)
    throw malformed(`Amazon Pay answered Get Charge ${chargeId} with charge ${JSON.stringify(charge.chargeId)}.`);
  const { chargePermissionId } = charge;
  if (
    typeof chargePermissionId !== 'string' ||
    !CHARGE_PERMISSION_ID.test(chargePermissionId) ||
    !chargeId.startsWith(`${chargePermissionId}-`)
  ) {
    throw malformed(`Amazon Pay's charge ${chargeId} names charge permission ${JSON.stringify(chargePermissionId)}.`);
  }
  const status = record(charge.statusDetails, 'Get Charge statusDetails');
  const state = status.state;
  if (typeof state !== 'string' || !(CHARGE_STATES as readonly string[]).includes(state)) {
    throw malformed(`Amazon Pay's charge ${chargeId} is in the unknown state ${JSON.stringify(state)}.`);
  }
  const reasonCode = optionalText(status.reasonCode, 'reasonCode');
  if ((state === 'Declined' || state === 'Canceled') && !reasonCode)
    throw malformed(`Amazon Pay's ${state} charge ${chargeId} has no reasonCode.`);
  const amount = record(charge.chargeAmount, 'Get Charge chargeAmount');
  let chargeAmount;
  try {
    chargeAmount = parseMoney(amount.amount, amount.currencyCode);
  } catch (cause) {
    throw new AmazonPayError('malformed', `Amazon Pay's charge ${chargeId} has an unreadable chargeAmount.`, {
      code: 'MalformedReply',
      retryable: false,
      cause,
    });
  }
  const reasonDescription = optionalText(status.reasonDescription, 'reasonDescription');
  const lastUpdatedTimestamp = optionalText(status.lastUpdatedTimestamp, 'lastUpdatedTimestamp');
  return {
    chargeId,
    chargePermissionId,
    state: state as ChargeState,
    chargeAmount,
    ...(reasonCode ? { reasonCode } : {}),
    ...(reasonDescription ? { reasonDescription } : {}),
    ...(lastUpdatedTimestamp ? { lastUpdatedTimestamp } : {}),
  };
}

/** A charge permission reply (`call` names the API call): the permission asked for, with a state. */
function readPermission(
  data: unknown,
  chargePermissionId: string,
  call: string,
): { permission: Record<string, unknown>; status: Record<string, unknown>; state: string } {
  const permission = record(data, call);
  if (permission.chargePermissionId !== chargePermissionId)
    throw malformed(`Amazon Pay answered ${call} ${chargePermissionId} with ${JSON.stringify(permission.chargePermissionId)}.`);
  const status = record(permission.statusDetails, `${call} statusDetails`);
  if (typeof status.state !== 'string' || status.state === '')
    throw malformed(`Amazon Pay's charge permission ${chargePermissionId} has no state.`);
  return { permission, status, state: status.state };
}

/** Close Charge Permission's reply: the permission asked for, with a state. */
export function readClosedChargePermission(data: unknown, chargePermissionId: string): ClosedChargePermission {
  const { status, state } = readPermission(data, chargePermissionId, 'Close Charge Permission');
  const reasonCode = Array.isArray(status.reasons)
    ? (status.reasons[0] as { reasonCode?: unknown } | undefined)?.reasonCode
    : status.reasonCode;
  return { chargePermissionId, state, ...(typeof reasonCode === 'string' && reasonCode ? { reasonCode } : {}) };
}

/**
 * Get Charge Permission's reply, which must be the permission asked for. Only the
 * state and `merchantMetadata.merchantReferenceId` are kept: the buyer's name,
 * e-mail and address in the same reply never reach the kit's storage.
 */
export function readChargePermission(data: unknown, chargePermissionId: string): ChargePermissionReference {
  const { permission, state } = readPermission(data, chargePermissionId, 'Get Charge Permission');
  const metadata = permission.merchantMetadata;
  const reference =
    typeof metadata === 'object' && metadata !== null ? (metadata as { merchantReferenceId?: unknown }).merchantReferenceId : undefined;
  if (reference !== undefined && reference !== null && (typeof reference !== 'string' || reference.length > 256))
    throw malformed(`Amazon Pay's charge permission ${chargePermissionId} has an unreadable merchantReferenceId.`);
  return { chargePermissionId, state, ...(reference ? { merchantReferenceId: reference } : {}) };
}
