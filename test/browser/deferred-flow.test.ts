import { describe, expect, it, vi } from 'vitest';
import { deferredFlow, type LoadedFlow } from '../../src/browser/deferred-flow';
import type { DeclineState } from '../../src/domain/decline-machine';
import type { ViewerInput } from '../../src/domain/server-recovery';

const IDLE: DeclineState = { status: 'idle' };

/** A flow that records what it is sent; its state is the last input's type as an `authorizing` attempt count. */
function fakeFlow() {
  const sent: ViewerInput['type'][] = [];
  const listeners = new Set<() => void>();
  let state: DeclineState = IDLE;
  const flow: LoadedFlow & { sent: typeof sent; started: () => boolean; running: boolean } = {
    orderReferenceId: 'S01-1234567-1234567',
    running: false,
    sent,
    getState: () => state,
    canCancel: () => false,
    started: () => sent.length > 0,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      flow.running = true;
    },
    stop() {
      flow.running = false;
    },
    send(input) {
      sent.push(input.type);
      state = { status: 'authorizing', attempt: sent.length };
      for (const listener of listeners) listener();
    },
    dispose: vi.fn(),
  };
  return flow;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('deferredFlow: a decline flow whose code arrives after the first render', () => {
  it('shows its first state, fetches nothing before start(), and hands the buyer’s actions over in order', async () => {
    const inner = fakeFlow();
    const code = deferred<LoadedFlow>();
    const load = vi.fn(() => code.promise);
    const flow = deferredFlow({ orderReferenceId: inner.orderReferenceId, first: IDLE, load });
    expect(flow.getState()).toBe(IDLE);
    expect(load).not.toHaveBeenCalled();
    const listener = vi.fn();
    flow.subscribe(listener);
    flow.start();
    flow.start();
    expect(load).toHaveBeenCalledTimes(1);
    flow.send({ type: 'authorize' });
    flow.send({ type: 'cancel' });
    expect(flow.started()).toBe(true);
    expect(flow.getState()).toBe(IDLE);
    code.resolve(inner);
    await code.promise;
    await Promise.resolve();
    expect(inner.running).toBe(true);
    expect(inner.sent).toEqual(['authorize', 'cancel']);
    expect(flow.getState()).toEqual({ status: 'authorizing', attempt: 2 });
    expect(listener).toHaveBeenCalled();
    flow.send({ type: 'retry' });
    expect(inner.sent).toEqual(['authorize', 'cancel', 'retry']);
  });

  it('a flow stopped before its code arrived is made but not started; disposed, it is disposed', async () => {
    const inner = fakeFlow();
    const flow = deferredFlow({ orderReferenceId: inner.orderReferenceId, first: IDLE, load: () => Promise.resolve(inner) });
    flow.start();
    flow.stop();
    await Promise.resolve();
    await Promise.resolve();
    expect(inner.running).toBe(false);
    flow.start();
    expect(inner.running).toBe(true);

    const other = fakeFlow();
    const late = deferredFlow({ orderReferenceId: other.orderReferenceId, first: IDLE, load: () => Promise.resolve(other) });
    late.start();
    late.dispose();
    await Promise.resolve();
    await Promise.resolve();
    expect(other.dispose).toHaveBeenCalled();
    expect(late.getState()).toBe(IDLE);
  });

  it('a failed fetch is a retryable error with "Pay another way" offered; Try again fetches again and keeps the earlier actions', async () => {
    const inner = fakeFlow();
    const load = vi
      .fn<() => Promise<LoadedFlow>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockResolvedValue(inner);
    const onStateChange = vi.fn();
    const flow = deferredFlow({ orderReferenceId: inner.orderReferenceId, first: IDLE, load, onStateChange });
    flow.start();
    flow.send({ type: 'authorize' });
    await vi.waitFor(() => expect(flow.getState().status).toBe('error'));
    expect(flow.getState()).toMatchObject({
      status: 'error',
      error: { kind: 'network', code: 'ChunkLoadFailed', retryable: true },
      authorizationUnknown: false,
    });
    expect(onStateChange).toHaveBeenCalledWith(flow.getState());
    expect(flow.canCancel()).toBe(true);
    flow.send({ type: 'retry' });
    expect(flow.getState()).toBe(IDLE);
    await vi.waitFor(() => expect(inner.sent).toEqual(['authorize']));
    expect(load).toHaveBeenCalledTimes(2);
  });
});
