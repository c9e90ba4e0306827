import { checkRecoveryView } from '../contract/recovery-replies';
import type { HttpConnection, HttpRecovery } from './http-backend';
import { createServerDeclineViewer } from './server-decline-viewer';

/**
 * The recovery routes for {@link createHttpBackend}: pass it as `recovery`
 * when your server's handler runs the recovery (`createRecoveryRunner`). The
 * server then owns every order it recovers; `DeclineRecovery` (and the smaller
 * `ServerDeclineRecovery`) send the buyer's intents and show the server's view.
 *
 * @example
 * createHttpBackend({ baseUrl: '/api/amazon-pay', updates: eventStreamUpdates(), recovery: serverRecovery() })
 */
export function serverRecovery(): HttpRecovery {
  return (connection: HttpConnection) => ({
    send: (id, request, options) => connection.call('recoveryIntent', id, request, checkRecoveryView, options),
    get: (id, options) => connection.call('getRecovery', id, undefined, checkRecoveryView, options),
    // The viewer comes with the recovery routes: a page that lets the browser decide does not carry it.
    viewer: createServerDeclineViewer,
  });
}
