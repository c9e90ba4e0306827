import type { DeclineState } from '../domain/decline-state';
import { deferredFlow } from './deferred-flow';
import type { HttpConnection, HttpRecovery } from './http-backend';

/** One object: React compares snapshots by identity. */
const IDLE: DeclineState = { status: 'idle' };

// The view's runtime schema comes with the call that needs it, as the adapter's calls do.
const loadCheck = (): Promise<(json: unknown) => void> => import('../contract/recovery-replies').then((module) => module.checkRecoveryView);

/**
 * The recovery routes for {@link createHttpBackend}: pass it as `recovery`
 * when your server's handler runs the recovery (`createRecoveryRunner`). The
 * server then owns every order it recovers; `DeclineRecovery` (and the smaller
 * `ServerDeclineRecovery`) send the buyer's intents and show the server's view.
 *
 * The viewer's code and the view's schema are fetched with `import()` when a
 * viewer starts (after the page's first render; it shows `idle` until then and
 * keeps the buyer's actions for it), so a page carries none of it up front.
 *
 * @example
 * createHttpBackend({ baseUrl: '/api/amazon-pay', updates: eventStreamUpdates(), recovery: serverRecovery() })
 */
export function serverRecovery(): HttpRecovery {
  return (connection: HttpConnection) => ({
    send: (id, request, options) => loadCheck().then((check) => connection.call('recoveryIntent', id, request, check, options)),
    get: (id, options) => loadCheck().then((check) => connection.call('getRecovery', id, undefined, check, options)),
    // The viewer comes with the recovery routes: a page that lets the browser decide does not carry it.
    viewer: (options) =>
      deferredFlow({
        orderReferenceId: options.amazonOrderReferenceId,
        first: IDLE,
        load: () => import('./server-decline-viewer').then((module) => module.createServerDeclineViewer(options)),
        ...(options.onStateChange ? { onStateChange: options.onStateChange } : {}),
      }),
  });
}
