import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, notFound } from '../../platform/errors.ts';
import { isValidKey } from './storage-keys.ts';
import type { StoragePort } from './storage.port.ts';
import type { UrlSigner } from './url-signer.ts';

/** Browsers keep a served object at most a day, and never past its link's expiry. */
const MAX_CACHE_SECONDS = 24 * 60 * 60;

/**
 * GET /api/v1/media/{key}: the objects of the local storage adapters, behind the HMAC-signed,
 * expiring links they hand out (S3 hands out its own presigned URLs instead). The link is the
 * credential, so the route is public. Keys are checked against the storage key grammar before
 * anything touches the disk: no `..`, no absolute paths, no encoded tricks.
 */
export function mediaRoutes(deps: { storage: StoragePort; signer: UrlSigner }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/media/*',
      {
        config: { access: 'public' },
        schema: {
          tags: ['media'],
          summary: 'A stored file (photo), through the signed link the API gave out',
          description:
            'The URLs in API responses (e.g. instructor photos) point here when files are stored locally. ' +
            'They expire (403 after `expires`); keys never change content, so a response may be cached until then.',
          params: z.object({ '*': z.string().max(600) }),
          querystring: z.object({
            expires: z.coerce.number().int().positive(),
            signature: z.string().regex(/^[0-9a-f]{64}$/, 'must be the signature of the link'),
          }),
        },
      },
      async (request, reply) => {
        const key = request.params['*'];
        if (!isValidKey(key)) throw notFound('File');
        const { expires, signature } = request.query;
        const check = deps.signer.verify(key, expires, signature);
        if (check === 'invalid') throw new DomainError('forbidden', 'This link is not valid.');
        if (check === 'expired') throw new DomainError('forbidden', 'This link has expired; reload the page for a fresh one.');
        const object = await deps.storage.get(key);
        if (!object) throw notFound('File');
        const maxAge = Math.min(MAX_CACHE_SECONDS, deps.signer.secondsLeft(expires));
        return reply
          .header('Content-Type', object.contentType)
          .header('Content-Length', String(object.contentLength))
          .header('Cache-Control', `public, max-age=${maxAge}, immutable`)
          .header('Content-Disposition', 'inline')
          // The signed link is the permission: other sites (a webmail showing an email) may embed it.
          .header('Cross-Origin-Resource-Policy', 'cross-origin')
          .send(object.body);
      },
    );
  };
}
