import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { problemFor, sendProblem } from './problem.ts';

const NOT_SPA = /^\/(api|docs|metrics)(\/|$)/;
/** Development pages (the mailbox): without development tools they are not served at all. */
const DEV_PAGES = /^\/dev(\/|$|\?)/;

/**
 * Serves the built React app at `/` (same origin as the API). Unknown paths that a browser
 * navigates to get index.html so client-side routes work on reload; unknown API paths get a
 * problem+json 404.
 */
export async function registerWebApp(app: FastifyInstance, distDir: string | undefined, options: { devTools: boolean }): Promise<void> {
  const indexFile = distDir ? path.join(distDir, 'index.html') : undefined;
  const hasBuild = indexFile !== undefined && fs.existsSync(indexFile);

  if (hasBuild && distDir) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: ['index.html'],
      // Hashed assets never change; index.html must always be revalidated.
      setHeaders(res, filePath) {
        res.header('Cache-Control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !NOT_SPA.test(request.url) && (options.devTools || !DEV_PAGES.test(request.url)) && (request.headers.accept ?? '').includes('text/html');
    if (wantsPage && hasBuild) {
      return reply.type('text/html').header('Cache-Control', 'no-cache').sendFile('index.html');
    }
    if (wantsPage) {
      return reply
        .status(503)
        .type('text/html')
        .send('<!doctype html><title>InstaInstru</title><p>The web app is not built yet: run <code>npm run build</code>. The API is at <a href="/docs">/docs</a>.</p>');
    }
    return sendProblem(reply, problemFor(request, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}`));
  });
}
