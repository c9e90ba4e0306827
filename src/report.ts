'use client';
/**
 * react-amazon-pay-recovery/report: the merchant's recovery report for admin
 * pages (`<RecoveryReport>`, `fetchRecoveryReport`), in an entry of its own so
 * storefront pages never load it (test/build/lazy-split.test.ts checks). Its
 * styles: `react-amazon-pay-recovery/report.css`. The public names are the
 * explicit list below.
 * @packageDocumentation
 */
export { RecoveryReport, RECOVERY_REPORT_LABELS } from './react/RecoveryReport';
export type { RecoveryReportProps, RecoveryReportLabels } from './react/RecoveryReport';
export { fetchRecoveryReport } from './browser/fetch-recovery-report';
export type { FetchRecoveryReportOptions } from './browser/fetch-recovery-report';
export type {
  RecoveryReport as RecoveryReportData,
  RecoveryReportFigures,
  RecoveryReportRow,
  RecoveryFunnel,
  RecoveryReportGroupBy,
  RecoveryReportQuery,
} from './contract/recovery-report-reply';
