import { useCallback, useEffect, useId, useMemo, useRef, useState, type RefObject } from 'react';
import { popupDelayMs } from '../../browser/popup-timing';
import { useAmazonPay } from '../AmazonPayProvider';
import { allFieldsFilled, usePopupTriggers, type InactivityTrigger } from '../usePopupTriggers';
import { DEFAULT_POPUP_STORAGE_KEY, useRememberedDismissal, type DismissalMemory } from '../useRememberedDismissal';
import { useLatest } from './useLatest';
import type { FunnelTrigger } from '../../domain/recovery-events';

export interface UseCartRecoveryPopupOptions {
  /** Controlled: the merchant wants the pop-up; it appears `fadeIn` seconds after this turns true. */
  readonly open?: boolean;
  /** Uncontrolled: show at once on mount, without waiting for a trigger. */
  readonly defaultOpen?: boolean;
  /** Called with true when the pop-up appears (or a trigger asks for it, when controlled) and false when dismissed. */
  readonly onOpenChange?: (open: boolean) => void;
  /**
   * Seconds between render (or `open` turning true) and the pop-up. Default 3;
   * 0 shows it at once (`<CartRecoveryPopup>`: once its code is there and checkout.js has
   * loaded or failed, at most 1 s later, so Amazon's button is ready as it opens). When `exitIntent` or `inactivity` is set and `fadeIn`
   * is not, only those triggers show it (like chaining only them on the original).
   */
  readonly fadeIn?: number;
  /** Show when the pointer leaves the page. */
  readonly exitIntent?: boolean;
  /** Show after `seconds` without typing in the fields matching `fieldSelector`, unless all are filled. */
  readonly inactivity?: InactivityTrigger;
  /**
   * Never show while every field matching this selector is filled. As Amazon's
   * `notShow`: a field holding only spaces is filled, and a selector that matches
   * no field suppresses the pop-up (nothing is left to fill).
   */
  readonly suppressWhenFilled?: string;
  /** `'session'` (default): a dismissal keeps the pop-up away for the browser session. */
  readonly rememberDismissal?: DismissalMemory;
  /** sessionStorage key of the remembered dismissal. */
  readonly storageKey?: string;
  /** The buyer closed the pop-up (close button or Escape). */
  readonly onDismiss?: () => void;
  /**
   * The pop-up may show (it is armed and not suppressed, or a trigger fired): fetch what it shows.
   * checkout.js is preloaded then too. Never called while it is dismissed, suppressed or not wanted.
   */
  readonly onPreload?: () => void;
  /** False holds a triggered pop-up back until its content is ready (the pop-up's texts loading). Default true. */
  readonly contentReady?: boolean;
  /**
   * Where focus goes when the pop-up closes. Default: the element focused
   * before it opened, or the nearest focusable element when that one was
   * disabled or removed meanwhile; when focus had dropped to `<body>` (a
   * disabled Pay button) or nothing near is left, the page's heading (the
   * first `h1` in `main`, else the first `h1`), made focusable with `tabindex="-1"`.
   */
  readonly returnFocusRef?: RefObject<HTMLElement | null>;
}

export interface CartRecoveryPopupController {
  /** The dialog is showing. */
  readonly open: boolean;
  /** Closes the pop-up as the buyer would (remembers the dismissal, calls onDismiss and onOpenChange(false)). */
  readonly dismiss: () => void;
  readonly dialogRef: RefObject<HTMLDialogElement | null>;
  /**
   * The title (give it `tabIndex={-1}`): focus lands on it when the pop-up
   * opens, so a keystroke meant for the page cannot press a button of the pop-up.
   */
  readonly titleRef: RefObject<HTMLHeadingElement | null>;
  readonly titleId: string;
  readonly descriptionId: string;
}

/**
 * useCartRecoveryPopup without the modal dialog's focus handling: CartRecoveryPopup's
 * lazy dialog applies it (useModalDialog), so a page where the pop-up waits carries none of it.
 */
