import { useAmazonPay, type AmazonPayContextValue } from '../AmazonPayProvider';

/** The provider's value, or null outside `<AmazonPayProvider>` (for components that also work with explicit props). */
export function useOptionalAmazonPay(hookName: string): AmazonPayContextValue | null {
  try {
    return useAmazonPay(hookName);
  } catch {
    return null;
  }
}
