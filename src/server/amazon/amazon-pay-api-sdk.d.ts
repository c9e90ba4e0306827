/// <reference types="node" />
/** The part of @amazonpay/amazon-pay-api-sdk-nodejs (2.3.x, untyped CommonJS) the kit uses. */
declare module '@amazonpay/amazon-pay-api-sdk-nodejs' {
  interface AmazonPaySdkConfig {
    publicKeyId: string;
    privateKey: string | Buffer;
    region: string;
    sandbox: boolean;
    algorithm?: string;
    overrideServiceUrl?: string;
  }
  interface AmazonPaySdkResponse {
    status: number;
    data: unknown;
  }
  class WebStoreClient {
    constructor(config: AmazonPaySdkConfig);
    generateButtonSignature(payload: string): string;
    getCheckoutSession(checkoutSessionId: string, headers?: Record<string, string> | null): Promise<AmazonPaySdkResponse>;
    completeCheckoutSession(
      checkoutSessionId: string,
      payload: unknown,
      headers?: Record<string, string> | null,
    ): Promise<AmazonPaySdkResponse>;
    getCharge(chargeId: string, headers?: Record<string, string> | null): Promise<AmazonPaySdkResponse>;
    getChargePermission(chargePermissionId: string, headers?: Record<string, string> | null): Promise<AmazonPaySdkResponse>;
    closeChargePermission(
      chargePermissionId: string,
      payload: unknown,
      headers?: Record<string, string> | null,
    ): Promise<AmazonPaySdkResponse>;
  }
  const sdk: { WebStoreClient: typeof WebStoreClient };
  export default sdk;
  export { WebStoreClient };
}
