import { forwardRef, useRef, type CSSProperties, type ReactNode } from 'react';
import type { AmazonPayError } from '../../domain/errors';
import { useComposedRefs } from './useComposedRefs';
import { useFocusRescue } from './useFocusRescue';
import type { HostedAmazonWidget, HostedWidgetKind } from './useHostedAmazonWidget';
import type { TextLanguage } from './texts';

export interface HostedWidgetFallbackProps {
  readonly error: AmazonPayError;
  readonly retry: (() => void) | undefined;
}

export interface HostedWidgetTexts {
  readonly scriptFailed: string;
  readonly unavailable: string;
  readonly retry: string;
  /** The language of these texts as shown (`lang` and `dir` of the fallback). */
  readonly language: TextLanguage;
}

export interface HostedWidgetFrameProps {
  readonly kind: HostedWidgetKind;
  readonly widget: HostedAmazonWidget;
  /** A node replaces the default message (Try again stays); a function replaces all of it. */
  readonly fallback?: ReactNode | ((props: HostedWidgetFallbackProps) => ReactNode);
  /** The fallback's texts, already in the buyer's language (`<kind>.scriptFailed`, `<kind>.unavailable`, `<kind>.retry`). */
  readonly texts: HostedWidgetTexts;
  /** The alert holds the message only (the button's layout), or the message and Try again (the Wallet's). */
  readonly retryInAlert?: boolean;
  /** Work in progress beyond loading (`aria-busy`). */
  readonly busy?: boolean;
  readonly hostStyle?: CSSProperties;
  readonly className?: string;
  /** Rendered after the host (e.g. a message while the widget works). */
  readonly children?: ReactNode;
}

/**
 * What a hosted Amazon widget renders: the root `.arp-<kind>` with `data-state`,
 * `data-error-code` and `aria-busy`; the host Amazon draws into (hidden while the
 * widget is unavailable); and the fallback in a `role="alert"` region with
 * "Try again" when trying again may help. When Try again (or any control of the
 * fallback) goes away under keyboard focus, focus moves to the root instead of `<body>`.
 */
export const HostedWidgetFrame = forwardRef<HTMLDivElement, HostedWidgetFrameProps>(function HostedWidgetFrame(props, ref) {
  const { kind, widget, fallback, texts, retryInAlert, busy, hostStyle, className, children } = props;
  const { state, error, unavailable, hostRef } = widget;
  const name = `arp-${kind}`;
  const retry = error?.retryable ? widget.retry : undefined;
  const root = useRef<HTMLDivElement | null>(null);
  const rootRef = useComposedRefs(root, ref);
  useFocusRescue(`${state} ${error?.code ?? ''}`, root, root);

  let content: ReactNode = null;
  if (unavailable && error) {
    if (typeof fallback === 'function') {
      content = (
        <div role="alert" className={`${name}__fallback`}>
          {fallback({ error, retry })}
        </div>
      );
    } else {
      const message = fallback ?? (retry ? texts.scriptFailed : texts.unavailable);
      const { lang, dir } = texts.language;
      const retryButton = retry && (
        <button type="button" lang={lang} dir={dir} className={`${name}__retry`} onClick={retry}>
          {texts.retry}
        </button>
      );
      content = retryInAlert ? (
        <div role="alert" lang={lang} dir={dir} className={`${name}__fallback`}>
          <p className={`${name}__message`}>{message}</p>
          {retryButton}
        </div>
      ) : (
        <>
          {/* The alert holds the message only, so it is announced once, without the button's label. */}
          <div role="alert" lang={lang} dir={dir} className={`${name}__fallback`}>
            {message}
          </div>
          {retryButton}
        </>
      );
    }
  }

  return (
    <div
      ref={rootRef}
      tabIndex={-1}
      className={className ? `${name} ${className}` : name}
      data-state={state}
      data-error-code={error?.code}
      aria-busy={state === 'loading' || busy || undefined}
    >
      <div ref={hostRef} className={`${name}__host`} style={hostStyle} hidden={unavailable} />
      {content}
      {children}
    </div>
  );
});
