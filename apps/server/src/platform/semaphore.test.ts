import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.ts';

describe('Semaphore', () => {
  it('hands out at most `limit` slots and refuses the next one without waiting', () => {
    const slots = new Semaphore(2);
    const first = slots.tryAcquire();
    const second = slots.tryAcquire();
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(slots.tryAcquire()).toBeNull();
    expect(slots.inUse).toBe(2);
  });

  it('frees a slot on release, once however often release is called', () => {
    const slots = new Semaphore(1);
    const release = slots.tryAcquire()!;
    release();
    release();
    expect(slots.inUse).toBe(0);
    const again = slots.tryAcquire();
    expect(again).not.toBeNull();
    expect(slots.tryAcquire()).toBeNull();
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
  });
});
