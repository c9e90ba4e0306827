import type { ReactNode } from 'react';
import type { SandboxBackend } from '../../src/testing/sandbox-backend';
import type { ShippingAddress } from '../../src/domain/types';
import { AmazonPayProvider } from '../../src/react/AmazonPayProvider';
import type { MessageOverrides } from '../../src/react/internal/texts';

export const SELLER = 'A1B2C3D4E5F6G7';
export const PUBLIC_KEY_ID = 'SANDBOX-KIT-PUBLIC-KEY';
export const RETURN_URL = 'https://shop.example/checkout/amazon-return';

export const ADDRESS: ShippingAddress = {
  name: 'Jane Doe',
  addressLine1: '1 Market Street',
  city: 'London',
  districtOrCounty: 'Greater London',
  postalCode: 'EC1A 1AA',
  countryCode: 'GB',
  phoneNumber: '+44 20 7946 0000',
};

/** The provider as a UK merchant in sandbox mode. */
export function InUkSandbox({
  backend,
  children,
  messages,
  locale,
}: {
  backend: SandboxBackend;
  children: ReactNode;
  messages?: MessageOverrides;
  locale?: string;
}) {
  return (
    <AmazonPayProvider
      backend={backend}
      sellerId={SELLER}
      region="uk"
      sandbox
      publicKeyId={PUBLIC_KEY_ID}
      messages={messages}
      locale={locale}
    >
      {children}
    </AmazonPayProvider>
  );
}
