import { subscriberOf } from './listener-set';
import { reportCallbackError } from './funnel-events';
import { randomAttemptSalt } from '../domain/attempt-ids';
import type { AmazonPayBackend } from '../domain/backend';
import {
  createDeclineMachine,
  resumeEffects,
  transition,
  type BackendCall,
  type CallFailure,
  type DeclineEffect,
  type DeclineEvent,
  type DeclineMachineInit,
  type DeclineMachineSeed,
  type DeclineMachineState,
  type DeclineNotification,
  type DeclineState,
} from '../domain/decline-machine';
import { toAmazonPayError } from '../domain/to-amazon-pay-error';
import type { AuthorizationDetails } from '../domain/types';

/** A buyer action or a result the runner feeds in; the runner stamps the time. */
export type DeclineInput = DeclineEvent extends infer E ? (E extends { readonly at: number } ? Omit<E, 'at'> : never) : never;

export interface DeclineRunnerOptions {
  readonly init: DeclineMachineInit;
  /** The backend to call now (read at each call, so a new backend object changes nothing else). */
  readonly backend: () => AmazonPayBackend;
  /** A result the merchant already got from its own Authorize call. */
  readonly initialAuthorization?: AuthorizationDetails;
  /** Randomness of this flow; tests pass a fixed one. */
  readonly seed?: Partial<DeclineMachineSeed>;
  readonly now?: () => number;
  readonly onNotify?: (notification: DeclineNotification) => void;
  readonly onStateChange?: (state: DeclineState) => void;
  /** Where a throwing callback is reported. Default: the global `reportError`, else console.error. */
  readonly reportError?: (error: unknown) => void;
}

export interface DeclineRunner {
  readonly orderReferenceId: string;
  getState(): DeclineState;
  /** The machine's whole state (plain JSON). */
  getMachineState(): DeclineMachineState;
  subscribe(listener: () => void): () => void;
  /** Starts calls, timers and pushed updates; re-issues the work a `stop` interrupted. Safe to call again. */
  start(): void;
  /** Aborts calls and timers, keeps the state (StrictMode's effect replay, a new backend object). */
  stop(): void;
  send(input: DeclineInput): void;
  dispose(): void;
}

/** Order references approved in this page: approved is final, whatever remounts. */
const approvedOrders = new Map<string, AuthorizationDetails>();

function toFailure(error: unknown): CallFailure {
  const typed = toAmazonPayError(error);
  return {
    kind: typed.kind,
    message: typed.message,
    retryable: typed.retryable,
    ...(typed.code === undefined ? {} : { code: typed.code }),
    ...(typed.status === undefined ? {} : { status: typed.status }),
  };
}

function invoke(backend: AmazonPayBackend, call: BackendCall, signal: AbortSignal): Promise<unknown> {
  switch (call.method) {
    case 'authorize':
      return backend.authorize(call.request, { signal });
    case 'getOrderReferenceDetails':
      return backend.getOrderReferenceDetails(call.amazonOrderReferenceId, { signal });
    case 'confirmOrderReference':
      return backend.confirmOrderReference(call.request, { signal });
    case 'cancelOrderReference':
      return backend.cancelOrderReference(call.request, { signal });
    case 'getAuthorizationDetails':
      return backend.getAuthorizationDetails(call.amazonAuthorizationId, { signal });
  }
}

/**
 * Runs the decline machine in the browser: makes its backend calls with an
 * AbortController each, sets its timers, listens to pushed updates, calls the
 * merchant's callbacks (a throwing one is reported and the flow goes on).
 */
