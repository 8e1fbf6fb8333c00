import { CACHE_TAGS, publishInvalidation, type ResponseCache } from '../../platform/http/response-cache.ts';
import type { PubSub } from '../../platform/pubsub/pubsub.port.ts';

/**
 * What every booking write that changes someone's free time calls after it commits: cached
 * search pages (tag `availability`) are forgotten. In the API through its response cache (which
 * fans out to the other processes); in a worker, which has no cache, by publishing the
 * invalidation (PubSub) when coordination is configured. A failed publish never fails the
 * write: a page lives at most a minute anyway.
 */
export function freeTimeChangedNotifier(target: { responses?: ResponseCache | undefined; pubsub?: PubSub | undefined }): () => Promise<void> {
  const { responses, pubsub } = target;
  return async () => {
    if (responses) await responses.invalidate([CACHE_TAGS.availability]);
    else if (pubsub) await publishInvalidation(pubsub, [CACHE_TAGS.availability]).catch(() => undefined);
  };
}
