import { createDeclineRecovery } from './internal/decline-recovery-view';
import { useServerDeclineHandler } from './useServerDeclineHandler';

/**
 * {@link DeclineRecovery} for a server that recovers the orders
 * (createHttpBackend with `serverRecovery()`): the same screen, states and
 * actions, but the server decides and the tab only sends the buyer's intents
 * and shows the server's view. The page carries no decline machine (see
 * `npm run size`, "decline page, server decides").
 */
export const ServerDeclineRecovery = createDeclineRecovery(useServerDeclineHandler);
