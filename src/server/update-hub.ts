import type { BackendUpdate } from '../domain/server-recovery';

export type UpdateHubListener = (update: BackendUpdate) => void;

/**
 * In-process publish/subscribe of order-reference updates, from the IPN
 * endpoint to the server-sent event streams. With several server instances,
 * implement it over a shared bus (Redis pub/sub, Postgres LISTEN/NOTIFY).
 */
export interface UpdateHub {
  publish(amazonOrderReferenceId: string, update: BackendUpdate): void;
  subscribe(amazonOrderReferenceId: string, listener: UpdateHubListener): () => void;
  /** Buffered updates after the one with `lastEventId` (all buffered ones when it is no longer buffered), for Last-Event-ID resume. */
  since(amazonOrderReferenceId: string, lastEventId: string): readonly BackendUpdate[];
}

export interface UpdateHubOptions {
  /** Updates kept per order reference for resume. Default 20. */
  readonly bufferSize?: number;
  /** Order references with a buffer; the oldest is dropped first. Default 1000. */
  readonly maxOrderReferences?: number;
}

export function createUpdateHub(options: UpdateHubOptions = {}): UpdateHub {
  const bufferSize = options.bufferSize ?? 20;
  const maxOrderReferences = options.maxOrderReferences ?? 1000;
  const listeners = new Map<string, Set<UpdateHubListener>>();
  const buffers = new Map<string, BackendUpdate[]>();
  return {
    publish(id, update) {
      const buffer = buffers.get(id) ?? [];
      buffers.delete(id); // re-insert: Map order is the eviction order
      buffers.set(id, [...buffer, update].slice(-bufferSize));
      if (buffers.size > maxOrderReferences) buffers.delete(buffers.keys().next().value as string);
      for (const listener of [...(listeners.get(id) ?? [])]) {
        try {
          listener(update);
        } catch {
          // One broken stream must not stop the others.
        }
      }
    },
    subscribe(id, listener) {
      let set = listeners.get(id);
      if (!set) listeners.set(id, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(id) === set) listeners.delete(id);
      };
    },
    since(id, lastEventId) {
      const buffer = buffers.get(id) ?? [];
      const index = buffer.findIndex((u) => u.notificationId === lastEventId);
      return index === -1 ? buffer : buffer.slice(index + 1);
    },
  };
}
