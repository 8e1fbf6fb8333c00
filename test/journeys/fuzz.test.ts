import path from 'node:path';
import fc from 'fast-check';
import Stripe from 'stripe';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorableText } from '../../apps/server/src/platform/http/storable-input.ts';
import { aClientIp, aUser, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Malformed input against every operation of the OpenAPI document, read from the running app,
 * so a new route is fuzzed the day it ships. Whatever is sent, the answer must be a 4xx
 * application/problem+json, and a refusal of a field must name it. Callers are an admin (who
 * holds every permission a person can) with the refresh cookie, so access checks pass and the
 * input is what gets judged. Variants are bounded and deterministic (fast-check, fixed seed).
 */

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  default?: unknown;
};
type Parameter = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: JsonSchema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } };
type Document = { paths: Record<string, Record<string, Operation>> };

const SEED = 20261123;
const ORIGIN = 'http://localhost:3000';

/** Strings that satisfy the usual formats and patterns of this API; the first that fits is used. */
const STRING_CANDIDATES = ['01JAAAAAAAAAAAAAAAAAAAAAAA', '2026-12-01', '00000000-0000-4000-8000-000000000000', 'piano', '+12125550123', 'a'.repeat(64)];

function firstSchema(schema: JsonSchema): JsonSchema {
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice) return firstSchema(choice.find((option) => option.type !== 'null') ?? choice[0]!);
  if (schema.allOf?.length) return firstSchema(Object.assign({}, ...schema.allOf) as JsonSchema);
  return schema;
}

function typeOf(schema: JsonSchema): string {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  return type ?? (schema.properties ? 'object' : 'string');
}

/** A plausible value for the schema: the base each variant breaks in one place. */
function sample(raw: JsonSchema, depth = 0): unknown {
  const schema = firstSchema(raw);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  switch (typeOf(schema)) {
    case 'object': {
      if (depth > 6) return {};
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, child]) => [key, sample(child, depth + 1)]));
    }
    case 'array':
      return schema.items ? Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items!, depth + 1)) : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    default:
      return sampleString(schema);
  }
}

function sampleString(schema: JsonSchema): string {
  if (schema.format === 'email') return 'fuzz@example.com';
  if (schema.format === 'date-time') return '2026-12-01T15:00:00.000Z';
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (schema.format === 'uri') return 'https://example.com/';
  const fits = (value: string) =>
    (!schema.pattern || new RegExp(schema.pattern, 'u').test(value)) &&
    value.length >= (schema.minLength ?? 0) &&
    value.length <= (schema.maxLength ?? Infinity);
  return STRING_CANDIDATES.find(fits) ?? 'a'.repeat(Math.max(3, schema.minLength ?? 0));
}

/** Every string leaf of a sample, as [path segments, value]. */
function stringLeaves(value: unknown, at: string[] = []): string[][] {
  if (typeof value === 'string') return [at];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => stringLeaves(child, [...at, key]));
}

