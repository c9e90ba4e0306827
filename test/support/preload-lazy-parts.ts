// The open pop-up (with its button) and the Wallet are lazy chunks; a page fetches them while the
// pop-up waits for its trigger and while the decline recovery waits for a decline. Tests start from
// that loaded state, so a test's fake clock is not racing a real module load.
import { beforeAll } from 'vitest';
import { lazyCartRecoveryDialog, lazyWalletWidget } from '../../src/react/internal/lazy-parts';

beforeAll(() => Promise.all([lazyCartRecoveryDialog.load(), lazyWalletWidget.load()]));
