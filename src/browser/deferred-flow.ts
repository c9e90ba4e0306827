import type { DeclineState } from '../domain/decline-state';
import type { ServerDeclineViewer } from '../domain/backend';
import type { ViewerInput } from '../domain/server-recovery';

/** A decline flow as the hooks drive it (the browser's runner or a viewer of the server). */
export type LoadedFlow = Omit<ServerDeclineViewer, 'dispose'> & { readonly dispose?: () => void };

export interface DeferredFlowOptions {
  readonly orderReferenceId: string;
  /** What the buyer sees until the flow's code is there (one object: React compares snapshots by identity). */
  readonly first: DeclineState;
  /** Fetches the flow's code and makes the flow (no I/O until its start()). */
  readonly load: () => Promise<LoadedFlow>;
  readonly onStateChange?: (state: DeclineState) => void;
}

/**
 * A decline flow whose code is fetched with `import()` when it starts (in an
 * effect, after the page's first render), so a page does not carry it up
 * front. Until the code is there it shows `first`, keeps the buyer's actions
 * and hands them over in order once the flow exists. A failed fetch is an
 * `error` state (`ChunkLoadFailed`, retryable; nothing was sent, so "Pay
 * another way" stays offered): Try again, or any other action, fetches again.
 */
export function deferredFlow({ orderReferenceId, first, load, onStateChange }: DeferredFlowOptions): ServerDeclineViewer {
  const listeners = new Set<() => void>();
  const queue: ViewerInput[] = [];
  let flow: LoadedFlow | undefined;
  let failed: DeclineState | undefined;
  let loading = false;
  let running = false;
  let disposed = false;

  const state = (): DeclineState => flow?.getState() ?? failed ?? first;
  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };

  function fetchCode(): void {
    if (loading || flow || disposed) return;
    loading = true;
    if (failed) {
      failed = undefined;
      notify();
    }
    load().then(
      (loaded) => {
        loading = false;
        if (disposed) return loaded.dispose?.();
        flow = loaded;
        loaded.subscribe(notify);
        if (running) loaded.start();
        for (const input of queue.splice(0)) loaded.send(input);
        notify();
      },
      (error: unknown) => {
        loading = false;
        if (disposed) return;
        const message =
          process.env.NODE_ENV !== 'production' ? `The decline flow's code could not be loaded: ${String(error)}` : 'ChunkLoadFailed';
        failed = {
          status: 'error',
          error: { kind: 'network', code: 'ChunkLoadFailed', message, retryable: true },
          authorizationUnknown: false,
        };
        notify();
        onStateChange?.(failed);
      },
    );
  }

  return {
    orderReferenceId,
    getState: state,
    // Before the flow exists nothing was sent to Amazon: leaving is safe whenever there is nothing to press (an error).
    canCancel: () => (flow ? flow.canCancel() : state().status === 'error'),
    started: () => (flow ? flow.started() : queue.length > 0),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (disposed || running) return;
      running = true;
      if (flow) flow.start();
      else fetchCode();
    },
    stop() {
      running = false;
      flow?.stop();
    },
    send(input) {
      if (disposed) return;
      if (flow) return flow.send(input);
      // Try again after a failed fetch fetches again; it has nothing to repeat in the flow itself.
      if (!(failed && input.type === 'retry')) queue.push(input);
      if (failed) fetchCode();
    },
    dispose() {
      disposed = true;
      running = false;
      listeners.clear();
      flow?.dispose?.();
    },
  };
}
