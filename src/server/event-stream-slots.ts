/**
 * Who may hold an event stream: at most `maxEventStreams` on this handler and
 * at most `maxEventStreamsPerOrder` on one order reference, so one buyer
 * holding many streams on his own order cannot lock everyone else out.
 */
export interface EventStreamLimits {
  readonly maxEventStreams: number;
  readonly maxEventStreamsPerOrder: number;
}

/** A taken slot: call it once when the stream ends (calling it again does nothing). */
export type ReleaseSlot = () => void;

export interface EventStreamSlots {
  /** A slot for a stream on `amazonOrderReferenceId`, or which cap is full. */
  take(amazonOrderReferenceId: string): ReleaseSlot | 'instance' | 'order';
  /** Streams open now (tests, metrics). */
  readonly open: () => number;
}

export function createEventStreamSlots(limits: EventStreamLimits): EventStreamSlots {
  let open = 0;
  const perOrder = new Map<string, number>();
  return {
    take(id) {
      if (open >= limits.maxEventStreams) return 'instance';
      const held = perOrder.get(id) ?? 0;
      if (held >= limits.maxEventStreamsPerOrder) return 'order';
      open += 1;
      perOrder.set(id, held + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open -= 1;
        const left = (perOrder.get(id) ?? 1) - 1;
        if (left <= 0) perOrder.delete(id);
        else perOrder.set(id, left);
      };
    },
    open: () => open,
  };
}
