import { validationError } from './errors';

// Apart from ./validation so that a page that checks only URLs (the HTTP adapter's baseUrl) does
// not reach the money and id rules the lazy button and Wallet use (esbuild splits by file).
const invalidUrl = (message: string) => validationError(message, 'InvalidUrl');

export interface UrlRules {
  /** Origins (scheme://host[:port]) the URL must belong to; any https origin when omitted. */
  readonly allowedOrigins?: readonly string[];
  /** Accept http://localhost and 127.0.0.1 (development and the demo only). */
  readonly allowLocalhost?: boolean;
}

function isLocalhost(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

/** Validates a URL from props: absolute, https (or localhost when allowed), on an allowed origin. */
export function assertSafeUrl(value: unknown, field: string, rules: UrlRules = {}): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw invalidUrl(
      process.env.NODE_ENV !== 'production' ? `${field} must be an absolute URL, got ${JSON.stringify(value)}.` : 'InvalidUrl',
    );
  }
  const localOk = rules.allowLocalhost === true && isLocalhost(url) && url.protocol === 'http:';
  if (url.protocol !== 'https:' && !localOk) {
    throw invalidUrl(
      process.env.NODE_ENV !== 'production' ? `${field} must use https, got ${url.protocol.replace(':', '')}: ${url.href}` : 'InvalidUrl',
    );
  }
  if (url.username || url.password)
    throw invalidUrl(process.env.NODE_ENV !== 'production' ? `${field} must not contain credentials.` : 'InvalidUrl');
  if (rules.allowedOrigins && !rules.allowedOrigins.includes(url.origin)) {
    throw invalidUrl(
      process.env.NODE_ENV !== 'production'
        ? `${field} origin ${url.origin} is not one of the allowed origins: ${rules.allowedOrigins.join(', ')}.`
        : 'InvalidUrl',
    );
  }
  return url;
}
