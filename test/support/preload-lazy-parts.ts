// The open pop-up (with its button), the Wallet, the decline screen past its first paint and the
// browser's decline machine are lazy chunks; a page fetches them while the pop-up waits for its
// trigger, after the decline recovery mounts, and when the decline flow starts. Tests start from
// that loaded state, so a test's fake clock is not racing a real module load
// (test/browser/deferred-flow.test.ts and test/react/decline-machine-arrival.dom.test.tsx cover the wait).
import { beforeAll } from 'vitest';
import { lazyCartRecoveryDialog, lazyWalletWidget } from '../../src/react/internal/lazy-parts';
import { lazyMachineFlow } from '../../src/react/internal/lazy-machine-flow';
import { lazyDeclineScreen } from '../../src/react/internal/lazy-decline-screen';

beforeAll(() => Promise.all([lazyCartRecoveryDialog.load(), lazyWalletWidget.load(), lazyMachineFlow.load(), lazyDeclineScreen.load()]));
