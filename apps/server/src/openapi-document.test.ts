import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDocument, generateOpenApiDocument } from './openapi-document.ts';

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../openapi.json');

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { $ref?: string }>;
  'x-permission'?: string;
}
interface Document {
  tags: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string; description?: string }>; responses: Record<string, unknown>; schemas: Record<string, unknown> };
}

describe('the OpenAPI document', () => {
  let document: Document;
  let operations: Array<{ name: string; operation: Operation }>;
  beforeAll(async () => {
    document = (await generateOpenApiDocument()) as unknown as Document;
    operations = Object.entries(document.paths).flatMap(([url, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${url}`, operation })),
    );
  }, 60_000);

  it('apps/server/openapi.json matches the routes (run `npm run cli -w apps/server -- openapi` then `npm run api:types`)', () => {
    expect(fs.readFileSync(FILE, 'utf8')).toBe(formatDocument(document as unknown as Record<string, unknown>));
  });

  it('gives every operation a summary, a description and at least one tag', () => {
    expect(operations.length).toBeGreaterThan(50);
    // The route's own words, not only the permission paragraph the document adds to every protected operation.
    const ownDescription = (operation: Operation) => (operation.description ?? '').replace(/\n*Requires the `[^`]+` permission[^\n]*$/, '').trim();
    const lacking = operations.filter(({ operation }) => !operation.summary?.trim() || !ownDescription(operation) || !operation.tags?.length);
    expect(lacking.map(({ name }) => name)).toEqual([]);
  });

  it('describes every tag an operation uses', () => {
    const described = new Map(document.tags.map((tag) => [tag.name, tag.description?.trim() ?? '']));
    const used = new Set(operations.flatMap(({ operation }) => operation.tags ?? []));
    expect([...used].filter((tag) => !described.get(tag))).toEqual([]);
  });

  it('lists the problem+json error responses of every operation, defined once as components', () => {
    const withoutErrors = operations.filter(({ operation }) => !Object.keys(operation.responses).some((status) => /^[45]\d\d$/.test(status)));
    expect(withoutErrors.map(({ name }) => name)).toEqual([]);
    expect(document.components.schemas).toHaveProperty('ProblemDetails');
    for (const { name, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[45]\d\d$/.test(status) || !response.$ref) continue;
        const component = response.$ref.replace('#/components/responses/', '');
        expect(document.components.responses, `${name} ${status}`).toHaveProperty(component);
      }
    }
    const approve = document.paths['/api/v1/admin/instructors/{id}/approve']!.post!;
    expect(Object.keys(approve.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '429']);
    const week = document.paths['/api/v1/me/availability']!.put!;
    expect(Object.keys(week.responses)).toEqual(expect.arrayContaining(['412', '428']));
  });

  it('states how to authenticate, and marks every non-public operation with it and its permission', () => {
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.bearerAuth!.description).toMatch(/POST \/api\/v1\/auth\/login/);
    expect(document.components.securitySchemes.oauth2ClientCredentials).toMatchObject({ type: 'oauth2' });
    for (const { name, operation } of operations) {
      if (operation['x-permission']) {
        expect(operation.security?.[0], name).toEqual({ bearerAuth: [] });
        expect(operation.description, name).toContain(`\`${operation['x-permission']}\``);
        expect(Object.keys(operation.responses), name).toEqual(expect.arrayContaining(['401', '403']));
      } else {
        expect(operation.security, name).toEqual([]);
      }
    }
    expect(document.paths['/api/v1/me']!.get!['x-permission']).toBe('account:read_own');
    expect(document.paths['/api/v1/catalog']!.get!.security).toEqual([]);
  });
});