function withValueAt(value: unknown, at: string[], replacement: unknown): unknown {
  if (at.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string, unknown>;
  copy[at[0]!] = withValueAt(copy[at[0]!], at.slice(1), replacement);
  return copy;
}

/** A value of another JSON type than the one the schema wants. */
function wrongType(schema: JsonSchema): unknown {
  const type = typeOf(firstSchema(schema));
  return type === 'string' ? 12345 : type === 'object' || type === 'array' ? 'not-an-object' : type === 'boolean' ? 'yes' : 'NaN';
}

interface Variant {
  name: string;
  url: string;
  payload?: string;
  contentType?: string;
  /** The field the answer must name; undefined when any 4xx problem will do. */
  field?: string | RegExp;
  /** When the refusal must be exactly this status. */
  status?: number;
}

function variantsFor(method: string, template: string, operation: Operation): Variant[] {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const pathValues = Object.fromEntries(pathParams.map((p) => [p.name, p.name === '*' ? 'some/file.webp' : String(sample(p.schema))]));
  const urlWith = (overrides: Record<string, string> = {}, query: Record<string, string> = {}) => {
    const values = { ...pathValues, ...overrides };
    const pathPart = template.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? 'x');
    const search = Object.entries(query)
      .map(([key, value]) => `${encodeURIComponent(key)}=${value}`)
      .join('&');
    return search ? `${pathPart}?${search}` : pathPart;
  };
  const jsonBody = operation.requestBody?.content['application/json']?.schema;
  const takesBody = !['GET', 'DELETE', 'HEAD'].includes(method);
  const base = jsonBody ? sample(jsonBody) : undefined;
  const variants: Variant[] = [];

  for (const p of pathParams) {
    variants.push({ name: `NUL in path.${p.name}`, url: urlWith({ [p.name]: 'a%00b' }), field: `path.${p.name}`, status: 400 });
    variants.push({ name: `bad percent-encoding in path.${p.name}`, url: urlWith({ [p.name]: '%FF' }), status: 400 });
    if (p.name !== '*') variants.push({ name: `overlong path.${p.name}`, url: urlWith({ [p.name]: 'A'.repeat(120) }) });
  }
  for (const p of queryParams) {
    variants.push({ name: `NUL in query.${p.name}`, url: urlWith({}, { [p.name]: 'a%00b' }), field: `query.${p.name}`, status: 400 });
    const type = typeOf(firstSchema(p.schema));
    if (type === 'integer' || type === 'number') {
      variants.push({ name: `wrong type in query.${p.name}`, url: urlWith({}, { [p.name]: 'abc' }), field: `query.${p.name}`, status: 400 });
    }
    if (p.name === 'cursor') {
      for (const cursor of ['!!!', Buffer.from('{"not":"a key"}').toString('base64url'), Buffer.from('["\\u0000"]').toString('base64url')]) {
        variants.push({ name: `bad cursor ${cursor}`, url: urlWith({}, { cursor }), field: 'query.cursor', status: 400 });
      }
    }
  }
  if (!takesBody) return variants;

  const url = urlWith();
  const json = (body: unknown) => JSON.stringify(body);
  variants.push({ name: 'broken JSON', url, payload: '{"a":', contentType: 'application/json', field: 'body', status: 400 });
  variants.push({ name: 'wrong content type', url, payload: '<a/>', contentType: 'application/xml', status: 415 });
  variants.push({ name: 'huge body', url, payload: json({ blob: 'x'.repeat(1024 * 1024 + 1) }), contentType: 'application/json', field: 'body', status: 413 });
  variants.push({ name: 'deep nesting', url, payload: `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`, contentType: 'application/json', status: 400 });
  variants.push({ name: 'NUL in an unknown field', url, payload: json({ ...(base as object), extra: 'a\u0000b' }), contentType: 'application/json', field: 'body.extra', status: 400 });
  if (!jsonBody || base === undefined) return variants;

  for (const leaf of stringLeaves(base)) {
    variants.push({
      name: `NUL in body.${leaf.join('.')}`,
      url,
      payload: json(withValueAt(base, leaf, 'a\u0000b')),
      contentType: 'application/json',
      field: `body.${leaf.join('.')}`,
      status: 400,
    });
    variants.push({ name: `lone surrogate in body.${leaf.join('.')}`, url, payload: json(withValueAt(base, leaf, 'a\uDC00b')), contentType: 'application/json', field: `body.${leaf.join('.')}`, status: 400 });
  }
  const schema = firstSchema(jsonBody);
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    variants.push({ name: `wrong type in body.${key}`, url, payload: json({ ...(base as object), [key]: wrongType(child) }), contentType: 'application/json', field: new RegExp(`^body\\.${key}(\\.|$)`) });
  }
  for (const key of schema.required ?? []) {
    const { [key]: _missing, ...rest } = base as Record<string, unknown>;
    variants.push({ name: `missing body.${key}`, url, payload: json(rest), contentType: 'application/json', field: new RegExp(`^body\\.${key}$`), status: 400 });
  }
  if (typeOf(schema) === 'object') {
    variants.push({ name: 'an array instead of an object', url, payload: '[]', contentType: 'application/json', status: 400 });
  }
  return variants;
}

/** A few random strings of hostile characters in each body's string fields, the same on every run. */
function randomVariants(template: string, operation: Operation, method: string, seed: number): Variant[] {
  const jsonBody = operation.requestBody?.content['application/json']?.schema;
  if (!jsonBody || ['GET', 'DELETE'].includes(method) || (operation.parameters ?? []).some((p) => p.in === 'path')) return [];
  const base = sample(jsonBody);
  const leaves = stringLeaves(base);
  if (leaves.length === 0) return [];
  const hostile = fc.string({ unit: fc.constantFrom('\u0000', '\uD800', '\uDFFF', 'a', '\u202E', '%', '\\', '"', '\n'), minLength: 1, maxLength: 8 }).filter((s) => !isStorableText(s));
  const picks = fc.sample(fc.tuple(fc.nat(leaves.length - 1), hostile), { numRuns: 3, seed });
  return picks.map(([index, text]) => {
    const leaf = leaves[index]!;
    return { name: `random ${JSON.stringify(text)} in body.${leaf.join('.')}`, url: template, payload: JSON.stringify(withValueAt(base, leaf, text)), contentType: 'application/json', field: `body.${leaf.join('.')}`, status: 400 };
  });
}

