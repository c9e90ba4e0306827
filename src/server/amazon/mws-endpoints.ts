import type { Region } from '../../domain/types';
import { getRegionConfig } from '../../domain/regions';

/** MWS hosts per region (amzn/amazon-pay-sdk-php Regions.php: na, eu, jp; uk and de use eu). */
const MWS_HOSTS = {
  us: 'mws.amazonservices.com',
  uk: 'mws-eu.amazonservices.com',
  eu: 'mws-eu.amazonservices.com',
  jp: 'mws.amazonservices.jp',
} as const;

export const MWS_API_VERSION = '2013-01-01';

export interface MwsEndpoint {
  readonly url: string;
  readonly host: string;
  readonly path: string;
}

/** `https://<region host>/OffAmazonPayments[_Sandbox]/2013-01-01`. */
export function mwsEndpoint(region: Region, sandbox: boolean): MwsEndpoint {
  const host = MWS_HOSTS[getRegionConfig(region).region];
  const path = `/${sandbox ? 'OffAmazonPayments_Sandbox' : 'OffAmazonPayments'}/${MWS_API_VERSION}`;
  return { url: `https://${host}${path}`, host, path };
}

/** Endpoint from an override URL (tests, proxies): the signature covers its host and path. */
export function mwsEndpointFromUrl(url: string): MwsEndpoint {
  const parsed = new URL(url);
  return { url: `${parsed.origin}${parsed.pathname}`, host: parsed.host, path: parsed.pathname || '/' };
}
