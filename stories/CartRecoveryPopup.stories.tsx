import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { useEffect, useState, type ComponentType, type CSSProperties } from 'react';
import { fn } from 'storybook/test';
import type { CurrencyCode, Region, ShippingAddress } from '../src/domain/types';
import { resetScriptLoaderForTests } from '../src/browser/script-loader';
import { AmazonPayProvider } from '../src/react/AmazonPayProvider';
import { CartRecoveryPopup, type CartRecoveryPopupProps } from '../src/react/CartRecoveryPopup';
import type { PopupCountry } from '../src/domain/popup-country';
import { useCheckoutSessionReturn } from '../src/react/useCheckoutSessionReturn';
import { toolbarProviderProps, type ToolbarProviderProps } from '../.storybook/decorators';
import { createSandboxBackend, installSimulatedAmazonCheckout, type SandboxBackend } from '../src/testing';

const SELLER_ID = 'A1B2C3D4E5F6G7';
const RETURN_URL = 'https://shop.example/checkout/amazon-return';

interface Market {
  readonly region: Region;
  /** The buyer's locale: it picks the pop-up's language. */
  readonly locale: string;
  readonly currency: CurrencyCode;
  readonly amount: string;
  readonly address: ShippingAddress;
}

const address = (countryCode: string, city: string, postalCode: string): ShippingAddress => ({
  name: 'Jane Doe',
  addressLine1: '1 Example Street',
  city,
  postalCode,
  countryCode,
  phoneNumber: '+1 555 0100',
});

const MARKETS: Record<PopupCountry, Market> = {
  US: {
    locale: 'en-US',
    region: 'us',
    currency: 'USD',
    amount: '49.90',
    address: { ...address('US', 'Seattle', '98101'), stateOrRegion: 'WA' },
  },
  UK: { locale: 'en-GB', region: 'uk', currency: 'GBP', amount: '49.90', address: address('GB', 'London', 'EC1A 1AA') },
  DE: { locale: 'de-DE', region: 'eu', currency: 'EUR', amount: '49.90', address: address('DE', 'Berlin', '10115') },
  ES: { locale: 'es-ES', region: 'eu', currency: 'EUR', amount: '49.90', address: address('ES', 'Madrid', '28001') },
  FR: { locale: 'fr-FR', region: 'eu', currency: 'EUR', amount: '49.90', address: address('FR', 'Paris', '75001') },
  IT: { locale: 'it-IT', region: 'eu', currency: 'EUR', amount: '49.90', address: address('IT', 'Roma', '00118') },
  JP: { locale: 'ja-JP', region: 'jp', currency: 'JPY', amount: '4990', address: address('JP', 'Tokyo', '100-0001') },
};

type StoryArgs = Omit<CartRecoveryPopupProps, 'amount' | 'currency' | 'checkoutResultReturnUrl'> & { country: PopupCountry };

/** Per story: the sandbox, and who hears where the simulated Amazon page sent the buyer. */
const prepared = new Map<string, SandboxBackend>();
const returnListeners = new Map<string, (url: string) => void>();

function prepare(context: StoryContext<StoryArgs>): () => void {
  const backend = createSandboxBackend();
  sessionStorage.clear();
  prepared.set(context.id, backend);
  const uninstall = installSimulatedAmazonCheckout({
    backend,
    readyDelayMs: 300,
    navigate: (url) => returnListeners.get(context.id)?.(url),
  });
  return () => {
    uninstall();
    resetScriptLoaderForTests();
    prepared.delete(context.id);
    returnListeners.delete(context.id);
  };
}

function ReturnPage({ search, market }: { search: string; market: Market }) {
  const { status, result, reasonCode, error } = useCheckoutSessionReturn({ amount: market.amount, currency: market.currency, search });
  return (
    <section aria-live="polite">
      <h2>Order confirmation (the merchant’s return page)</h2>
      <p data-status={status}>
        Status: {status}
        {result?.state === 'Completed' && ` — charge permission ${result.chargePermissionId}`}
        {reasonCode && ` — ${reasonCode}: offer Amazon Pay again`}
        {error && ` — ${error.message}`}
      </p>
    </section>
  );
}

function Checkout({
  args,
  backend,
  storyId,
  toolbar,
}: {
  args: StoryArgs;
  backend: SandboxBackend;
  storyId: string;
  toolbar: ToolbarProviderProps;
}) {
  const { country, ...props } = args;
  const market = MARKETS[country];
  const [search, setSearch] = useState<string | null>(null);
  useEffect(() => {
    returnListeners.set(storyId, (url) => setSearch(new URL(url).search));
  }, [storyId]);
  return (
    // The market's locale picks the texts (the toolbar's catalogue would put its language under the market's `lang`); the toolbar's theme applies.
    <AmazonPayProvider
      appearance={toolbar.appearance}
      backend={backend}
      sellerId={SELLER_ID}
      region={market.region}
      locale={market.locale}
      sandbox
      publicKeyId="SANDBOX-KIT-PUBLIC-KEY"
    >
      {search === null ? (
        <section className="arp-story-column" style={{ '--arp-story-width': '420px' } as CSSProperties}>
          <h2>Checkout</h2>
          <p role="alert">Your card was declined. Please use another payment method.</p>
          <CartRecoveryPopup
            {...props}
            country={country}
            amount={market.amount}
            currency={market.currency}
            shippingAddress={market.address}
            checkoutResultReturnUrl={RETURN_URL}
          />
        </section>
      ) : (
        <ReturnPage search={search} market={market} />
      )}
    </AmazonPayProvider>
  );
}

function render(args: StoryArgs, context: StoryContext<StoryArgs>) {
  const backend = prepared.get(context.id);
  if (!backend) return <p>Preparing the sandbox…</p>;
  return <Checkout args={args} backend={backend} storyId={context.id} toolbar={toolbarProviderProps(context)} />;
}

const meta = {
  title: 'Recovery/CartRecoveryPopup',
  // The docs page's props table is the component's (the story adds `country` and fills amount, currency and return URL).
  component: CartRecoveryPopup as unknown as ComponentType<StoryArgs>,
  beforeEach: prepare,
  render,
  // The checkout's card was just declined: the pop-up says so (afterDecline).
  args: { country: 'UK', fadeIn: 0, afterDecline: true, rememberDismissal: 'none', onDismiss: fn(), onOpenChange: fn(), onError: fn() },
} satisfies Meta<StoryArgs>;
export default meta;

type Story = StoryObj<typeof meta>;

/** Before fadeIn: the checkout with its decline message; the pop-up appears after 10 s. */
export const BeforeFadeIn: Story = { args: { fadeIn: 10 } };
/** After fadeIn (3 s, the recommended value). */
export const AfterFadeIn: Story = { args: { fadeIn: 3 } };
export const UnitedStates: Story = { args: { country: 'US' } };
export const UnitedKingdom: Story = { args: { country: 'UK' } };
export const Germany: Story = { args: { country: 'DE' } };
export const Spain: Story = { args: { country: 'ES' } };
export const France: Story = { args: { country: 'FR' } };
export const Italy: Story = { args: { country: 'IT' } };
export const Japan: Story = { args: { country: 'JP' } };
/**
 * The whole journey on the sandbox: click Amazon Pay, review the carried-over
 * address on the simulated Amazon page, pay (Mastercard asks for MFA code
 * 123456; Amex is declined), and land on the return page, completed once.
 */
export const FullJourney: Story = { args: { country: 'UK', fadeIn: 1 } };
