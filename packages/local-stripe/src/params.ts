import { invalidParam, missingParam, unknownParam } from './errors.ts';
import type { FormObject, FormValue } from './form.ts';

/** Parameters every endpoint accepts besides its own. */
const universal = ['expand', 'client_secret'];

/** Stripe refuses parameters it does not know; so does the simulation. */
export function allowOnly(params: FormObject, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key) && !universal.includes(key)) throw unknownParam(key);
  }
}

export function optionalString(params: FormObject, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParam(`Invalid string: ${name}`, name);
  return value === '' ? undefined : value;
}

export function requiredString(params: FormObject, name: string): string {
  const value = optionalString(params, name);
  if (value === undefined) throw missingParam(name);
  return value;
}

export function optionalInteger(params: FormObject, name: string): number | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalidParam(`Invalid integer: ${value}`, name, 'parameter_invalid_integer');
  return Number(value);
}

export function requiredInteger(params: FormObject, name: string): number {
  const value = optionalInteger(params, name);
  if (value === undefined) throw missingParam(name);
  return value;
}

export function optionalBoolean(params: FormObject, name: string): boolean | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw invalidParam(`Invalid boolean: ${value}`, name);
  return value === 'true';
}

export function optionalObject(params: FormObject, name: string): FormObject | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParam(`Invalid object`, name);
  return value;
}

/** Stripe's range filter on `created`: a unix time (equal), or `created[gt|gte|lt|lte]`. */
export interface CreatedRange {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

export function createdRange(params: FormObject): CreatedRange | undefined {
  const value = params.created;
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string') {
    const exact = optionalInteger(params, 'created')!;
    return { gte: exact, lte: exact };
  }
  const range = optionalObject(params, 'created')!;
  const bounds: CreatedRange = {};
  for (const key of Object.keys(range)) {
    if (!['gt', 'gte', 'lt', 'lte'].includes(key)) throw unknownParam(`created[${key}]`);
    const bound = optionalInteger(range, key);
    if (bound !== undefined) bounds[key as keyof CreatedRange] = bound;
  }
  return bounds;
}

export function oneOf<T extends string>(params: FormObject, name: string, values: readonly T[]): T | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw invalidParam(`Invalid ${name}: must be one of ${values.join(', ')}`, name);
  }
  return value as T;
}

/**
 * Stripe's metadata update rule: keys merge, a key set to '' is removed, and `metadata=''`
 * clears everything.
 */
export function mergeMetadata(current: Record<string, string>, value: FormValue | undefined): Record<string, string> {
  if (value === undefined) return current;
  if (value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParam('Invalid object', 'metadata');
  const merged = { ...current };
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw invalidParam('Metadata values must be strings', `metadata[${key}]`);
    if (entry === '') delete merged[key];
    else merged[key] = entry;
  }
  return merged;
}

export function expandPaths(params: FormObject): string[] {
  const value = params.expand;
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((entry): entry is string => typeof entry === 'string');
}

export interface PageParams {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

export function pageParams(params: FormObject): PageParams {
  const limit = optionalInteger(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam('Invalid limit: must be between 1 and 100', 'limit');
  const startingAfter = optionalString(params, 'starting_after');
  const endingBefore = optionalString(params, 'ending_before');
  return { limit, ...(startingAfter ? { startingAfter } : {}), ...(endingBefore ? { endingBefore } : {}) };
}

export function listBody(url: string, data: unknown[], hasMore: boolean): Record<string, unknown> {
  return { object: 'list', data, has_more: hasMore, url };
}
