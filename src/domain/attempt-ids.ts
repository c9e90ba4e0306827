import { AmazonPayError } from './errors';
import { isAuthorizationReferenceId } from './validation';

/** Amazon's limit for AuthorizationReferenceId. */
export const AUTHORIZATION_REFERENCE_ID_MAX_LENGTH = 32;

function randomSuffix(length: number): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/**
 * Builds AuthorizationReferenceIds: `<prefix>-<attempt>-<random>`, at most 32
 * characters of `[A-Za-z0-9_-]`. The prefix defaults to the order reference id
 * with its dashes (`S01-1234567-1234567` is 19 characters), so a merchant can
 * find every attempt of an order in Seller Central.
 *
 * One id per attempt: {@link AttemptIdGenerator.next} for a new attempt, and the
 * same string is re-sent when that attempt is retried after a network failure
 * (Amazon answers an identical repeat with the first result).
 */
export interface AttemptIdGenerator {
  /** A fresh id for attempt number `attempt` (0 = first authorization). */
  next(attempt: number): string;
}

export function createAttemptIdGenerator(prefix: string): AttemptIdGenerator {
  const cleaned = prefix.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 19);
  if (cleaned.length === 0) {
    throw new AmazonPayError('validation', `Attempt id prefix ${JSON.stringify(prefix)} has no usable characters.`, { retryable: false });
  }
  const issued = new Set<string>();
  return {
    next(attempt) {
      if (!Number.isInteger(attempt) || attempt < 0 || attempt > 99) {
        throw new AmazonPayError('validation', `Attempt number must be an integer 0-99, got ${attempt}.`, { retryable: false });
      }
      const head = `${cleaned}-${attempt}-`;
      let id: string;
      do {
        id = head + randomSuffix(AUTHORIZATION_REFERENCE_ID_MAX_LENGTH - head.length);
      } while (issued.has(id));
      issued.add(id);
      if (!isAuthorizationReferenceId(id)) throw new Error(`internal: bad attempt id ${id}`);
      return id;
    },
  };
}

function cleanPrefix(prefix: string): string {
  return prefix.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 19);
}

/** A random salt for {@link attemptReferenceId}; the runner draws one per flow. */
export function randomAttemptSalt(): string {
  return randomSuffix(10);
}

/**
 * The AuthorizationReferenceId of attempt `attempt` of one flow:
 * `<order reference>-<attempt>-<salt>`, at most 32 characters. Pure: the same
 * flow (a state restored from storage) re-sends the same id, and a new flow
 * (a new salt) never repeats one.
 */
export function attemptReferenceId(orderReferenceId: string, attempt: number, salt: string): string {
  const head = `${cleanPrefix(orderReferenceId) || 'attempt'}-${attempt}-`;
  const tail = salt.replace(/[^A-Za-z0-9_-]/g, '') || '0';
  return (head + tail).slice(0, AUTHORIZATION_REFERENCE_ID_MAX_LENGTH);
}
