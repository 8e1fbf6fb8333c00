import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type { Clock } from './clock.ts';

/** 26-character Crockford base32 ULIDs: sortable by creation time, safe in URLs. */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export type IdGenerator = () => string;

/**
 * Cryptographic random numbers in [0, 1), a multiple of 1/256, drawn from a buffer refilled
 * 4 KB at a time. ulid's own source asks the OS for one byte per character (16 calls per id),
 * which was 6% of a cached read's CPU: every request gets a ULID trace id.
 */
export function pooledRandom(poolBytes = 4096): () => number {
  const pool = new Uint8Array(poolBytes);
  let position = poolBytes;
  return () => {
    if (position === poolBytes) {
      randomFillSync(pool);
      position = 0;
    }
    return pool[position++]! / 256;
  };
}

/** Monotonic within a process so ids created in the same millisecond still sort in order. */
export function createIdGenerator(clock: Clock): IdGenerator {
  const next = monotonicFactory(pooledRandom());
  return () => next(clock.nowMs());
}

export function isUlid(value: string): boolean {
  return ULID_PATTERN.test(value);
}
