import { describe, expect, it } from 'vitest';

// The runtime names of each entry, pinned: adding or removing a public name is a decision made
// here on purpose (and in the README's API list), never the side effect of an `export *`.
// Types are listed by name in each entry file; they are not runtime values.
const PUBLIC_NAMES = {
  '.': [
    'APPEARANCE_VARIABLE_NAMES',
    'AmazonPayError',
    'AmazonPayProvider',
    'CartRecoveryPopup',
    'DARK_APPEARANCE',
    'DEFAULT_POPUP_STORAGE_KEY',
    'DeclineRecovery',
    'LIGHT_APPEARANCE',
    'SUPPORTED_LOCALES',
    'ServerDeclineRecovery',
    'TYPING_PAUSE_MS',
    'appearanceToCssVariables',
    'createHttpBackend',
    'eventStreamUpdates',
    'formatAmount',
    'formatDuration',
    'formatMessage',
    'isAmazonPayError',
    'isRefusal',
    'loadLocaleMessages',
    'serverRecovery',
    'useAmazonPay',
    'useCartRecoveryPopup',
    'useCheckoutSessionReturn',
    'useDeclineHandler',
    'usePopupTriggers',
    'useServerDeclineHandler',
  ],
  './button': ['ADDRESS_FIELD_LIMITS', 'AmazonPayButton', 'useAmazonPayButton', 'validateShippingAddress'],
  './wallet': ['WalletWidget', 'useWalletWidget'],
  './machine': [
    'canCancel',
    'createDeclineMachine',
    'createDeclineRunner',
    'decideNextAction',
    'declineMessageFor',
    'declineTransition',
    'isSettled',
  ],
  './report': ['RECOVERY_REPORT_LABELS', 'RecoveryReport', 'fetchRecoveryReport'],
  './events': ['sendFunnelEvents'],
  './testing': [
    'DEFAULT_SANDBOX_PAYMENT_METHODS',
    'SANDBOX_METHOD_IDS',
    'SIMULATED_MFA_CODE',
    'buildCheckoutSessionPayload',
    'createAmazonLedger',
    'createSandboxBackend',
    'installOfflineAmazonPay',
    'installSimulatedAmazonCheckout',
    'installSimulatedAmazonWidgets',
    'parseSandboxSimulation',
    'resetScriptLoaderForTests',
    'sampleRecoveryEvents',
    'sandboxSimulationNote',
  ],
  './server': [
    'AMAZON_PAY_ROUTES',
    'DEFAULT_CHARGE_MACHINE_OPTIONS',
    'DEFAULT_OVERCHARGE_CAPS',
    'DEFAULT_RECOVERY_MACHINE_OPTIONS',
    'MAX_REPORT_DAYS',
    'MIGRATIONS',
    'RECOVERY_REPORT_ROUTES',
    'aggregateRecoveryReport',
    'amazonPayTopicArns',
    'chargeTransition',
    'createAmazonPayHandler',
    'createCheckoutV2Client',
    'createIpnVerifier',
    'createLegacyPaymentsClient',
    'createMemoryEventLog',
    'createMemoryOrderStore',
    'createMemoryRecoveryStore',
    'createMemoryScheduler',
    'createPgBossScheduler',
    'createPostgresStorage',
    'createPostgresUpdateHub',
    'createRecoveryRunner',
    'createUpdateHub',
    'initialChargeState',
    'initialRecoveryState',
    'isEndState',
    'migratePostgresSchema',
    'recoveryTransition',
    'recoveryView',
    'startedRecoveryState',
    'toNodeListener',
  ],
};

const ENTRIES = {
  '.': () => import('../../src/index'),
  './button': () => import('../../src/button'),
  './wallet': () => import('../../src/wallet'),
  './machine': () => import('../../src/machine'),
  './report': () => import('../../src/report'),
  './events': () => import('../../src/events'),
  './testing': () => import('../../src/testing/index'),
  './server': () => import('../../src/server/index'),
};

describe('public API', () => {
  it.each(Object.keys(ENTRIES) as (keyof typeof ENTRIES)[])('%s exports exactly its listed names', async (entry) => {
    expect(Object.keys(await ENTRIES[entry]()).sort()).toEqual(PUBLIC_NAMES[entry]);
  });

  it('keeps test helpers out of the browser entry', async () => {
    const names = Object.keys(await ENTRIES['.']());
    expect(names.filter((name) => /ForTests|Sandbox|Simulat/i.test(name))).toEqual([]);
  });
});
