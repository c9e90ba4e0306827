import { useEffect, useSyncExternalStore } from 'react';

/**
 * A component kept out of the page's initial load: its module is fetched with
 * `import()` (a separate chunk in every bundler that splits code) the first
 * time a page mounts something that may need it, and shared by every later use.
 */
export interface LazyPart<T> {
  readonly load: () => Promise<T>;
  readonly get: () => T | undefined;
  /** The last load failure; `load()` again tries again. */
  readonly error: () => unknown;
  readonly subscribe: (listener: () => void) => () => void;
}

export function createLazyPart<T>(importer: () => Promise<T>): LazyPart<T> {
  let value: T | undefined;
  let error: unknown;
  let pending: Promise<T> | undefined;
  const listeners = new Set<() => void>();
  const notify = (): void => listeners.forEach((listener) => listener());
  return {
    load() {
      pending ??= importer().then(
        (loaded) => {
          value = loaded;
          error = undefined;
          notify();
          return loaded;
        },
        (failure: unknown) => {
          pending = undefined;
          error = failure;
          notify();
          throw failure;
        },
      );
      return pending;
    },
    get: () => value,
    error: () => error,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const nothing = (): undefined => undefined;

/** The part once loaded (undefined before, and always on the server, so hydration matches); `failed` after a failed load. */
export function useLazyPartValue<T>(part: LazyPart<T>): { readonly value: T | undefined; readonly failed: boolean } {
  const value = useSyncExternalStore(part.subscribe, part.get, nothing);
  const failed = useSyncExternalStore(
    part.subscribe,
    () => part.error() !== undefined,
    () => false,
  );
  return { value, failed };
}

/** What useLazyPart gives a component. */
export interface LazyPartUse<T> {
  readonly value: T | undefined;
  readonly failed: boolean;
  readonly retry: () => void;
}

/**
 * The part once loaded (undefined before, and always on the server, so
 * hydration matches), starting the load after mount. `failed` is true after a
 * failed load; `retry` loads again.
 */
export function useLazyPart<T>(part: LazyPart<T>, enabled = true): LazyPartUse<T> {
  const { value, failed } = useLazyPartValue(part);
  useEffect(() => {
    if (enabled && part.get() === undefined && part.error() === undefined) part.load().catch(() => undefined);
  }, [part, enabled]);
  return { value, failed, retry: () => void part.load().catch(() => undefined) };
}
