import { declineLegend, type SandboxBackend } from './sandbox-backend';
import { AmazonPayError, isAmazonPayError } from '../domain/errors';
import { interceptAmazonScripts, type AmazonCheckoutGlobal, type AmazonPayButtonHandle } from '../browser/script-loader';
import type { ShippingAddress } from '../domain/types';

export interface SimulatedAmazonCheckoutOptions {
  /** Sessions, wallet and completion come from this backend. */
  readonly backend: SandboxBackend;
  /** Where the hosted page sends the buyer (the return or cancel URL). Default `window.location.assign`. */
  readonly navigate?: (url: string) => void;
  /**
   * How long checkout.js takes to load after the page inserts it. With 0
   * (default) `amazon.Pay` is defined at once, as on a page that already loaded it.
   */
  readonly readyDelayMs?: number;
  /** The first N loads fail like an ad blocker's block (`Infinity`: for good). */
  readonly blockedLoads?: number;
  /** `renderButton` returns null (checkout.js refused the options). */
  readonly renderReturnsNull?: boolean;
}

/** The MFA code the simulated hosted page accepts. */
export const SIMULATED_MFA_CODE = '123456';

/** One `amazon.Pay.renderButton` call. */
export interface SimulatedButtonRender {
  readonly selector: string | Element;
  readonly options: Record<string, unknown>;
}

