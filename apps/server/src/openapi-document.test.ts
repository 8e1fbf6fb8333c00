import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { formatDocument, generateOpenApiDocument } from './openapi-document.ts';

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../openapi.json');

it('apps/server/openapi.json matches the routes (run `npm run cli -w apps/server -- openapi` then `npm run api:types`)', async () => {
  const document = formatDocument(await generateOpenApiDocument());
  expect(fs.readFileSync(FILE, 'utf8')).toBe(document);
}, 60_000);
