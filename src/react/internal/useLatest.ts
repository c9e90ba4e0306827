import { useRef } from 'react';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/**
 * A ref holding the latest render's value (callbacks, options), updated before
 * effects run: effects and event handlers read `.current` and always call the
 * newest props, while a changed callback identity re-runs nothing.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useIsomorphicLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
