/** An Amazon Pay merchant (seller) id, e.g. `A2K7NDRCTOTPW9`: the one rule of the browser and the server. */
export const isMerchantId = (value: unknown): value is string => typeof value === 'string' && /^[A-Z0-9]{8,20}$/.test(value);