/** Uninstalls the simulation when called; records what the page asked of checkout.js. */
export interface SimulatedAmazonCheckout {
  (): void;
  readonly renders: readonly SimulatedButtonRender[];
  /** Every `initCheckout` config, in order. */
  readonly initCheckouts: readonly {
    readonly payloadJSON: string;
    readonly signature: string;
    readonly publicKeyId?: string;
    readonly algorithm?: string;
  }[];
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

let pageSeq = 0;

function addressLines(address: ShippingAddress | undefined): string[] {
  if (!address) return ['No address was carried over: the buyer picks one from their Amazon address book.'];
  const region = [address.postalCode, address.city, address.stateOrRegion ?? address.districtOrCounty].filter(Boolean).join(' ');
  return [
    address.name,
    address.addressLine1,
    address.addressLine2,
    address.addressLine3,
    region,
    address.countryCode,
    address.phoneNumber,
  ].filter((line): line is string => Boolean(line));
}

/** Opens an element as a modal on top of everything (native dialogs stack in the top layer). */
function showPage(page: HTMLDialogElement): void {
  document.body.append(page);
  if (typeof page.showModal === 'function') page.showModal();
  else page.setAttribute('open', '');
}

/**
 * The simulated Amazon-hosted checkout page for one session: review of the
 * carried-over address, the wallet, an MFA challenge for `requiresMfa`
 * methods, Pay or Cancel. Plain DOM, text nodes only.
 */
function openHostedPage(backend: SandboxBackend, checkoutSessionId: string, navigate: (url: string) => void): void {
  const seq = ++pageSeq;
  const session = backend.getCheckoutSession(checkoutSessionId)!;
  const payload = session.payload as {
    addressDetails?: ShippingAddress;
    paymentDetails?: { chargeAmount?: { amount: string; currencyCode: string } };
  };
  const page = element('dialog', 'arp-sim-checkout');
  page.dataset.simulated = 'amazon-checkout';
  page.setAttribute('aria-labelledby', `arp-sim-checkout-${seq}-title`);
  const title = element('h2', 'arp-sim-checkout__title', 'Amazon Pay checkout (simulated)');
  title.id = `arp-sim-checkout-${seq}-title`;

  const addressHeading = element('h3', 'arp-sim-checkout__heading', 'Ship to');
  const address = element('address', 'arp-sim-checkout__address');
  address.setAttribute('aria-label', 'Shipping address');
  for (const line of addressLines(payload.addressDetails)) address.append(element('div', '', line));
  const charge = payload.paymentDetails?.chargeAmount;
  const total = element('p', 'arp-sim-checkout__total', charge ? `Order total: ${charge.amount} ${charge.currencyCode}` : '');

  const methodsLabel = element('p', 'arp-sim-checkout__heading', 'Pay with');
  methodsLabel.id = `arp-sim-checkout-${seq}-methods`;
  const methods = element('div', 'arp-sim-checkout__methods');
  methods.setAttribute('role', 'radiogroup');
  methods.setAttribute('aria-labelledby', methodsLabel.id);
  backend.paymentMethodList.forEach((method, index) => {
    const label = element('label', 'arp-sim-checkout__method');
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = `arp-sim-checkout-${seq}`;
    radio.value = method.id;
    radio.checked = index === 0;
    label.append(radio, document.createTextNode(` ${method.label}`));
    methods.append(label);
  });
  const legend = declineLegend(backend.paymentMethodList);

  const status = element('p', 'arp-sim-checkout__status');
  status.setAttribute('role', 'alert');
  const pay = element('button', 'arp-sim-checkout__pay', 'Pay now');
  pay.type = 'button';
  const cancel = element('button', 'arp-sim-checkout__cancel', 'Cancel and return to the shop');
  cancel.type = 'button';
  const actions = element('div', 'arp-sim-checkout__actions');
  actions.append(pay, cancel);

  const leave = (choice: { paymentMethodId: string } | { cancel: true }): void => {
    let url: string;
    try {
      url = backend.finishCheckoutSession(checkoutSessionId, choice);
    } catch (error) {
      status.textContent = error instanceof Error ? error.message : String(error);
      return;
    }
    page.remove();
    navigate(url);
  };
  const chosenMethod = (): string | undefined => methods.querySelector<HTMLInputElement>('input:checked')?.value;

  let openChallenge: HTMLFormElement | undefined;
  const closeChallenge = (): void => {
    openChallenge?.remove();
    openChallenge = undefined;
    pay.hidden = false;
  };
  // Choosing another method leaves the challenge: Pay now is the way forward again.
  methods.addEventListener('change', closeChallenge);

  const challenge = (paymentMethodId: string): void => {
    closeChallenge();
    const form = element('form', 'arp-sim-checkout__mfa');
    const label = element('label', 'arp-sim-checkout__field', 'Verification code');
    const input = document.createElement('input');
    input.inputMode = 'numeric';
    input.autocomplete = 'one-time-code';
    label.append(input);
    const hint = element(
      'p',
      'arp-sim-checkout__hint',
      `Your bank asks you to confirm this payment. Sandbox: enter ${SIMULATED_MFA_CODE}.`,
    );
    const verify = element('button', '', 'Verify');
    verify.type = 'submit';
    form.append(hint, label, verify);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (input.value.trim() === SIMULATED_MFA_CODE) return leave({ paymentMethodId });
      status.textContent = 'The verification code is wrong. Try again or choose another payment method.';
    });
    actions.before(form);
    openChallenge = form;
    // Verify is the one next step; Pay now under it would be a second, confusing one.
    pay.hidden = true;
    input.focus();
  };

  pay.addEventListener('click', () => {
    const paymentMethodId = chosenMethod();
    if (!paymentMethodId) return;
    const method = backend.paymentMethodList.find((candidate) => candidate.id === paymentMethodId);
    if (method?.requiresMfa) return challenge(paymentMethodId);
    leave({ paymentMethodId });
  });
  cancel.addEventListener('click', () => leave({ cancel: true }));
  page.addEventListener('cancel', (event) => event.preventDefault());

  page.append(
    title,
    addressHeading,
    address,
    total,
    methodsLabel,
    methods,
    ...(legend ? [element('p', 'arp-sim-checkout__legend', legend)] : []),
    status,
    actions,
  );
  showPage(page);
  pay.focus();
}

function renderFakeButton(container: Element, options: Record<string, unknown>, onPress: () => void): void {
  const button = element('button', 'arp-sim-amazon-button');
  button.type = 'button';
  button.dataset.simulated = 'amazon-pay-button';
  button.dataset.color = String(options.buttonColor ?? 'Gold');
  button.setAttribute('aria-label', 'Amazon Pay');
  button.append(
    element('span', 'arp-sim-amazon-button__logo', 'amazon pay'),
    element('span', 'arp-sim-amazon-button__note', ' (simulated)'),
  );
  button.addEventListener('click', onPress);
  container.replaceChildren(button);
}

