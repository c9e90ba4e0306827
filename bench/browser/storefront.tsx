// The page of bench/browser/popup-runtime.bench.test.ts, bundled for production (React included)
// and served on 127.0.0.1: a React checkout with controlled fields and hoverable products, with or
// without the Cart Recovery pop-up waiting for its trigger. `window.bench` drives it.
import { useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { AmazonPayProvider, CartRecoveryPopup } from '../../src/index';
import { createSandboxBackend, installSimulatedAmazonCheckout } from '../../src/testing/index';

const backend = createSandboxBackend();
// checkout.js takes 300 ms to load, as over a real network; nothing leaves the page.
const simulatedCheckout = installSimulatedAmazonCheckout({ backend, readyDelayMs: 300, navigate: () => undefined });

const PRODUCTS = Array.from({ length: 24 }, (_, index) => ({ id: index, name: `Tea no. ${index + 1}`, price: 4 + (index % 7) }));
const FIELDS = ['Full name', 'Address line 1', 'Town or city', 'Postcode', 'Card number', 'Security code'];

export interface PopupSetup {
  readonly fadeIn: number;
}

function Storefront({ popup }: { readonly popup?: PopupSetup }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [hovered, setHovered] = useState<number | null>(null);
  const total = PRODUCTS.reduce((sum, product) => sum + product.price, 0);
  return (
    <main>
      <ul className="products">
        {PRODUCTS.map((product) => (
          <li
            key={product.id}
            data-product={product.id}
            className={hovered === product.id ? 'product product--hover' : 'product'}
            onMouseEnter={() => setHovered(product.id)}
            onMouseLeave={() => setHovered(null)}
          >
            {product.name} £{product.price}
          </li>
        ))}
      </ul>
      <form>
        {FIELDS.map((field) => (
          <label key={field}>
            {field}
            <input
              className="checkout-field"
              value={values[field] ?? ''}
              onChange={(event) => setValues((old) => ({ ...old, [field]: event.target.value }))}
            />
          </label>
        ))}
        <p>
          Total £{total} ({Object.values(values).filter(Boolean).length} of {FIELDS.length} fields)
        </p>
      </form>
      {popup && (
        <CartRecoveryPopup
          fadeIn={popup.fadeIn}
          exitIntent
          inactivity={{ seconds: 600, fieldSelector: '.checkout-field' }}
          rememberDismissal="none"
          productType="PayOnly"
          amount="49.90"
          currency="GBP"
          checkoutResultReturnUrl="https://shop.example/return"
        />
      )}
    </main>
  );
}

let root: Root | undefined;
const host = document.getElementById('app')!;

function mount(popup?: PopupSetup): void {
  root = createRoot(host);
  root.render(
    <AmazonPayProvider backend={backend} sellerId="A1B2C3D4E5F6G7" region="uk" sandbox publicKeyId="SANDBOX-KIT-PUBLIC-KEY">
      <Storefront popup={popup} />
    </AmazonPayProvider>,
  );
}

function unmount(): void {
  root?.unmount();
  root = undefined;
}

/** Per animation frame from mount: whether the dialog is open and whether its button is ready. */
function watchFrames(
  limitMs: number,
): Promise<{ readonly mountedAt: number; readonly frames: { at: number; dialog: boolean; button: boolean }[] }> {
  return new Promise((resolve) => {
    const frames: { at: number; dialog: boolean; button: boolean }[] = [];
    const mountedAt = performance.now();
    const sample = (at: number): void => {
      const dialog = document.querySelector('dialog.arp-popup');
      frames.push({
        at,
        dialog: dialog !== null && (dialog as HTMLDialogElement).open,
        button: document.querySelector('.arp-button[data-state="ready"]') !== null,
      });
      if (frames.at(-1)!.button || at - mountedAt > limitMs) resolve({ mountedAt, frames });
      else requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
}

declare global {
  interface Window {
    bench: typeof bench;
  }
}

const bench = {
  mount,
  unmount,
  /** Mounts a pop-up with `fadeIn` and follows the frames until its button is ready. */
  async open(fadeIn: number) {
    const watching = watchFrames(fadeIn * 1000 + 5000);
    mount({ fadeIn });
    const { mountedAt, frames } = await watching;
    const dialogFrame = frames.findIndex((frame) => frame.dialog);
    const buttonFrame = frames.findIndex((frame) => frame.button);
    unmount();
    return {
      dialogPaintedMs: dialogFrame < 0 ? Number.NaN : frames[dialogFrame]!.at - mountedAt,
      framesFromDialogToButton: dialogFrame < 0 || buttonFrame < 0 ? Number.NaN : buttonFrame - dialogFrame,
    };
  },
  /**
   * Mounts the pop-up with fadeIn 0, waits for its dialog, unmounts: `count` times. The simulated checkout.js
   * records every button it draws (`renders`, for tests' assertions): forgotten after each cycle, so the heap
   * measures the kit, not the fake's records. With `withPopup` false, the same page and cycles without the pop-up.
   */
  async cycles(count: number, withPopup = true) {
    for (let index = 0; index < count; index++) {
      mount(withPopup ? { fadeIn: 0 } : undefined);
      if (withPopup)
        for (let tries = 0; !document.querySelector('dialog.arp-popup[open]') && tries < 200; tries++)
          await new Promise((resolve) => setTimeout(resolve, 0));
      else await new Promise((resolve) => setTimeout(resolve, 0));
      unmount();
      (simulatedCheckout.renders as unknown[]).length = 0;
    }
  },
};
window.bench = bench;
