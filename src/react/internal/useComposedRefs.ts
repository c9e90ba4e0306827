import { useCallback, type Ref, type RefCallback } from 'react';

function assign<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === 'function') ref(value);
  else if (ref) ref.current = value;
}

/**
 * One callback ref that sets both refs (objects or callbacks), called by React
 * whenever the element mounts or unmounts: a forwarded ref follows a node
 * rendered only after hydration, which useImperativeHandle does not.
 */
export function useComposedRefs<T>(own: Ref<T> | undefined, forwarded: Ref<T> | undefined): RefCallback<T> {
  return useCallback(
    (value: T | null) => {
      assign(own, value);
      assign(forwarded, value);
    },
    [own, forwarded],
  );
}
