/**
 * `react-amazon-pay-recovery/machine`: the decline machine headless — Amazon's decline rules as a
 * pure transition (`declineTransition`), the policy table behind it (`decideNextAction`) and the
 * browser's runner that carries out its effects (`createDeclineRunner`), with the queries on its
 * state (`canCancel`, `isSettled`, `declineMessageFor`: the message id DeclineRecovery shows), for a merchant who
 * drives the flow from their own code (a custom screen, a worker, a test).
 *
 * An entry of its own, not part of `.`: `<DeclineRecovery>` and `useDeclineHandler` fetch the
 * same modules with `import()` when their flow starts, so a storefront page that imports `.`
 * carries none of the machine up front, with any bundler (ARCHITECTURE.md).
 * @packageDocumentation
 */
export { createDeclineRunner } from './browser/decline-runner';
export type { DeclineRunner, DeclineRunnerOptions, DeclineInput } from './browser/decline-runner';
export { canCancel, isSettled } from './domain/decline-state';
export { declineMessageFor } from './i18n/decline-message';
export { createDeclineMachine, transition as declineTransition } from './domain/decline-machine';
export type { DeclineMachineConfig, DeclineMachineState, DeclineEvent, DeclineEffect, DeclineTransition } from './domain/decline-machine';
export { decideNextAction } from './domain/decline-policy';
export type { AttemptOutcome, DeclineAction, DeclineActionType } from './domain/decline-policy';
