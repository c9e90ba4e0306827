/**
 * Server side of react-amazon-pay-recovery (`react-amazon-pay-recovery/server`):
 * the request handler that implements docs/backend-contract.md over the
 * merchant's Amazon Pay clients. Node/edge only; never import it in browser code.
 * Its public names are the explicit list below (the MWS signing helpers are internal).
 * @packageDocumentation
 */
export { createAmazonPayHandler } from './handler';
export type {
  AmazonPayHandlerConfig,
  AmazonPayAccessConfig,
  AmazonPayRouteContext,
  OrderAmountContext,
  FunnelEventsOptions,
  RecoveryReportRouteOptions,
} from './handler';
export { createMemoryEventLog } from './recovery-event-log';
export type { RecoveryEventLog, MemoryEventLogOptions } from './recovery-event-log';
export { aggregateRecoveryReport, MAX_REPORT_DAYS } from '../domain/recovery-report';
export type {
  RecoveryReport,
  RecoveryReportQuery,
  RecoveryReportGroupBy,
  RecoveryReportFigures,
  RecoveryReportRow,
  RecoveryFunnel,
} from '../domain/recovery-report';
export type { RecordedRecoveryEvent, RecoveryFunnelEvent, FunnelTrigger, DecidedBy } from '../domain/recovery-events';
export type { FunnelEventsReply } from '../contract/recovery-report-reply';
export type { AmazonPayResource, CanAccess } from './access';
export { AMAZON_PAY_ROUTES } from '../contract/routes';
export { RECOVERY_REPORT_ROUTES } from '../contract/report-routes';
export type { AmazonPayRouteName } from '../contract/routes';
export { toNodeListener } from './node-listener';
export type { FetchHandler } from './node-listener';
export { createMemoryOrderStore } from './order-store';
export type { OrderStore, StoredCompletion } from './order-store';
export { createUpdateHub } from './update-hub';
export type { UpdateHub, UpdateHubListener, UpdateHubOptions } from './update-hub';
export type { ErrorBody } from './http-error';
export { createRecoveryRunner } from './recovery/recovery-runner';
export type { RecoveryHooks, RecoveryNoticeContext, RecoveryRunner, RecoveryRunnerOptions } from './recovery/recovery-runner';
export {
  transition as recoveryTransition,
  initialRecoveryState,
  startedRecoveryState,
  isEndState,
  DEFAULT_RECOVERY_MACHINE_OPTIONS,
} from './recovery/recovery-machine';
export { recoveryView } from './recovery/recovery-view';
export type { RecoveryIntent, RecoveryIntentRequest, ServerRecoveryView } from '../domain/server-recovery';
export type {
  ActivePhase,
  BuyerIntent,
  CancelOutcome,
  RecoveryStart,
  EndState,
  RecoveryEffect,
  RecoveryEvent,
  RecoveryMachineOptions,
  RecoveryNotice,
  RecoveryPhase,
  RecoveryState,
  RecoveryInit,
  ServerJobKind,
} from './recovery/recovery-machine';
export { chargeTransition, initialChargeState, DEFAULT_CHARGE_MACHINE_OPTIONS } from './recovery/charge-machine';
export type {
  ChargeEffect,
  ChargeCall,
  ChargeEvent,
  ChargeJobKind,
  ChargeMachineOptions,
  ChargePhase,
  ChargeReadCause,
  ChargeRecoveryInit,
  ChargeRecoveryState,
  ChargeTimer,
  CheckoutV2Reference,
} from './recovery/charge-machine';
export type { CallEffect, ClearTimerEffect, NotifyEffect, ScheduleEffect, TimerFired, Transition } from '../domain/machine';
export type { CheckoutV2RecoveryOptions, TrackChargeRequest } from './recovery/charge-watch';
export { createMemoryRecoveryStore } from './recovery/recovery-store';
export type { ChargeRecoveryStore, LockedTransaction, RecoveryStore, RecoveryTransaction } from './recovery/recovery-store';
export { createMemoryScheduler } from './recovery/recovery-scheduler';
export type {
  MemorySchedulerOptions,
  RecoveryJob,
  RecoveryJobKind,
  RecoveryScheduler,
  RecoveryWorker,
} from './recovery/recovery-scheduler';
export { DEFAULT_OVERCHARGE_CAPS } from '../domain/authorization-limits';
export { createPostgresStorage } from './postgres/postgres-storage';
export type { PostgresStorage, PostgresStorageOptions } from './postgres/postgres-storage';
export { createPostgresUpdateHub } from './postgres/postgres-update-hub';
export type { PostgresUpdateHub, PostgresUpdateHubOptions } from './postgres/postgres-update-hub';
export { createPgBossScheduler } from './postgres/pg-boss-scheduler';
export type { PgBossLike, PgBossSchedulerOptions } from './postgres/pg-boss-scheduler';
export { migrate as migratePostgresSchema, MIGRATIONS } from './postgres/migrations';
export type { Migration } from './postgres/migrations';
export type { PgPool, PgPoolClient, PgQueryable, PgQueryResult, PgNotification } from './postgres/pg-types';
export type {
  LegacyPaymentsClient,
  CheckoutV2Client,
  CheckoutV2ChargeClient,
  CloseChargePermissionRequest,
  ChargePermissionReference,
  ClosedChargePermission,
  IpnVerifier,
  VerifiedNotification,
} from './amazon-clients';
export { createLegacyPaymentsClient } from './amazon/legacy-payments-client';
export type { LegacyPaymentsClientOptions } from './amazon/legacy-payments-client';
export { createCheckoutV2Client } from './amazon/checkout-v2-client';
export type { CheckoutV2ClientOptions, ButtonSignatureAlgorithm } from './amazon/checkout-v2-client';
export { createIpnVerifier } from './amazon/ipn-verifier';
export type { IpnVerifierOptions } from './amazon/ipn-verifier';
export { amazonPayTopicArns } from './amazon/amazon-pay-topics';
export type { AmazonPayTopicOptions, TopicArnRule } from './amazon/amazon-pay-topics';
export type { BackoffOptions } from './amazon/backoff';
