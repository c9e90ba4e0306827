// The dom projects run their files one after another in one worker without isolation (`isolate:
// false` in vite.config.ts): modules and the jsdom document are shared between files. What a file
// leaves behind is cleared after it, so each file starts from what a fresh worker would give it.
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, vi } from 'vitest';
import { resetApprovedOrdersForTests } from '../../src/browser/decline-runner';
import { resetScriptInterceptorsForTests, resetScriptLoaderForTests } from '../../src/browser/script-loader';
import { resetWarningsForTests } from '../../src/domain/dev-warning';
import { resetLocaleMessagesForTests } from '../../src/i18n/locale-messages';
import { resetCheckoutReturnForTests } from '../../src/react/useCheckoutSessionReturn';

// Testing Library registers its own afterEach(cleanup) only in the first file that imports it.
afterEach(() => cleanup());

const AMAZON_GLOBALS = ['amazon', 'OffAmazonPayments', 'onAmazonPaymentsReady', 'onAmazonLoginReady'] as const;

afterAll(() => {
  vi.useRealTimers();
  resetScriptLoaderForTests();
  resetScriptInterceptorsForTests();
  resetLocaleMessagesForTests();
  resetWarningsForTests();
  resetApprovedOrdersForTests();
  resetCheckoutReturnForTests();
  document.head.replaceChildren();
  document.body.replaceChildren();
  for (const element of [document.documentElement, document.body]) {
    for (const { name } of Array.from(element.attributes)) element.removeAttribute(name);
  }
  sessionStorage.clear();
  localStorage.clear();
  for (const name of AMAZON_GLOBALS) delete (window as unknown as Record<string, unknown>)[name];
});
