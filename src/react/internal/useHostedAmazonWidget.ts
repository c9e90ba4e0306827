import { useCallback, useEffect, useId, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { AmazonPayError } from '../../domain/errors';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';
import { useLatest } from './useLatest';

/** The two widgets Amazon hosts in a page: checkout.js's button and Widgets.js's Wallet. */
export type HostedWidgetKind = 'button' | 'wallet';
export type HostedWidgetState = 'loading' | 'ready' | 'error';

/** What a mounted widget reports back; every call after its unmount or re-mount is ignored. */
export interface HostedWidgetSession {
  /** False once this mount was replaced or unmounted: late Amazon callbacks must do nothing. */
  readonly active: () => boolean;
  readonly ready: () => void;
  /** Reports the error; `unavailable` (the default) hides the host and shows the fallback. */
  readonly fail: (error: AmazonPayError, unavailable?: boolean) => void;
  /** Reports an error that changes no state (onError, else the console). */
  readonly report: (error: AmazonPayError) => void;
}

/** How to load the script and draw the widget once it is there. */
export interface HostedWidgetDefinition<Global> {
  readonly load: () => Promise<Global>;
  /**
   * The global when the script is already there (preloaded): the widget is then drawn, and ready, before the
   * browser paints, so a pop-up opening with checkout.js preloaded shows a ready button in its first frame.
   */
  readonly loaded?: () => Global | undefined;
  /**
   * Draws the widget into the fresh container `containerId` (inside the host) and wires its
   * callbacks to `session`. A throw is a retryable `script` error (`mountFailedCode`).
   * May return a cleanup, run when the widget is re-mounted or unmounted.
   */
  readonly mount: (global: Global, containerId: string, session: HostedWidgetSession) => void | (() => void);
  readonly mountFailedCode: string;
  /** Class of the container created per mount. */
  readonly containerClassName: string;
}

export interface UseHostedAmazonWidgetOptions<Global> {
  /** Prefixes the containers' ids (`arp-<kind>-…`). */
  readonly kind: HostedWidgetKind;
  /**
   * The inputs the widget is drawn with, serialised: a change (or `retry()`) mounts it afresh in
   * a new container. `widget` is read when a mount starts, so new closures alone re-mount nothing.
   */
  readonly mountKey: string;
  /** Bad input (shown as an error, nothing loads; keep its identity stable) or the widget. */
  readonly widget: AmazonPayError | HostedWidgetDefinition<Global>;
  readonly onError?: (error: AmazonPayError) => void;
}

export interface HostedAmazonWidget {
  readonly state: HostedWidgetState;
  readonly error: AmazonPayError | null;
  /** The widget cannot be shown at all (script blocked, not drawn, bad input): render a fallback. */
  readonly unavailable: boolean;
  /** Loads the script again and re-mounts. */
  readonly retry: () => void;
  /** Put on the element the widget's containers are created in; React must render no children into it. */
  readonly hostRef: RefObject<HTMLDivElement | null>;
}

/** What draws each widget, for development messages. */
const MOUNT_NAMES: Readonly<Record<HostedWidgetKind, string>> = {
  button: 'amazon.Pay.renderButton',
  wallet: 'OffAmazonPayments.Widgets.Wallet',
};

type View = Pick<HostedAmazonWidget, 'state' | 'error' | 'unavailable'>;

const LOADING: View = { state: 'loading', error: null, unavailable: false };

function report(error: AmazonPayError, onError: ((error: AmazonPayError) => void) | undefined): void {
  if (onError) onError(error);
  // A failure nobody handles must still reach the developer.
  else console.error(error);
}

function scriptError(error: unknown, message: string, code: string): AmazonPayError {
  return error instanceof AmazonPayError ? error : new AmazonPayError('script', message, { code, cause: error, retryable: true });
}

/**
 * The one lifecycle of a widget Amazon hosts in the page: loads its script, mounts it in a
 * fresh container inside `hostRef` (so a re-mount drops the old widget's DOM), and reports
 * loading, ready or error, with `retry()` after a retryable failure. Mounting waits for the
 * script's promise, or for a microtask when the script is already there (drawn before the first
 * paint), so StrictMode's mount-unmount-mount mounts once. Every error goes to `onError`, else to
 * the console.
 */
export function useHostedAmazonWidget<Global>(options: UseHostedAmazonWidgetOptions<Global>): HostedAmazonWidget {
  const { kind, mountKey, widget } = options;
  const validationError = widget instanceof AmazonPayError ? widget : null;
  const latest = useLatest({ widget, onError: options.onError });
  const baseId = `arp-${kind}-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const hostRef = useRef<HTMLDivElement | null>(null);
  const mounts = useRef(0);
  const reportedValidation = useRef<AmazonPayError | null>(null);
  const [attempt, setAttempt] = useState(0);
  // Keyed by the mount it belongs to: a new key shows loading until its own outcome.
  const [outcome, setOutcome] = useState<{ readonly key: string; readonly view: View } | null>(null);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const key = `${attempt} ${mountKey}`;

  useEffect(() => {
    // Once per error: StrictMode runs a mount's effects twice, and a ref survives that.
    if (!validationError || reportedValidation.current === validationError) return;
    reportedValidation.current = validationError;
    report(validationError, latest.current.onError);
  }, [validationError, latest]);

  /** Mounts the widget for this key: drawn at once with `present`, else once its script loaded; returns the unmount. */
  const mount = (definition: HostedWidgetDefinition<Global>, host: HTMLDivElement, present: Global | undefined): (() => void) => {
    let active = true;
    let container: HTMLDivElement | null = null;
    let cleanup: void | (() => void);
    const settle = (state: HostedWidgetState, error: AmazonPayError | null, unavailable: boolean): void => {
      if (active) setOutcome({ key, view: { state, error, unavailable } });
    };
    const session: HostedWidgetSession = {
      active: () => active,
      ready: () => settle('ready', null, false),
      fail: (error, unavailable = true) => {
        if (!active) return;
        settle('error', error, unavailable);
        report(error, latest.current.onError);
      },
      report: (error) => report(error, latest.current.onError),
    };
    const draw = (global: Global): void => {
      if (!active) return;
      container = document.createElement('div');
      container.id = `${baseId}-${++mounts.current}`;
      container.className = definition.containerClassName;
      host.appendChild(container);
      try {
        cleanup = definition.mount(global, container.id, session);
      } catch (thrown) {
        const message =
          process.env.NODE_ENV !== 'production'
            ? `${MOUNT_NAMES[kind]} failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`
            : definition.mountFailedCode;
        session.fail(scriptError(thrown, message, definition.mountFailedCode));
      }
    };
    if (present === undefined) {
      definition
        .load()
        .then(draw, (error: unknown) =>
          session.fail(scriptError(error, process.env.NODE_ENV !== 'production' ? String(error) : 'ScriptLoadFailed', 'ScriptLoadFailed')),
        );
    } else {
      // In a microtask, still before the browser paints, its outcome committed at once (flushSync); not in the
      // effect itself, so StrictMode's second run of the effect draws Amazon's widget only once.
      queueMicrotask(() => flushSync(() => draw(present)));
    }
    return () => {
      active = false;
      cleanup?.();
      container?.remove();
    };
  };

  // The script already there (preloaded): drawn in a layout effect, so the widget is ready in the first frame.
  const drawnBeforePaint = useRef(false);
  useIsomorphicLayoutEffect(() => {
    const host = hostRef.current;
    const definition = latest.current.widget;
    if (definition instanceof AmazonPayError || !host) return;
    const present = definition.loaded?.();
    if (present === undefined) return;
    drawnBeforePaint.current = true;
    const unmount = mount(definition, host, present);
    return () => {
      drawnBeforePaint.current = false;
      unmount();
    };
  }, [key, validationError, baseId, latest]);

  // Else the script loads in a passive effect: StrictMode sets it up again before a load can fail, so its second
  // run shares the first one's load (a layout effect is set up again only after the passive effects, when a
  // blocked script has already failed, and its second run would load the script again).
  useEffect(() => {
    const host = hostRef.current;
    const definition = latest.current.widget;
    if (drawnBeforePaint.current || definition instanceof AmazonPayError || !host) return;
    return mount(definition, host, undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `mount` is this render's; it reads the same key
  }, [key, validationError, baseId, latest]);

  const view = validationError
    ? { state: 'error' as const, error: validationError, unavailable: true }
    : outcome?.key === key
      ? outcome.view
      : LOADING;
  return { ...view, retry, hostRef };
}