export function usePopupState(
  options: UseCartRecoveryPopupOptions,
): CartRecoveryPopupController & { readonly trigger: FunnelTrigger | false } {
  const { region, nonce } = useAmazonPay('CartRecoveryPopup');
  const controlled = options.open !== undefined;
  const fadeInMs = useMemo(() => popupDelayMs(options.fadeIn ?? 3, 'fadeIn'), [options.fadeIn]);
  const inactivityMs = useMemo(
    () => (options.inactivity ? popupDelayMs(options.inactivity.seconds, 'inactivity.seconds') : undefined),
    [options.inactivity],
  );
  const fadeInTimer = options.fadeIn !== undefined || (!options.exitIntent && !options.inactivity) ? fadeInMs : undefined;

  const { dismissed, remember } = useRememberedDismissal(
    options.rememberDismissal ?? 'session',
    options.storageKey ?? DEFAULT_POPUP_STORAGE_KEY,
  );
  // What showed the pop-up (its popupShown event's trigger; 'open': the merchant), false while it is not shown.
  const [shown, setShown] = useState<FunnelTrigger | false>(!controlled && options.defaultOpen === true && !dismissed && 'open');
  const open = (!controlled || options.open === true) && shown !== false && options.contentReady !== false;

  const callbacksRef = useLatest({ onOpenChange: options.onOpenChange, onDismiss: options.onDismiss, onPreload: options.onPreload });

  // Controlled: closing from outside resets the fade, so the next open waits `fadeIn` again.
  // A buyer's dismissal holds until the merchant turns `open` off (even if it ignores onOpenChange).
  const [lastOpenProp, setLastOpenProp] = useState(options.open);
  const [closedByBuyer, setClosedByBuyer] = useState(false);
  if (controlled && options.open !== lastOpenProp) {
    setLastOpenProp(options.open);
    if (!options.open) {
      setShown(false);
      setClosedByBuyer(false);
    }
  }

  const armed = controlled ? options.open === true && !shown && !closedByBuyer : !shown && !dismissed;
  // Controlled, the merchant's `open` showed it (fadeIn only delays it).
  const onTrigger = useCallback(
    (reason: FunnelTrigger) => {
      setShown(controlled ? 'open' : reason);
      callbacksRef.current.onOpenChange?.(true);
    },
    [callbacksRef, controlled],
  );
  usePopupTriggers({
    armed,
    fadeInMs: controlled ? fadeInMs : fadeInTimer,
    exitIntent: !controlled && options.exitIntent === true,
    inactivity:
      !controlled && inactivityMs !== undefined && options.inactivity
        ? { ms: inactivityMs, fieldSelector: options.inactivity.fieldSelector }
        : undefined,
    suppressWhenFilled: options.suppressWhenFilled,
    onTrigger,
  });

  const dismiss = useCallback(() => {
    setShown(false);
    setClosedByBuyer(true);
    remember();
    callbacksRef.current.onDismiss?.();
    callbacksRef.current.onOpenChange?.(false);
  }, [remember, callbacksRef]);

  const dialogRef = useRef<HTMLDialogElement | null>(null);
  const titleRef = useRef<HTMLHeadingElement | null>(null);

  // Preload once the pop-up may show: armed and not suppressed (a trigger firing later preloads then), or shown.
  // Nothing is fetched while it is dismissed, suppressed or not wanted; and once per script, so a failed
  // preload leaves the retry to the button (which shows its fallback).
  const { suppressWhenFilled } = options;
  const preloadedFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    const key = `${region} ${nonce ?? ''}`;
    if (preloadedFor.current === key) return;
    if (!shown && (!armed || (suppressWhenFilled !== undefined && allFieldsFilled(suppressWhenFilled)))) return;
    preloadedFor.current = key;
    // A blocked script is reported by the button when it renders. The loader comes with the button's
    // code (a lazy chunk), so a page where the pop-up waits carries none of it up front.
    import('../../browser/script-loader').then(({ loadAmazonCheckout }) => loadAmazonCheckout({ region, nonce })).catch(() => undefined);
    callbacksRef.current.onPreload?.();
  }, [shown, armed, suppressWhenFilled, region, nonce, callbacksRef]);

  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  return {
    open,
    dismiss,
    dialogRef,
    titleRef,
    titleId: `arp-popup-${id}-title`,
    descriptionId: `arp-popup-${id}-description`,
    trigger: shown,
  };
}
