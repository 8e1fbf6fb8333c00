import { monotonicFactory } from 'ulid';
import type { Clock } from './clock.ts';

/** 26-character Crockford base32 ULIDs: sortable by creation time, safe in URLs. */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export type IdGenerator = () => string;

/** Monotonic within a process so ids created in the same millisecond still sort in order. */
export function createIdGenerator(clock: Clock): IdGenerator {
  const next = monotonicFactory();
  return () => next(clock.nowMs());
}

export function isUlid(value: string): boolean {
  return ULID_PATTERN.test(value);
}
