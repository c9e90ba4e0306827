const warned = new Set<string>();

/**
 * `console.warn` once per key. Call it only inside
 * `if (process.env.NODE_ENV !== 'production')` at the call site: bundlers
 * replace that expression, so a production build drops the check, the call and
 * the message text (as React and Radix do). An unbundled page must define
 * `process.env.NODE_ENV` like it must for React.
 */
export function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(`[react-amazon-pay-recovery] ${message}`);
}

/** Tests only: forget which warnings were shown. */
export function resetWarningsForTests(): void {
  warned.clear();
}
