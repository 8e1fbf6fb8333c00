import { z } from 'zod';

/**
 * Zod's default messages are for developers ("Too small: expected number to be >=0"). These
 * are for the people filling in forms, worded as the end of a sentence whose subject is the
 * field ("must be at least 0"), the way the web app shows them after the field's label.
 * Messages a schema sets itself still win; an issue not covered here keeps Zod's message.
 */
type Issue = Parameters<z.core.$ZodErrorMap>[0];

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
};

const FORMAT_MESSAGES: Record<string, string> = {
  email: 'must be an email address, like name@example.com',
  url: 'must be a web address, like https://example.com',
  date: 'must be a date written YYYY-MM-DD',
  datetime: 'must be a date and time (ISO 8601, e.g. 2026-11-23T15:00:00Z)',
  time: 'must be a time written HH:MM',
  ulid: 'is not a valid id',
  uuid: 'is not a valid id',
  guid: 'is not a valid id',
};

const quote = (value: unknown) => (typeof value === 'string' ? `“${value}”` : String(value));
const orList = (values: readonly unknown[]) =>
  values.length <= 1 ? values.map(quote).join('') : `${values.slice(0, -1).map(quote).join(', ')} or ${quote(values[values.length - 1])}`;
const count = (n: number | bigint, noun: string) => `${n} ${noun}${Number(n) === 1 ? '' : 's'}`;
/** Safe-integer bounds are a type's limits, not a rule a person should read. */
const isLimit = (n: number | bigint) => Math.abs(Number(n)) >= Number.MAX_SAFE_INTEGER;

export function humanZodMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      if (issue.input === null) return 'must not be empty';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const { origin, minimum, inclusive } = issue;
      if (origin === 'string') return Number(minimum) <= 1 ? 'must not be empty' : `must be at least ${count(minimum, 'character')} long`;
      if (origin === 'array' || origin === 'set') return Number(minimum) <= 1 ? 'must have at least one item' : `must have at least ${count(minimum, 'item')}`;
      if (origin === 'number' || origin === 'int' || origin === 'bigint') {
        if (isLimit(minimum)) return 'is too small';
        return inclusive ? `must be at least ${minimum}` : `must be more than ${minimum}`;
      }
      return undefined;
    }
    case 'too_big': {
      const { origin, maximum, inclusive } = issue;
      if (origin === 'string') return `must be at most ${count(maximum, 'character')} long`;
      if (origin === 'array' || origin === 'set') return `must have at most ${count(maximum, 'item')}`;
      if (origin === 'number' || origin === 'int' || origin === 'bigint') {
        if (isLimit(maximum)) return 'is too large';
        return inclusive ? `must be at most ${maximum}` : `must be less than ${maximum}`;
      }
      return undefined;
    }
    case 'invalid_format':
      return FORMAT_MESSAGES[issue.format] ?? 'is not in the expected format';
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${quote(issue.values[0])}` : `must be one of ${orList(issue.values)}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} we do not accept: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'is not valid here';
    default:
      return undefined;
  }
}

/** Makes humanZodMessage Zod's global error map (process-wide; calling it twice is harmless). */
export function registerHumanZodMessages(): void {
  z.config({ customError: humanZodMessage });
}
