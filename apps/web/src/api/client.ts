import createClient from 'openapi-fetch';
import type { paths } from './schema';

/**
 * Typed client for the InstaInstru API. The server serves this app on the same origin,
 * so every path (`/api/v1/...`) is relative to the page. `paths` is generated from the
 * server's OpenAPI document: `npm run api:types -w apps/web`.
 */
export const api = createClient<paths>({ baseUrl: '/' });
