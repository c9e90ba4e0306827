import { useCallback, useEffect, useState } from 'react';
import type { AmazonPayBackend } from '../domain/backend';
import { AmazonPayError, validationError } from '../domain/errors';
import { toAmazonPayError } from '../domain/to-amazon-pay-error';
import type { CompletedCheckoutSession, CurrencyCode } from '../domain/types';
import { parseMoney } from '../domain/validation';
import { useAmazonPay } from './AmazonPayProvider';
import { useLatest } from './internal/useLatest';

export type CheckoutReturnStatus = 'idle' | 'completing' | 'completed' | 'canceled' | 'error';

export interface UseCheckoutSessionReturnOptions {
  /** The charge amount the session was created with (Amazon checks it on completion). */
  readonly amount: string | number;
  readonly currency: CurrencyCode;
  /** The query string to read `amazonCheckoutSessionId` from. Default `window.location.search`. */
  readonly search?: string;
  /** Prefix of the sessionStorage keys that remember completed sessions. */
  readonly storageKeyPrefix?: string;
}

export interface CheckoutSessionReturn {
  readonly status: CheckoutReturnStatus;
  readonly checkoutSessionId: string | undefined;
  readonly result: CompletedCheckoutSession | null;
  /** `Declined` or `BuyerCanceled` when the session ended Canceled: offer the button again. */
  readonly reasonCode: string | undefined;
  readonly error: AmazonPayError | null;
  /** Tries the completion again after a retryable error (network, timeout). */
  readonly retry: () => void;
}

const DEFAULT_PREFIX = 'arp-checkout-session:';
/** Amazon's checkout session ids are UUIDs; accept the character set with some slack. */
const CHECKOUT_SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9-]{7,99}$/;

/** One completion per session id per page, shared by StrictMode's double effects and remounts. */
const inFlight = new Map<string, Promise<CompletedCheckoutSession>>();

function readStored(key: string): CompletedCheckoutSession | null {
  try {
    const text = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as CompletedCheckoutSession) : null;
  } catch {
    return null;
  }
}

function store(key: string, result: CompletedCheckoutSession): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(result));
  } catch {
    // Without storage a reload asks the backend again, which returns the first result (idempotent).
  }
}

function completeOnce(
  backend: AmazonPayBackend,
  checkoutSessionId: string,
  amount: { amount: string; currencyCode: CurrencyCode },
  storageKey: string,
): Promise<CompletedCheckoutSession> {
  const existing = inFlight.get(checkoutSessionId);
  if (existing) return existing;
  const stored = readStored(storageKey);
  if (stored) return Promise.resolve(stored);
  const promise = backend.completeCheckoutSession({ checkoutSessionId, amount }).then(
    (result) => {
      store(storageKey, result);
      return result;
    },
    (error: unknown) => {
      // A failed attempt may be retried; a successful one stays shared for this page.
      inFlight.delete(checkoutSessionId);
      throw toAmazonPayError(error);
    },
  );
  inFlight.set(checkoutSessionId, promise);
  return promise;
}

function readSessionId(search: string | undefined): string | null | undefined {
  const query = search ?? (typeof window === 'undefined' ? '' : window.location.search);
  const params = new URLSearchParams(query);
  return params.has('amazonCheckoutSessionId') ? (params.get('amazonCheckoutSessionId') ?? '') : undefined;
}

interface State {
  readonly status: CheckoutReturnStatus;
  readonly result: CompletedCheckoutSession | null;
  readonly error: AmazonPayError | null;
}

function fromResult(result: CompletedCheckoutSession): State {
  return { status: result.state === 'Completed' ? 'completed' : 'canceled', result, error: null };
}

function validate(id: string | null | undefined, amount: string | number, currency: CurrencyCode): AmazonPayError | null {
  if (id === undefined) return null;
  if (!id || !CHECKOUT_SESSION_ID.test(id)) {
    return validationError(
      process.env.NODE_ENV !== 'production'
        ? `The return URL's amazonCheckoutSessionId ${JSON.stringify(id)} is not a checkout session id (missing or altered).`
        : 'InvalidCheckoutSessionId',
      'InvalidCheckoutSessionId',
    );
  }
  try {
    parseMoney(amount, currency);
    return null;
  } catch (error) {
    return toAmazonPayError(error);
  }
}

/**
 * On the merchant's return page (`checkoutResultReturnUrl`): reads
 * `amazonCheckoutSessionId` and completes the session through the backend
 * exactly once. A reload or remount reads the remembered result from
 * sessionStorage; StrictMode's double effect shares one request. Status
 * `completed` (chargePermissionId in `result`), `canceled` (`reasonCode`
 * Declined or BuyerCanceled: offer Amazon Pay again) or `error`.
 */
export function useCheckoutSessionReturn(options: UseCheckoutSessionReturnOptions): CheckoutSessionReturn {
  const { backend } = useAmazonPay('useCheckoutSessionReturn');
  const { amount, currency, search } = options;
  const prefix = options.storageKeyPrefix ?? DEFAULT_PREFIX;
  const [id] = useState(() => readSessionId(search));
  const validationError = validate(id, amount, currency);
  const storageKey = `${prefix}${id ?? ''}`;

  const [state, setState] = useState<State>(() => {
    if (!id || validationError) return { status: 'idle', result: null, error: null };
    const stored = readStored(storageKey);
    return stored ? fromResult(stored) : { status: 'completing', result: null, error: null };
  });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => {
    setState((current) => (current.status === 'error' ? { status: 'completing', result: null, error: null } : current));
    setAttempt((n) => n + 1);
  }, []);
  const money = useLatest({ amount, currency });

  const needsCompletion = Boolean(id) && !validationError && state.status !== 'completed' && state.status !== 'canceled';
  useEffect(() => {
    if (!needsCompletion || !id) return;
    let active = true;
    completeOnce(backend, id, parseMoney(money.current.amount, money.current.currency), storageKey).then(
      (result) => {
        if (active) setState(fromResult(result));
      },
      (error: unknown) => {
        if (active) setState({ status: 'error', result: null, error: toAmazonPayError(error) });
      },
    );
    return () => {
      active = false;
    };
  }, [needsCompletion, id, backend, storageKey, attempt, money]);

  const checkoutSessionId = id || undefined;
  if (validationError) return { status: 'error', checkoutSessionId, result: null, reasonCode: undefined, error: validationError, retry };
  const reasonCode = state.result?.state === 'Canceled' ? state.result.reasonCode : undefined;
  return { status: state.status, checkoutSessionId, result: state.result, reasonCode, error: state.error, retry };
}

/** Test helper: forget in-flight completions so each test starts clean. */
export function resetCheckoutReturnForTests(): void {
  inFlight.clear();
}