export function createDeclineRunner(options: DeclineRunnerOptions): DeclineRunner {
  const now = options.now ?? Date.now;
  const report = options.reportError ?? reportCallbackError;
  const orderReferenceId = options.init.amazonOrderReferenceId;
  const seed: DeclineMachineSeed = { idSalt: options.seed?.idSalt ?? randomAttemptSalt(), jitter: options.seed?.jitter ?? Math.random() };
  // The tab decides here, so its "Pay another way" cancels the order reference at Amazon.
  let state = createDeclineMachine({ ...options.init, cancelOnPayAnotherWay: true }, seed, now());
  const known = approvedOrders.get(orderReferenceId) ?? options.initialAuthorization;
  // The merchant knows this result already: no callbacks for it.
  if (known) state = transition(state, { type: 'authorizationKnown', at: now(), authorization: known }).state;

  const listeners = new Set<() => void>();
  const controllers = new Map<number, AbortController>();
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  const queue: DeclineEvent[] = [];
  let unsubscribe: (() => void) | undefined;
  let running = false;
  let disposed = false;
  let dispatching = false;

  function guarded(run: () => void): void {
    try {
      run();
    } catch (error) {
      report(error);
    }
  }

  function perform(effect: DeclineEffect): void {
    switch (effect.type) {
      case 'call': {
        if (!running) return;
        const controller = new AbortController();
        controllers.get(effect.callId)?.abort();
        // "Pay another way"'s cancel runs to its end even when the tab stops or unmounts at once (the buyer moves on);
        // a refusal is reported, since the buyer no longer sees this flow.
        const final = state.phase === 'canceled';
        if (!final) controllers.set(effect.callId, controller);
        const { callId } = effect;
        const settle = (event: DeclineEvent): void => {
          if (controller.signal.aborted) return; // stop() or dispose(): start() re-issues the call
          controllers.delete(callId);
          dispatch(event);
        };
        Promise.resolve()
          .then(() => invoke(options.backend(), effect.call, controller.signal))
          .then(
            (value) => settle({ type: 'callSucceeded', at: now(), callId, value }),
            (error: unknown) => {
              if (final) report(error);
              settle({ type: 'callFailed', at: now(), callId, failure: toFailure(error) });
            },
          );
        return;
      }
      case 'schedule': {
        if (!running) return;
        clearTimeout(timers.get(effect.timerId));
        const { timerId } = effect;
        timers.set(
          timerId,
          setTimeout(
            () => {
              timers.delete(timerId);
              dispatch({ type: 'timerFired', at: now(), timerId });
            },
            Math.max(0, effect.at - now()),
          ),
        );
        return;
      }
      case 'clearTimer':
        clearTimeout(timers.get(effect.timerId));
        timers.delete(effect.timerId);
        return;
      case 'notify':
        return notify(effect.notice);
    }
  }

  function notify(notification: DeclineNotification): void {
    if (notification.type === 'approved') approvedOrders.set(orderReferenceId, notification.authorization);
    if (options.onNotify) guarded(() => options.onNotify!(notification));
  }

  /** Applies events one at a time, even when a callback sends one while the previous is handled. */
  function dispatch(event: DeclineEvent): void {
    if (disposed) return;
    queue.push(event);
    if (dispatching) return;
    dispatching = true;
    try {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const before = state;
        const result = transition(state, next);
        if (result.state === before) continue;
        state = result.state;
        for (const effect of result.effects) perform(effect);
        if (state.view !== before.view) {
          for (const listener of [...listeners]) guarded(listener);
          const view = state.view;
          if (options.onStateChange) guarded(() => options.onStateChange!(view));
        }
      }
    } finally {
      dispatching = false;
    }
  }

  function stopWork(): void {
    for (const controller of controllers.values()) controller.abort();
    controllers.clear();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    unsubscribe?.();
    unsubscribe = undefined;
  }

  return {
    orderReferenceId,
    getState: () => state.view,
    getMachineState: () => state,
    subscribe: subscriberOf(listeners),
    start() {
      if (disposed || running) return;
      running = true;
      const backend = options.backend();
      if (backend.subscribe) {
        try {
          unsubscribe = backend.subscribe(orderReferenceId, (update) => dispatch({ type: 'notified', at: now(), update }));
        } catch (error) {
          report(error); // polling still finds every result
        }
      }
      // "Pay another way"'s cancel is never aborted by stop(), so it is not sent again here.
      for (const effect of resumeEffects(state)) if (effect.type !== 'call' || state.phase !== 'canceled') perform(effect);
    },
    stop() {
      running = false;
      stopWork();
    },
    send(input) {
      dispatch({ ...input, at: now() } as DeclineEvent);
    },
    dispose() {
      running = false;
      stopWork();
      disposed = true;
      listeners.clear();
    },
  };
}

/** Tests only: forget the order references approved in this page. */
export function resetApprovedOrdersForTests(): void {
  approvedOrders.clear();
}
