import type { ShippingAddress } from 'react-amazon-pay-recovery';

export const SAMPLE_ADDRESS: ShippingAddress = {
  name: 'Ada Lovelace',
  addressLine1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  countryCode: 'GB',
  phoneNumber: '+44 20 7946 0000',
};

export const ADDRESS_FIELDS: readonly { name: keyof ShippingAddress; label: string; autoComplete: string; required: boolean }[] = [
  { name: 'name', label: 'Full name', autoComplete: 'name', required: true },
  { name: 'addressLine1', label: 'Address line 1', autoComplete: 'address-line1', required: true },
  { name: 'addressLine2', label: 'Address line 2 (optional)', autoComplete: 'address-line2', required: false },
  { name: 'city', label: 'Town or city', autoComplete: 'address-level2', required: true },
  { name: 'postalCode', label: 'Postcode', autoComplete: 'postal-code', required: true },
  { name: 'phoneNumber', label: 'Phone', autoComplete: 'tel', required: true },
];