/**
 * Defines a simulated `window.amazon.Pay` (Amazon's checkout.js, Checkout v2)
 * backed by a {@link SandboxBackend}, for tests, Storybook and demos with no
 * network. `renderButton` renders an accessible fake button and returns a
 * handle with `onClick` and `initCheckout`; `initCheckout` creates the session
 * in the backend (which rejects a payload that is not byte-identical to the
 * signed one) and opens a simulated Amazon-hosted page: the carried-over
 * address, the wallet, an MFA challenge (code {@link SIMULATED_MFA_CODE}),
 * Pay or Cancel, then `navigate(returnUrl)`. Leaves `window.amazon.Login`
 * alone. Returns the uninstaller.
 */
export function installSimulatedAmazonCheckout(options: SimulatedAmazonCheckoutOptions): SimulatedAmazonCheckout {
  const { backend, readyDelayMs = 0, renderReturnsNull = false } = options;
  const navigate = options.navigate ?? ((url: string) => window.location.assign(url));
  let blockedLoads = options.blockedLoads ?? 0;
  const renders: SimulatedButtonRender[] = [];
  const initCheckouts: SimulatedAmazonCheckout['initCheckouts'][number][] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const renderButton = (selector: string | Element, buttonOptions: Record<string, unknown>): AmazonPayButtonHandle | null => {
    renders.push({ selector, options: buttonOptions });
    const container = typeof selector === 'string' ? document.querySelector(selector) : selector;
    if (!container) throw new Error(`amazon.Pay.renderButton: no element matches ${String(selector)}.`);
    for (const required of ['merchantId', 'publicKeyId', 'ledgerCurrency', 'placement'] as const) {
      if (!buttonOptions[required]) throw new Error(`amazon.Pay.renderButton: ${required} is required.`);
    }
    if (renderReturnsNull) return null;
    let clickHandler: (() => void) | undefined;
    renderFakeButton(container, buttonOptions, () => clickHandler?.());
    return {
      onClick(callback) {
        clickHandler = callback;
      },
      initCheckout({ createCheckoutSessionConfig }) {
        initCheckouts.push(createCheckoutSessionConfig);
        let checkoutSessionId: string;
        try {
          checkoutSessionId = backend.createCheckoutSession(createCheckoutSessionConfig).checkoutSessionId;
        } catch (error) {
          throw isAmazonPayError(error) ? error : new AmazonPayError('amazon', String(error), { code: 'InvalidRequest' });
        }
        openHostedPage(backend, checkoutSessionId, navigate);
      },
    };
  };

  const pay = { renderButton } as AmazonCheckoutGlobal['Pay'];
  const previousAmazon = window.amazon;
  const previousPay = previousAmazon?.Pay;
  const defineGlobal = (): void => {
    // Widgets.js may already own window.amazon (amazon.Login): add Pay beside it.
    if (window.amazon) window.amazon.Pay = pay;
    else window.amazon = { Pay: pay };
  };

  const stopIntercepting = interceptAmazonScripts((script) => {
    if (!/\/checkout\.js$/.test(new URL(script.src).pathname)) return false;
    script.type = 'text/x-simulated-amazon-checkout';
    document.head.appendChild(script);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (blockedLoads > 0) {
        blockedLoads -= 1;
        script.dispatchEvent(new Event('error'));
        return;
      }
      defineGlobal();
      script.dispatchEvent(new Event('load'));
    }, readyDelayMs);
    timers.add(timer);
    return true;
  });
  if (readyDelayMs === 0 && blockedLoads === 0) defineGlobal();

  const uninstall = (): void => {
    stopIntercepting();
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const page of document.querySelectorAll('[data-simulated="amazon-checkout"]')) page.remove();
    if (window.amazon?.Pay !== pay) return;
    if (previousPay) window.amazon.Pay = previousPay;
    else if (!previousAmazon && !window.amazon.Login) delete window.amazon;
    else delete (window.amazon as Partial<AmazonCheckoutGlobal>).Pay;
  };
  return Object.assign(uninstall, { renders, initCheckouts });
}
