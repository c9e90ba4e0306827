import { useState } from 'react';
import { DeclineRecovery, type DeclineHandlerState, type Money } from 'react-amazon-pay-recovery';
import { WalletWidget } from 'react-amazon-pay-recovery/wallet';
import type { SandboxBackend } from 'react-amazon-pay-recovery/testing';
import { simulationNoteFor } from './decline-simulation';
import { navigate } from './router';
import { useSettings } from './settings';

/**
 * The buyer's wallet, Place order and everything after a decline, for one
 * order reference. The test panel's choices are read when the order is placed.
 */
export function AmazonPayCheckout({
  sandbox,
  orderReferenceId,
  amount,
}: {
  sandbox: SandboxBackend;
  orderReferenceId: string;
  amount: Money;
}) {
  const settings = useSettings();
  const [status, setStatus] = useState<DeclineHandlerState['status']>('idle');
  const retryMs = settings.retryDelaySeconds * 1000;
  return (
    <div className="amazon-checkout" data-testid="amazon-checkout" data-status={status}>
      {status === 'idle' && (
        <>
          <h2>Payment method</h2>
          <WalletWidget orderReferenceId={orderReferenceId} height={260} />
        </>
      )}
      <DeclineRecovery
        // A new mode starts a new engine: the test panel's radio applies to the next order.
        key={settings.mode}
        orderReferenceId={orderReferenceId}
        amount={amount}
        mode={settings.mode}
        sellerAuthorizationNote={simulationNoteFor(settings.decline)}
        policy={{ retryDelayMs: [retryMs, retryMs] }}
        polling={{ initialDelayMs: 1000, maxDelayMs: 5000 }}
        renderWallet={(wallet) => (
          <WalletWidget orderReferenceId={wallet.orderReferenceId} onPaymentSelect={wallet.onPaymentSelect} height={260} />
        )}
        onStateChange={(state) => setStatus(state.status)}
        onApproved={(authorization) =>
          navigate(
            `/confirmation?amazonOrder=${encodeURIComponent(orderReferenceId)}&authorization=${encodeURIComponent(authorization.amazonAuthorizationId)}`,
          )
        }
        onPayAnotherWay={() => navigate('/checkout')}
      />
      {status === 'contactBuyer' && (
        <div className="test-inline">
          <p>
            <strong>Test panel:</strong> the buyer would now update the method in their Amazon Pay account.
          </p>
          <button type="button" className="button" onClick={() => sandbox.simulateBuyerUpdatedPaymentMethod(orderReferenceId, 'visa-1111')}>
            Simulate: buyer updated the payment method
          </button>
        </div>
      )}
    </div>
  );
}
