import { useEffect, useRef, type RefObject } from 'react';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/**
 * Keeps keyboard focus inside `container` when a change of `key` removes the
 * element the user was on (a button that unmounts once clicked): focus then
 * moves to `target` instead of falling to `<body>`. Focus the user moved
 * elsewhere is never taken back. Returns a ref that is true while the last
 * change of `key` moved focus (the target's text was read out by that move).
 */
export function useFocusRescue(
  key: string,
  container: RefObject<HTMLElement | null>,
  target: RefObject<HTMLElement | null>,
): RefObject<boolean> {
  const lastFocused = useRef<Element | null>(null);
  const moved = useRef(false);

  useEffect(() => {
    const root = container.current;
    if (!root) return;
    const onFocusIn = (event: FocusEvent): void => {
      lastFocused.current = event.target as Element;
    };
    const onFocusOut = (event: FocusEvent): void => {
      const left = event.target as Element;
      const next = event.relatedTarget as Node | null;
      if (next && !root.contains(next)) lastFocused.current = null;
      // No next element: either `left` was removed (keep it: the next change rescues focus) or the user clicked on nothing.
      else if (!next)
        setTimeout(() => {
          if (lastFocused.current === left && left.isConnected && document.activeElement !== left) lastFocused.current = null;
        }, 0);
    };
    root.addEventListener('focusin', onFocusIn);
    root.addEventListener('focusout', onFocusOut);
    return () => {
      root.removeEventListener('focusin', onFocusIn);
      root.removeEventListener('focusout', onFocusOut);
    };
  }, [container]);

  useIsomorphicLayoutEffect(() => {
    moved.current = false;
    const last = lastFocused.current;
    const active = document.activeElement;
    const lost = last !== null && !last.isConnected && (active === null || active === document.body || !active.isConnected);
    if (lost && target.current) {
      target.current.focus();
      moved.current = document.activeElement === target.current;
    }
  }, [key]);

  return moved;
}
