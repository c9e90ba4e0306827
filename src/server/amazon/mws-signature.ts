/// <reference types="node" />
/**
 * Amazon MWS request signing, Signature Version 2 with HmacSHA256: the scheme
 * of the legacy "OffAmazonPayments" API. Server-only (node:crypto).
 */
import { createHmac } from 'node:crypto';

export type MwsParameters = Readonly<Record<string, string>>;

export interface MwsSigningInput {
  /** `POST` for every MWS call the kit makes; kept as a parameter so published GET vectors can be checked. */
  readonly method?: 'POST' | 'GET';
  readonly host: string;
  readonly path: string;
  /** Every request parameter except `Signature` (AWSAccessKeyId, Action, Timestamp, SignatureMethod, ...). */
  readonly parameters: MwsParameters;
  readonly secretKey: string;
}

/**
 * RFC 3986 percent-encoding as Signature Version 2 requires: only
 * `A-Z a-z 0-9 - _ . ~` stay literal, hex digits upper case, space as `%20`.
 * encodeURIComponent leaves `! ' ( ) *` alone, so those are encoded here too.
 */
export function percentEncodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** `name=value` pairs, encoded, sorted by the byte order of the encoded names, joined with `&`. */
export function canonicalQueryString(parameters: MwsParameters): string {
  return Object.keys(parameters)
    .filter((name) => name !== 'Signature')
    .map((name) => [percentEncodeRfc3986(name), percentEncodeRfc3986(parameters[name] ?? '')] as const)
    .sort(([a], [b]) => compareBytes(a, b))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** `METHOD\nhost\npath\ncanonical query` (host lower case, empty path as `/`). */
export function stringToSignV2(input: Omit<MwsSigningInput, 'secretKey'>): string {
  return [input.method ?? 'POST', input.host.toLowerCase(), input.path || '/', canonicalQueryString(input.parameters)].join('\n');
}

/** base64(HMAC-SHA256(secretKey, string to sign)). */
export function signMwsRequest(input: MwsSigningInput): string {
  return createHmac('sha256', input.secretKey).update(stringToSignV2(input), 'utf8').digest('base64');
}

/** ISO-8601 UTC timestamp as MWS expects it, e.g. `2024-05-01T12:00:00.000Z`. */
export function mwsTimestamp(date: Date): string {
  return date.toISOString();
}

/** The form-encoded POST body: the signed parameters plus `Signature`. */
export function signedMwsBody(input: MwsSigningInput): string {
  return `${canonicalQueryString(input.parameters)}&Signature=${percentEncodeRfc3986(signMwsRequest(input))}`;
}
