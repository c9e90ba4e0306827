/**
 * Reads the recovery report from the kit's server (GET {baseUrl}/admin/recovery-report):
 * for the merchant's admin pages, with the admin's own session (cookies go
 * along; pass `headers` for a CSRF or bearer token). The reply is checked
 * against the contract before it is returned.
 */
import { checkRecoveryReport } from '../contract/recovery-report-reply';
import { AmazonPayError } from '../domain/errors';
import type { RecoveryReport, RecoveryReportQuery } from '../domain/recovery-report';

export interface FetchRecoveryReportOptions extends RecoveryReportQuery {
  /** The handler's base URL, as for createHttpBackend, e.g. `/api/amazon-pay`. */
  readonly baseUrl: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Default the global fetch. */
  readonly fetch?: typeof fetch;
}

export async function fetchRecoveryReport(options: FetchRecoveryReportOptions): Promise<RecoveryReport> {
  const { baseUrl, from, to, groupBy, headers, signal } = options;
  const query = new URLSearchParams({ from, to, ...(groupBy ? { groupBy } : {}) });
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${baseUrl.replace(/\/+$/, '')}/admin/recovery-report?${query}`, {
      headers: { accept: 'application/json', ...headers },
      credentials: 'same-origin',
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    throw new AmazonPayError('network', 'The recovery report could not be fetched.', { retryable: true, cause: error });
  }
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string; kind?: string } } | undefined;
  if (!response.ok) {
    const code = body?.error?.code ?? `Http${response.status}`;
    throw new AmazonPayError(
      response.status === 403 || response.status === 404 ? 'configuration' : 'network',
      body?.error?.message ?? `The server answered ${response.status}.`,
      {
        code,
        status: response.status,
        retryable: response.status >= 500,
      },
    );
  }
  try {
    checkRecoveryReport(body);
  } catch (error) {
    throw new AmazonPayError('malformed', `The recovery report is not the contract's: ${(error as Error).message}.`, {
      retryable: false,
      cause: error,
    });
  }
  return body as RecoveryReport;
}
