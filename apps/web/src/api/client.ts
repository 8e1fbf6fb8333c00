import createClient from 'openapi-fetch';
import { bearerMiddleware } from './bearer';
import type { paths } from './schema';

/**
 * Typed client for the InstaInstru API. The server serves this app on the same origin,
 * so every path (`/api/v1/...`) is relative to the page (and the refresh cookie goes along).
 * `paths` is generated from the server's OpenAPI document: `npm run api:types -w apps/web`.
 * Calls carry the signed-in user's access token (see bearer.ts and src/auth/session.ts).
 */
export const api = createClient<paths>({ baseUrl: '/' });
api.use(bearerMiddleware);
