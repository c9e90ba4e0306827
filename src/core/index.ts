export * from './types';
export * from './errors';
export * from './regions';
export * from './validation';
export * from './attempt-ids';
export * from './decline-policy';
export * from './backend';
export { validateShippingAddress, ADDRESS_FIELD_LIMITS } from './checkout-payload';
export * from './script-loader';
