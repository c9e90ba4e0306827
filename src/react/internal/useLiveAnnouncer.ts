import { useEffect, useRef, type RefObject } from 'react';

export interface LiveAnnouncer {
  /** Put on an always-rendered, empty element with `role="status"`. */
  readonly politeRef: RefObject<HTMLDivElement | null>;
  /** Put on an always-rendered, empty element with `role="alert"`. */
  readonly assertiveRef: RefObject<HTMLDivElement | null>;
}

/** Screen readers may miss text added in the same task as its live region; the first message waits this long. */
const FIRST_MESSAGE_DELAY_MS = 100;

/**
 * Announces `text` once per `key`, through two live regions that exist before
 * any text is put in them and never change role: polite for progress and
 * outcomes, assertive when `urgent`. The other region is emptied, so an old
 * message is never read again. `skip()` true: say nothing for this key (the
 * text was already read, e.g. focus moved onto it). React renders no children
 * into the regions; the text is set here, after the commit.
 */
export function useLiveAnnouncer(key: string, text: string, urgent: boolean, skip: () => boolean): LiveAnnouncer {
  const politeRef = useRef<HTMLDivElement | null>(null);
  const assertiveRef = useRef<HTMLDivElement | null>(null);
  const latest = useRef({ text, urgent, skip });
  const announced = useRef(false);

  useEffect(() => {
    latest.current = { text, urgent, skip };
  });

  useEffect(() => {
    const announce = (): void => {
      const { text: message, urgent: assertive, skip: silent } = latest.current;
      const [target, other] = assertive ? [assertiveRef.current, politeRef.current] : [politeRef.current, assertiveRef.current];
      if (other) other.textContent = '';
      if (target) target.textContent = message && !silent() ? message : '';
    };
    if (announced.current) return announce();
    announced.current = true;
    const timer = setTimeout(announce, FIRST_MESSAGE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key]);

  return { politeRef, assertiveRef };
}