/**
 * Stripe's webhook authenticates the body by its signature: each variant is signed, as the
 * admin's token opens the other routes, so the input itself is what gets judged.
 */
function stripeSignatureFor(template: string, payload: string | undefined): Record<string, string> {
  if (template !== '/api/v1/payments/webhooks/stripe' || payload === undefined) return {};
  const timestamp = Math.floor(t.clock.nowMs() / 1000);
  return { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: t.config.payments.webhookSecret, timestamp }) };
}

/**
 * The local Stripe's API speaks Stripe's wire format, errors included (`{error: {…}}`, never
 * problem+json), and answers 401 to every caller here since none holds a Stripe key; its
 * malformed input is judged in local-stripe-dev.test.ts and packages/local-stripe's tests.
 */
const SPEAKS_STRIPE = new Set(['/api/v1/dev/stripe/v1/{*}']);

// One app for the whole file: a PGlite start is most of this file's run time.
let t: TestApp;
let admin: { authorization: string; cookie: string };

beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_MODE: 'off' }, webDistDir: path.resolve('apps/web/dist') });
  // Every role, so each operation's own validation is reached rather than a permission refusal.
  admin = await signIn(t, await aUser(t, { roles: ['admin', 'student', 'instructor'] }));
});
afterAll(() => t.close());

