import type { AuthorizationDetails } from '../../../src/domain/types';
import type { RecoveryRunner } from '../../../src/server/recovery/recovery-runner';
import type { FakeAmazon } from '../fake-amazon';

/** An open order whose authorizations end as `script`, its first (async) authorization made and handed to the runner. */
export async function trackFirst(
  amazon: FakeAmazon,
  runner: Pick<RecoveryRunner, 'track'>,
  id: string,
  script: Parameters<FakeAmazon['script']>[1],
): Promise<AuthorizationDetails> {
  amazon.openOrder(id);
  amazon.script(id, script);
  const first = await amazon.authorize({
    amazonOrderReferenceId: id,
    authorizationReferenceId: 'first-0',
    amount: { amount: '94.50', currencyCode: 'USD' },
    mode: 'async',
  });
  await runner.track(first);
  return first;
}
