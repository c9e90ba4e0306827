import { sandboxSimulationNote } from 'react-amazon-pay-recovery/testing';
import type { SimulatedDecline } from './settings';

/**
 * The SellerAuthorizationNote for the test panel's choice: Amazon's own
 * sandbox simulation strings (ProcessingFailure is the kit's extension).
 */
export function simulationNoteFor(decline: SimulatedDecline): string | undefined {
  switch (decline) {
    case 'none':
      return undefined;
    case 'InvalidPaymentMethod:hard':
      return sandboxSimulationNote({ state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false });
    case 'InvalidPaymentMethod:soft':
      return sandboxSimulationNote({ state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true });
    default:
      return sandboxSimulationNote({ state: 'Declined', reasonCode: decline });
  }
}
