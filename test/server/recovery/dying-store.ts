import type { RecoveryStore } from '../../../src/server/recovery/recovery-store';
import type { FakeAmazon } from '../fake-amazon';

/**
 * A recovery store on which, once armed, the process "dies" right after an
 * Authorize: the unit's final save throws when Amazon's last call was an
 * Authorize, so everything the unit did after it is lost, as a crash before the
 * commit loses it (the crash window of issue 23's write-ahead).
 */
export function dyingAfterAuthorize(
  store: RecoveryStore,
  amazon: Pick<FakeAmazon, 'sequence'>,
): { readonly store: RecoveryStore; arm(): void; readonly armed: boolean } {
  let armed = false;
  return {
    store: {
      ...store,
      withOrderLock: (id, work) =>
        store.withOrderLock(id, (transaction) =>
          work({
            handle: transaction.handle,
            load: () => transaction.load(),
            commit: (state) => transaction.commit(state),
            save: async (state) => {
              if (armed && amazon.sequence().at(-1) === 'Authorize') {
                armed = false;
                throw new Error('the process stopped');
              }
              return transaction.save(state);
            },
          }),
        ),
    },
    arm: () => void (armed = true),
    get armed() {
      return armed;
    },
  };
}
