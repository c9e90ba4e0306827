import { useDeclineFlow } from './internal/useDeclineFlow';
import { serverViewerFlow } from './internal/server-viewer-flow';
import type { DeclineHandler, UseDeclineHandlerOptions } from './useDeclineHandler';

/**
 * useDeclineHandler for a server that recovers the orders (createHttpBackend
 * with `serverRecovery()`): the server decides, the tab sends the buyer's
 * intents and shows the server's view. It carries no decline machine, so the
 * page is smaller; the options about the browser's own flow (policy, polling,
 * notes, random, initialAuthorization) are the server's business and ignored.
 */
export function useServerDeclineHandler(options: UseDeclineHandlerOptions): DeclineHandler {
  return useDeclineFlow(options, serverViewerFlow);
}
