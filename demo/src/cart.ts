import { useSyncExternalStore } from 'react';
import type { CurrencyCode, Money } from 'react-amazon-pay-recovery';

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Price in pence. */
  readonly price: number;
}

export const CURRENCY: CurrencyCode = 'GBP';

export const PRODUCTS: readonly Product[] = [
  { id: 'kettle', name: 'Copper kettle', description: '1.7 l, stovetop, whistles politely.', price: 4_990 },
  { id: 'assam', name: 'Assam leaf tea', description: '250 g tin, malty breakfast blend.', price: 1_250 },
  { id: 'cups', name: 'Pair of tea cups', description: 'Stoneware, dishwasher safe.', price: 2_400 },
];

const STORAGE_KEY = 'demo.cart';
type Quantities = Readonly<Record<string, number>>;

const INITIAL: Quantities = { kettle: 1, assam: 2 };

function load(): Quantities {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    return stored ? (JSON.parse(stored) as Quantities) : INITIAL;
  } catch {
    return INITIAL;
  }
}

let quantities: Quantities = typeof window === 'undefined' ? INITIAL : load();
const listeners = new Set<() => void>();

export function setQuantity(productId: string, quantity: number): void {
  quantities = { ...quantities, [productId]: Math.max(0, Math.min(9, Math.round(quantity))) };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(quantities));
  for (const listener of listeners) listener();
}

export function useCart(): { lines: { product: Product; quantity: number }[]; totalPence: number; total: Money } {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => quantities,
    () => INITIAL,
  );
  const lines = PRODUCTS.map((product) => ({ product, quantity: current[product.id] ?? 0 })).filter((line) => line.quantity > 0);
  const totalPence = lines.reduce((sum, line) => sum + line.product.price * line.quantity, 0);
  return { lines, totalPence, total: { amount: (totalPence / 100).toFixed(2), currencyCode: CURRENCY } };
}

const formatter = new Intl.NumberFormat('en-GB', { style: 'currency', currency: CURRENCY });

export function formatPence(pence: number): string {
  return formatter.format(pence / 100);
}
