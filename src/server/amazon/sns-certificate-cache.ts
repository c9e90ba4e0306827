/// <reference types="node" />
/**
 * The SNS signing certificates a verifier holds. Everything an envelope's
 * cheap checks read is public, so a forger can name a new certificate URL on
 * an SNS host in every envelope; this cache keeps that from costing a
 * download each or pushing out the genuine certificate:
 * - one download in flight per URL (concurrent envelopes share it);
 * - a failed download is remembered (negative cache) and not tried again for a while;
 * - downloads of new URLs are rate-limited globally (a token bucket);
 * - a certificate that verified a signature recently is never evicted by
 *   one that did not (forged envelopes never verify).
 */
import { X509Certificate } from 'node:crypto';

export interface SnsCertificateCacheOptions {
  readonly fetchCertificate: (url: string) => Promise<string>;
  readonly now: () => number;
  /** Certificates held at once. Default 16. */
  readonly maxEntries?: number;
  /** How long a failed download is not tried again. Default 1 min (SNS delivers again within it). */
  readonly failureTtlMs?: number;
  /** New-URL downloads allowed per minute, all URLs together. Default 6. */
  readonly downloadsPerMinute?: number;
  /** How long a certificate that verified a signature is kept from eviction. Default 24 h. */
  readonly protectVerifiedMs?: number;
}

export type CertificateRefusal = 'recentlyFailed' | 'rateLimited';

interface Entry {
  readonly certificate: Promise<X509Certificate>;
  /** When it last verified a genuine signature; 0 if never. */
  verifiedAt: number;
}

export interface SnsCertificateCache {
  /** The certificate at `url` (cached, shared while in flight), or why it is not fetched now. */
  get(url: string): Promise<X509Certificate> | CertificateRefusal;
  /** Records that the certificate at `url` verified a signature: it is kept from then on. */
  verified(url: string): void;
}

export function createSnsCertificateCache(options: SnsCertificateCacheOptions): SnsCertificateCache {
  const maxEntries = options.maxEntries ?? 16;
  const failureTtlMs = options.failureTtlMs ?? 60_000;
  const downloadsPerMinute = options.downloadsPerMinute ?? 6;
  const protectVerifiedMs = options.protectVerifiedMs ?? 24 * 60 * 60_000;
  const { now } = options;
  // Least recently used first: a hit moves its entry to the end.
  const entries = new Map<string, Entry>();
  // Downloads not yet settled, cached or not: one per URL.
  const inFlight = new Map<string, Promise<X509Certificate>>();
  const failures = new Map<string, number>();
  let tokens = downloadsPerMinute;
  let refilledAt = now();

  function takeToken(): boolean {
    const at = now();
    tokens = Math.min(downloadsPerMinute, tokens + ((at - refilledAt) / 60_000) * downloadsPerMinute);
    refilledAt = at;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }

  const isProtected = (entry: Entry, at: number): boolean => entry.verifiedAt > 0 && at - entry.verifiedAt < protectVerifiedMs;

  /** Makes room for one more; false when every entry is a recently verified certificate. */
  function makeRoom(): boolean {
    if (entries.size < maxEntries) return true;
    const at = now();
    for (const [url, entry] of entries) {
      if (!isProtected(entry, at)) {
        entries.delete(url);
        return true;
      }
    }
    return false;
  }

  function forgetOldFailures(at: number): void {
    for (const [url, failedAt] of failures) {
      if (at - failedAt < failureTtlMs) break;
      failures.delete(url);
    }
  }

  return {
    get(url) {
      const cached = entries.get(url);
      if (cached) {
        entries.delete(url);
        entries.set(url, cached);
        return cached.certificate;
      }
      const pending = inFlight.get(url);
      if (pending) return pending;
      const at = now();
      forgetOldFailures(at);
      if (failures.has(url)) return 'recentlyFailed';
      if (!takeToken()) return 'rateLimited';
      const certificate = options.fetchCertificate(url).then((pem) => new X509Certificate(pem));
      const entry: Entry = { certificate, verifiedAt: 0 };
      inFlight.set(url, certificate);
      certificate.then(
        () => inFlight.delete(url),
        () => {
          inFlight.delete(url);
          if (entries.get(url) === entry) entries.delete(url);
          failures.delete(url);
          failures.set(url, now());
        },
      );
      // Not cached when every slot holds a recently verified certificate: it still serves this envelope.
      if (makeRoom()) entries.set(url, entry);
      return certificate;
    },
    verified(url) {
      const entry = entries.get(url);
      if (entry) entry.verifiedAt = now();
    },
  };
}
