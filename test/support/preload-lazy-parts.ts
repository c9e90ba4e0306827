// The open pop-up (with its button), the Wallet and the browser's decline machine are lazy chunks; a
// page fetches them while the pop-up waits for its trigger, while the decline recovery waits for a
// decline, and when the decline flow starts. Tests start from that loaded state, so a test's fake
// clock is not racing a real module load (test/browser/deferred-flow.test.ts covers the wait).
import { beforeAll } from 'vitest';
import { lazyCartRecoveryDialog, lazyWalletWidget } from '../../src/react/internal/lazy-parts';
import { lazyMachineFlow } from '../../src/react/internal/lazy-machine-flow';

beforeAll(() => Promise.all([lazyCartRecoveryDialog.load(), lazyWalletWidget.load(), lazyMachineFlow.load()]));
