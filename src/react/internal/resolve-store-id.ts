import { warnOnce } from '../../domain/dev-warning';

/**
 * `storeId` is the kit's one name for the Login with Amazon client id
 * (`amzn1.application-oa2-client.…`, "Store ID" in Seller Central). `clientId`
 * is the same value under its legacy Widgets.js name: still accepted, with a
 * development warning, and `storeId` wins when both are given.
 */
export function resolveStoreId(owner: string, storeId: string | undefined, clientId: string | undefined): string | undefined {
  if (process.env.NODE_ENV !== 'production' && clientId !== undefined) {
    warnOnce(
      `${owner}.clientId`,
      storeId === undefined || storeId === clientId
        ? `<${owner}> clientId is deprecated: pass the same value as storeId (Seller Central: Integration Central, "Store ID").`
        : `<${owner}> got both storeId and the deprecated clientId with different values; storeId is used.`,
    );
  }
  return storeId ?? clientId;
}
