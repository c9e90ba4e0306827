import { describe, expect, it } from 'vitest';
import { createAttemptIdGenerator } from '../../src/domain/attempt-ids';
import { isAuthorizationReferenceId } from '../../src/domain/validation';

describe('AuthorizationReferenceId generator', () => {
  it('makes ids of at most 32 characters of [A-Za-z0-9_-], prefixed with the order reference', () => {
    const ids = createAttemptIdGenerator('S01-1234567-1234567');
    const id = ids.next(0);
    expect(id).toMatch(/^S01-1234567-1234567-0-[a-z0-9]+$/);
    expect(id).toHaveLength(32);
    expect(isAuthorizationReferenceId(id)).toBe(true);
  });

  it('never repeats an id across many attempts', () => {
    const ids = createAttemptIdGenerator('S01-1234567-1234567');
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => ids.next(i % 4)));
    expect(seen.size).toBe(2000);
  });

  it('strips characters Amazon refuses and caps the prefix', () => {
    const id = createAttemptIdGenerator('order #42 / ünïcode and a very long merchant order number').next(3);
    expect(isAuthorizationReferenceId(id)).toBe(true);
    expect(id.length).toBeLessThanOrEqual(32);
  });

  it('rejects an unusable prefix and attempt numbers out of range', () => {
    expect(() => createAttemptIdGenerator('###')).toThrow(/no usable characters/);
    expect(() => createAttemptIdGenerator('S01').next(-1)).toThrow(/0-99/);
    expect(() => createAttemptIdGenerator('S01').next(1.5)).toThrow(/0-99/);
  });
});
