import { useEffect, useRef } from 'react';

export interface InactivityTrigger {
  /** Seconds without typing in the fields before the pop-up shows. */
  readonly seconds: number;
  /** The fields watched (CSS selector, e.g. `.checkout-field`). */
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
  /** Never show while every field matching this selector is filled. */
  readonly suppressWhenFilled: string | undefined;
  /** Called when a trigger fires and nothing suppresses it. */
  readonly onTrigger: (reason: PopupTriggerReason) => void;
}

export type PopupTriggerReason = 'fadeIn' | 'exitIntent' | 'inactivity';

function fieldsOf(selector: string): HTMLInputElement[] {
  try {
    return Array.from(document.querySelectorAll<HTMLInputElement>(selector));
  } catch {
    return [];
  }
}

/** True when the selector matches fields and every one of them has a value. */
export function allFieldsFilled(selector: string): boolean {
  const fields = fieldsOf(selector);
  return fields.length > 0 && fields.every((field) => typeof field.value === 'string' && field.value.trim() !== '');
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
 * the watched fields for N seconds, unless all are filled). Each trigger is
 * skipped while every `suppressWhenFilled` field is filled. All timers and
 * listeners go when disarmed or unmounted.
 */
export function usePopupTriggers(options: PopupTriggerOptions): void {
  const { armed, fadeInMs, exitIntent, suppressWhenFilled } = options;
  const inactivityMs = options.inactivity?.ms;
  const inactivitySelector = options.inactivity?.fieldSelector;
  const onTrigger = useRef(options.onTrigger);
  useEffect(() => {
    onTrigger.current = options.onTrigger;
  });

  useEffect(() => {
    if (!armed) return;
    const fire = (reason: PopupTriggerReason): void => {
      if (suppressWhenFilled && allFieldsFilled(suppressWhenFilled)) return;
      onTrigger.current(reason);
    };
    const cleanups: (() => void)[] = [];

    if (fadeInMs === 0) fire('fadeIn');
    else if (fadeInMs !== undefined) {
      const timer = setTimeout(() => fire('fadeIn'), fadeInMs);
      cleanups.push(() => clearTimeout(timer));
    }

    if (exitIntent) {
      const onMouseOut = (event: MouseEvent): void => {
        // relatedTarget null: the pointer went to the browser chrome or another window.
        if (event.relatedTarget === null) fire('exitIntent');
      };
      document.addEventListener('mouseout', onMouseOut);
      cleanups.push(() => document.removeEventListener('mouseout', onMouseOut));
    }

    if (inactivityMs !== undefined && inactivitySelector) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const restart = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (!allFieldsFilled(inactivitySelector)) fire('inactivity');
        }, inactivityMs);
      };
      const onTyping = (event: Event): void => {
        if (matches(event.target, inactivitySelector)) restart();
      };
      restart();
      document.addEventListener('input', onTyping, true);
      document.addEventListener('keydown', onTyping, true);
      cleanups.push(() => {
        clearTimeout(timer);
        document.removeEventListener('input', onTyping, true);
        document.removeEventListener('keydown', onTyping, true);
      });
    }

    return () => {
      for (const cleanup of cleanups) cleanup();
    };
  }, [armed, fadeInMs, exitIntent, inactivityMs, inactivitySelector, suppressWhenFilled]);
}
