import { useEffect, useRef } from 'react';
import { warnOnce } from '../domain/dev-warning';
import { isTypingTarget } from './internal/typing-target';

export interface InactivityTrigger {
  /** Seconds without typing in (or focusing) the fields before the pop-up shows. */
  readonly seconds: number;
  /** The fields watched (CSS selector, e.g. `.checkout-field`). A selector that matches nothing never fires. */
  readonly fieldSelector: string;
}

export interface PopupTriggerOptions {
  /** Triggers run only while armed; disarming clears every timer and listener. */
  readonly armed: boolean;
  /** Milliseconds after arming until the pop-up shows; undefined: no timer. */
  readonly fadeInMs: number | undefined;
  /** Show when the pointer leaves the page. */
  readonly exitIntent: boolean;
  /** Already validated: milliseconds, and the watched fields. */
  readonly inactivity: { readonly ms: number; readonly fieldSelector: string } | undefined;
  /** Never show while every (non-hidden) field matching this selector is filled (spaces count; no match counts as filled, as Amazon's `notShow`). */
  readonly suppressWhenFilled: string | undefined;
  /** Called when a trigger fires, nothing suppresses it and the buyer is not typing. */
  readonly onTrigger: (reason: PopupTriggerReason) => void;
}

export type PopupTriggerReason = 'fadeIn' | 'exitIntent' | 'inactivity';

/** A trigger that fires while the buyer is typing waits until this long after the last keystroke. */
export const TYPING_PAUSE_MS = 1500;

function fieldsOf(selector: string): HTMLInputElement[] {
  try {
    return Array.from(document.querySelectorAll<HTMLInputElement>(selector));
  } catch {
    return [];
  }
}

/**
 * True when every field the selector matches (hidden inputs aside) has a value,
 * as Amazon's script counted them: spaces are a value, and a selector that
 * matches no field counts as filled (nothing is left to fill).
 */
export function allFieldsFilled(selector: string): boolean {
  return fieldsOf(selector).every(
    (field) => (field instanceof HTMLInputElement && field.type === 'hidden') || (typeof field.value === 'string' && field.value !== ''),
  );
}

function matches(target: EventTarget | null, selector: string): boolean {
  try {
    return target instanceof Element && target.matches(selector);
  } catch {
    return false;
  }
}

/**
 * The original script's triggers, cleaned up: a timer after arming (`fadeIn`),
 * exit intent (the pointer leaves the document), and inactivity (no typing in
 * or focusing of the watched fields for N seconds, unless all are filled).
 * Each trigger is skipped while every `suppressWhenFilled` field is filled,
 * and waits while the buyer is typing in any field (until
 * {@link TYPING_PAUSE_MS} after the last keystroke), so a pop-up never takes
 * the focus mid-word. Its listeners on `document` are passive and exist only
 * while armed; all timers and listeners go when disarmed or unmounted.
 */
export function usePopupTriggers(options: PopupTriggerOptions): void {
  const { armed, fadeInMs, exitIntent, suppressWhenFilled } = options;
  const inactivityMs = options.inactivity?.ms;
  const inactivitySelector = options.inactivity?.fieldSelector;
  const onTrigger = useRef(options.onTrigger);
  useEffect(() => {
    onTrigger.current = options.onTrigger;
  });

  // The last keystroke in a field, kept across arming: a trigger armed again still knows it.
  const lastTypedAt = useRef(Number.NEGATIVE_INFINITY);

  useEffect(() => {
    if (!armed) return;
    const cleanups: (() => void)[] = [];
    // Passive, and only while armed: a waiting pop-up never holds up the page's own input handling.
    const listen = (type: string, listener: (event: Event) => void): void => {
      document.addEventListener(type, listener, { capture: true, passive: true });
      cleanups.push(() => document.removeEventListener(type, listener, { capture: true }));
    };
    let waitingForPause: ReturnType<typeof setTimeout> | undefined;
    cleanups.push(() => clearTimeout(waitingForPause));
    // Inactivity: the last time a watched field was typed in or focused (the timer checks it when it expires).
    const watching = inactivityMs !== undefined && inactivitySelector ? inactivitySelector : undefined;
    let lastActivityAt = Date.now();
    // One listener per event type; a keystroke costs a type check, a selector match and Date.now().
    const onKey = (event: Event): void => {
      if (isTypingTarget(event.target)) lastTypedAt.current = Date.now();
      if (watching && matches(event.target, watching)) lastActivityAt = Date.now();
    };
    listen('keydown', onKey);
    listen('input', onKey);

    const fire = (reason: PopupTriggerReason): void => {
      if (suppressWhenFilled && allFieldsFilled(suppressWhenFilled)) return;
      const sinceTyping = Date.now() - lastTypedAt.current;
      if (sinceTyping < TYPING_PAUSE_MS) {
        clearTimeout(waitingForPause);
        waitingForPause = setTimeout(() => fire(reason), TYPING_PAUSE_MS - sinceTyping);
        return;
      }
      onTrigger.current(reason);
    };

    if (fadeInMs === 0) fire('fadeIn');
    else if (fadeInMs !== undefined) {
      const timer = setTimeout(() => fire('fadeIn'), fadeInMs);
      cleanups.push(() => clearTimeout(timer));
    }

    if (exitIntent) {
      listen('mouseout', (event) => {
        // relatedTarget null: the pointer went to the browser chrome or another window.
        if ((event as MouseEvent).relatedTarget === null) fire('exitIntent');
      });
    }

    if (watching && inactivityMs !== undefined) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const wait = (ms: number): void => {
        timer = setTimeout(() => {
          const idle = Date.now() - lastActivityAt;
          if (idle < inactivityMs) return wait(inactivityMs - idle);
          if (fieldsOf(watching).length === 0) {
            // Nothing to watch (yet): never fire on fields that are not there.
            if (process.env.NODE_ENV !== 'production')
              warnOnce(
                `inactivity-selector:${watching}`,
                `inactivity.fieldSelector ${JSON.stringify(watching)} matches no field, so the inactivity trigger does not fire.`,
              );
          } else if (!allFieldsFilled(watching)) fire('inactivity');
          // Not shown (every field filled, suppressed, no field yet): look again after another idle period.
          lastActivityAt = Date.now();
          wait(inactivityMs);
        }, ms);
      };
      wait(inactivityMs);
      listen('focusin', (event) => {
        if (matches(event.target, watching)) lastActivityAt = Date.now();
      });
      cleanups.push(() => clearTimeout(timer));
    }

    return () => {
      for (const cleanup of cleanups) cleanup();
    };
  }, [armed, fadeInMs, exitIntent, inactivityMs, inactivitySelector, suppressWhenFilled]);
}
