import type { Money, ShippingAddress } from 'react-amazon-pay-recovery';

export function RecoveryOffer(_props: { address: ShippingAddress; amount: Money; fadeIn: number }) {
  return null;
}
