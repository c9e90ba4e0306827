const warned = new Set<string>();

/** True unless the bundler replaced `process.env.NODE_ENV` with "production". */
export function isDevelopment(): boolean {
  return typeof process === 'undefined' || process.env.NODE_ENV !== 'production';
}

/** `console.warn` once per key in development; silent in production builds. */
export function warnOnce(key: string, message: string): void {
  if (!isDevelopment() || warned.has(key)) return;
  warned.add(key);
  console.warn(`[react-amazon-pay-recovery] ${message}`);
}

/** Tests only: forget which warnings were shown. */
export function resetWarningsForTests(): void {
  warned.clear();
}
