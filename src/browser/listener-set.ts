/**
 * useSyncExternalStore's `subscribe` over a set of listeners: the decline
 * runner and the server's viewer (each notifies its set in its own way: the
 * runner guards against a throwing listener).
 */
export const subscriberOf =
  (listeners: Set<() => void>) =>
  (listener: () => void): (() => unknown) => (listeners.add(listener), () => listeners.delete(listener));