describe('fuzzing every operation of the OpenAPI document', () => {
  let document: Document;
  let headers: Record<string, string>;

  beforeAll(async () => {
    document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as Document;
    headers = { authorization: admin.authorization, cookie: admin.cookie, origin: ORIGIN };
  });

  it('answers every malformed variant with a 4xx problem+json that names the field', async () => {
    const failures: string[] = [];
    let sent = 0;
    let seed = SEED;
    for (const [template, operations] of Object.entries(document.paths)) {
      if (SPEAKS_STRIPE.has(template)) continue;
      for (const [lower, operation] of Object.entries(operations)) {
        const method = lower.toUpperCase();
        for (const variant of [...variantsFor(method, template, operation), ...randomVariants(template, operation, method, seed++)]) {
          sent += 1;
          const response = await t.app.inject({
            method: method as 'POST',
            url: variant.url,
            headers: { ...headers, ...(variant.contentType ? { 'content-type': variant.contentType } : {}), ...stripeSignatureFor(template, variant.payload) },
            remoteAddress: aClientIp(),
            ...(variant.payload !== undefined ? { payload: variant.payload } : {}),
          });
          const where = `${method} ${template} ${variant.name}: ${response.statusCode} ${response.body.slice(0, 160)}`;
          if (response.statusCode < 400 || response.statusCode >= 500) {
            failures.push(where);
            continue;
          }
          if (!String(response.headers['content-type']).startsWith('application/problem+json')) {
            failures.push(`${where} (not problem+json)`);
            continue;
          }
          if (variant.status !== undefined && response.statusCode !== variant.status) failures.push(`${where} (expected ${variant.status})`);
          if (variant.field !== undefined) {
            const fields = ((response.json() as { errors?: Array<{ field: string }> }).errors ?? []).map((error) => error.field);
            const named = fields.some((field) => (typeof variant.field === 'string' ? field === variant.field : variant.field!.test(field)));
            if (!named) failures.push(`${where} (expected the field ${String(variant.field)})`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // The document has dozens of operations; a fuzz that sent little has stopped finding them.
    expect(sent).toBeGreaterThan(300);
  }, 60_000);
});

describe('the inputs that answered 500 or a non-problem (issue 8, finding 4 and 10)', () => {
  let headers: Record<string, string>;

  beforeAll(() => {
    headers = { authorization: admin.authorization, origin: ORIGIN };
  });

  async function problem(request: InjectOptions, status: number) {
    const response = await t.app.inject(request);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    return response.json() as { errors?: Array<{ field: string }> };
  }
  const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((error) => error.field);

  it('a refresh cookie that is not percent-encoding is no session (401), on refresh and logout', async () => {
    await problem({ method: 'POST', url: '/api/v1/auth/refresh', headers: { origin: ORIGIN, cookie: 'ii_refresh=%' } }, 401);
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { origin: ORIGIN, cookie: 'ii_refresh=%E0%A4%A' } });
    expect(logout.statusCode).toBeLessThan(300);
  });

  it('Basic client credentials that do not decode are a wrong client (401)', async () => {
    for (const credentials of ['%zz:%', 'no-colon', '\u0000:\u0000']) {
      await problem(
        {
          method: 'POST',
          url: '/api/v1/dev/oauth/token',
          headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` },
          payload: { grant_type: 'client_credentials' },
        },
        401,
      );
    }
  });

  it('a malformed multipart photo upload is a 400 naming body.photo', async () => {
    const url = '/api/v1/me/instructor-profile/photo';
    const broken = [
      { 'content-type': 'multipart/form-data; boundary=XX', payload: '--XX\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n\r\nabc' },
      { 'content-type': 'multipart/form-data; boundary=XX', payload: '--XX\r\nthis is not a header\r\n\r\nabc\r\n--XX--\r\n' },
      { 'content-type': 'multipart/form-data', payload: 'no boundary at all' },
    ];
    for (const { payload, ...contentType } of broken) {
      const body = await problem({ method: 'POST', url, headers: { ...headers, ...contentType }, payload }, 400);
      expect(fields(body)).toEqual(['body.photo']);
    }
  });

  it('a photo whose header claims 8000×8000 16-bit pixels is refused before decoding (400 body.photo)', async () => {
    const { deflateSync } = await import('node:zlib');
    // A header claiming 8000×8000×16-bit RGBA plus a few bytes of data: 69 bytes on the wire.
    const png = craftedPng(8000, 8000, deflateSync(Buffer.alloc(100)));
    const boundary = 'fuzzboundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const body = await problem(
      { method: 'POST', url: '/api/v1/me/instructor-profile/photo', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload },
      400,
    );
    expect(body.errors).toEqual([{ field: 'body.photo', reason: expect.stringContaining('at most 40 megapixels') }]);
  });

  it('malformed paths: bad percent-encoding (400), an overlong parameter (414), NUL (400), all naming the path', async () => {
    expect(fields(await problem({ method: 'GET', url: '/api/v1/instructors/%FF' }, 400))).toEqual(['path']);
    expect(fields(await problem({ method: 'GET', url: `/api/v1/instructors/${'A'.repeat(500)}` }, 414))).toEqual(['path']);
    expect(fields(await problem({ method: 'GET', url: '/api/v1/instructors/%00' }, 400))).toEqual(['path.id']);
    expect(fields(await problem({ method: 'GET', url: '/api/v1/admin/users?q=%00', headers }, 400))).toEqual(['query.q']);
  });

  it('an OPTIONS request without preflight headers is a 400 problem naming them', async () => {
    const body = await problem({ method: 'OPTIONS', url: '/api/v1/catalog' }, 400);
    expect(fields(body)).toEqual(['headers.origin', 'headers.access-control-request-method']);
  });

  it('unknown API routes are problem+json 404s; page paths get the web app', async () => {
    await problem({ method: 'GET', url: '/api/v1/nothing-here', headers: { accept: 'text/html' } }, 404);
    await problem({ method: 'POST', url: '/api/v1/nothing-here', payload: { a: 1 } }, 404);
    await problem({ method: 'GET', url: '/no-such-page', headers: { accept: 'application/json' } }, 404);
    const page = await t.app.inject({ method: 'GET', url: '/instructors/01JAAAAAAAAAAAAAAAAAAAAAAA', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // Hostile paths under the web app: never a file outside it, never a 5xx, never a non-problem error.
    for (const url of ['/assets/missing.js', '/%00', '/assets/%00.js', '/assets/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/%FF', '/index.html%00']) {
      for (const accept of ['text/html', '*/*']) {
        const response = await t.app.inject({ method: 'GET', url, headers: { accept } });
        const type = String(response.headers['content-type']);
        expect(response.statusCode, `${url} ${accept}`).toBeLessThan(500);
        if (response.statusCode >= 400) expect(type, `${url} ${accept}`).toContain('application/problem+json');
        else expect(type, `${url} ${accept}`).toContain('text/html');
      }
    }
  });
});

function craftedPng(width: number, height: number, idat: Buffer): Buffer {
  const crc32 = (bytes: Buffer) => {
    let crc = 0xffffffff;
    for (const byte of bytes) {
      crc ^= byte;
      for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
    }
    return (crc ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const frame = Buffer.alloc(8);
    frame.writeUInt32BE(data.length, 0);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([frame.subarray(0, 4), typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(16, 8);
  ihdr.writeUInt8(6, 9);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}
