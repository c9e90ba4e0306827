import { validationError } from '../domain/errors';

/** Longest delay the pop-up accepts, in seconds (ten minutes). */
export const MAX_POPUP_DELAY_SECONDS = 600;

/**
 * Checks a pop-up delay (`fadeIn`, `inactivity.seconds`): a finite number of
 * seconds from 0 to 600. Returns it in milliseconds.
 */
export function popupDelayMs(seconds: unknown, field: string): number {
  if (typeof seconds !== 'number' || Number.isNaN(seconds) || seconds < 0 || seconds > MAX_POPUP_DELAY_SECONDS) {
    throw validationError(
      process.env.NODE_ENV !== 'production'
        ? `${field} must be a number of seconds from 0 to ${MAX_POPUP_DELAY_SECONDS} (0 shows the pop-up at once), got ${typeof seconds === 'number' ? String(seconds) : JSON.stringify(seconds)}.`
        : 'InvalidParameterValue',
      'InvalidParameterValue',
    );
  }
  return Math.round(seconds * 1000);
}
