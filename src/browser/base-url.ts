import { assertSafeUrl } from '../domain/safe-url';

/**
 * The HTTP backend's `baseUrl`, checked: a same-origin path (`/api/amazon-pay`; `//host` would
 * be another origin), an https URL, or http://localhost. Without its trailing slashes.
 */
export function checkedBaseUrl(baseUrl: string): string {
  if (!/^\/(?!\/)/.test(baseUrl)) assertSafeUrl(baseUrl, 'baseUrl', { allowLocalhost: true });
  return baseUrl.replace(/\/+$/, '');
}
