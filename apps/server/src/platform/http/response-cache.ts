import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import type { PubSub, Unsubscribe } from '../pubsub/pubsub.port.ts';
import { etagMatches, varyOn } from './etag.ts';
import { BoundedMap } from '../bounded-map.ts';

/**
 * Public reads that do not depend on the caller (the catalog, the neighborhoods map, public
 * instructor profiles and the directory), kept serialized and compressed: a hit costs no
 * database round trip, no response validation, no JSON.stringify and no compression. Each
 * entry carries tags; a change invalidates its tags here at once and, through the PubSub
 * port, in every other process (Redis when configured). PubSub delivery is best-effort, so
 * every entry also expires after its TTL: a lost message costs at most that much staleness.
 */
export const RESPONSE_CACHE_CHANNEL = 'response-cache:invalidate';

/** What cached reads depend on; a change to one invalidates every entry tagged with it. */
export const CACHE_TAGS = {
  catalog: 'catalog',
  neighborhoods: 'neighborhoods',
  /** Public profiles and the directory list: any instructor's profile, services, photo, areas or approval. */
  instructors: 'instructors',
  /** Anyone's free time (availability, days off; bookings when they exist): what search results show. */
  availability: 'availability',
} as const;

/** Below this, compressing costs more than it saves (the same threshold @fastify/compress uses in app.ts). */
const COMPRESS_THRESHOLD_BYTES = 1024;
const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

export interface CachedBody {
  etag: string;
  contentType: string;
  identity: Buffer;
  gzip: Buffer | null;
  br: Buffer | null;
  /** What the loader wanted kept beside the body (e.g. what a search found, for its event on every hit). */
  meta?: unknown;
}

interface Entry extends CachedBody {
  tags: readonly string[];
  expiresAtMs: number;
}

export interface CacheSpec {
  /** Everything the body depends on (route and query): entries are shared by every caller. */
  key: string;
  tags: readonly string[];
  ttlMs: number;
  /** Sent to browsers and shared caches; the body must not depend on the caller. */
  cacheControl: string;
  contentType?: string;
  /**
   * `max` (default): the smallest bodies, for entries read many times per version (the catalog).
   * `fast`: for entries that live a minute (search pages), where brotli's best quality would
   * cost more CPU than the bytes it saves.
   */
  compression?: 'max' | 'fast';
}

/**
 * Route options for a route answered by `reply()`: its bodies are compressed already, so
 * @fastify/compress's per-request hooks (4% of a cached read) are left off it.
 */
export const PRECOMPRESSED = { compress: false, decompress: false } as const;

/** The serialized body, and its ETag when the data has its own version (else a hash of the body). */
export type Loader = () => Promise<{ body: string; etag?: string; meta?: unknown }>;

export class ResponseCache {
  private readonly entries: BoundedMap<string, Entry>;
  private readonly loading = new Map<string, { tags: readonly string[]; promise: Promise<CachedBody> }>();
  /** Bumped by every invalidation of a tag: a load that saw an older generation is not kept. */
  private readonly generations = new Map<string, number>();
  private unsubscribe: Unsubscribe | null = null;
  private readonly listeners = new Set<(tags: readonly string[]) => void>();

  constructor(
    private readonly deps: {
      clock: Clock;
      pubsub: PubSub;
      /** Oldest entries go first beyond this (public profiles are one entry each). */
      maxEntries?: number;
      onError?: (error: unknown) => void;
    },
  ) {
    this.entries = new BoundedMap(deps.maxEntries ?? 10_000);
  }

  /** Listens for other processes' invalidations. */
  async start(): Promise<void> {
    this.unsubscribe = await this.deps.pubsub.subscribe(RESPONSE_CACHE_CHANNEL, (message) => {
      const tags = (message as { tags?: unknown }).tags;
      if (Array.isArray(tags)) this.invalidateLocally(tags.filter((tag): tag is string => typeof tag === 'string'));
    });
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = null;
    this.entries.clear();
  }

  /** Forgets every entry with one of these tags, here at once and in every other process. */
  async invalidate(tags: readonly string[]): Promise<void> {
    this.invalidateLocally(tags);
    try {
      await publishInvalidation(this.deps.pubsub, tags);
    } catch (error) {
      // Other processes catch up when their entries expire.
      this.deps.onError?.(error);
    }
  }

  /**
   * Also tells `listener` of every invalidation, this process's or another's (through PubSub):
   * for what else is kept in memory on the same dependencies. Returns its removal.
   */
  onInvalidate(listener: (tags: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private invalidateLocally(tags: readonly string[]): void {
    for (const listener of this.listeners) listener(tags);
    for (const tag of tags) this.generations.set(tag, (this.generations.get(tag) ?? 0) + 1);
    const hit = (entryTags: readonly string[]) => entryTags.some((tag) => tags.includes(tag));
    for (const [key, entry] of this.entries) if (hit(entry.tags)) this.entries.delete(key);
    for (const [key, load] of this.loading) if (hit(load.tags)) this.loading.delete(key);
  }

  /** The cached body, loading it once however many requests ask at the same time. */
  async get(spec: Pick<CacheSpec, 'key' | 'tags' | 'ttlMs' | 'contentType' | 'compression'>, load: Loader): Promise<CachedBody> {
    const entry = this.entries.get(spec.key);
    if (entry && entry.expiresAtMs > this.deps.clock.nowMs()) return entry;
    const pending = this.loading.get(spec.key);
    if (pending) return pending.promise;

    const seen = spec.tags.map((tag) => this.generations.get(tag) ?? 0);
    const promise = this.build(spec, load, entry).then(
      (body) => {
        if (this.loading.get(spec.key)?.promise === promise) this.loading.delete(spec.key);
        const unchanged = spec.tags.every((tag, index) => (this.generations.get(tag) ?? 0) === seen[index]);
        if (unchanged) this.remember(spec.key, { ...body, tags: spec.tags, expiresAtMs: this.deps.clock.nowMs() + spec.ttlMs });
        return body;
      },
      (error: unknown) => {
        if (this.loading.get(spec.key)?.promise === promise) this.loading.delete(spec.key);
        throw error;
      },
    );
    this.loading.set(spec.key, { tags: spec.tags, promise });
    return promise;
  }

  private async build(spec: Pick<CacheSpec, 'contentType' | 'compression'>, load: Loader, previous: Entry | undefined): Promise<CachedBody> {
    const { body, etag: versionTag, meta } = await load();
    const identity = Buffer.from(body);
    const etag = versionTag ?? `W/"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
    const contentType = spec.contentType ?? 'application/json; charset=utf-8';
    // An expired entry whose data did not change keeps its compressed bodies.
    if (previous && previous.etag === etag && previous.identity.equals(identity)) return { etag, contentType, identity, gzip: previous.gzip, br: previous.br, meta };
    if (identity.length < COMPRESS_THRESHOLD_BYTES) return { etag, contentType, identity, gzip: null, br: null, meta };
    if (spec.compression === 'fast') {
      const [gzipped, brotlied] = await Promise.all([
        gzip(identity, { level: 6 }),
        brotli(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
      ]);
      return { etag, contentType, identity, gzip: gzipped, br: brotlied, meta };
    }
    const [gzipped, brotlied] = await Promise.all([
      gzip(identity, { level: 9 }),
      // Brotli's best quality: slow to compress (in the thread pool, once per version), smallest to send on every read.
      brotli(identity, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length },
      }),
    ]);
    return { etag, contentType, identity, gzip: gzipped, br: brotlied, meta };
  }

  private remember(key: string, entry: Entry): void {
    this.entries.set(key, entry);
  }

  /**
   * Answers from the cache: 304 when If-None-Match names the current body, else the body in
   * the best encoding the caller accepts (brotli, gzip, or none).
   */
  async reply(request: FastifyRequest, reply: FastifyReply, spec: CacheSpec, load: Loader): Promise<FastifyReply> {
    return this.send(request, reply, spec, await this.get(spec, load));
  }

  /** Sends a body from `get` (for routes that do more between reading and answering). */
  send(request: FastifyRequest, reply: FastifyReply, spec: Pick<CacheSpec, 'cacheControl'>, body: CachedBody): FastifyReply {
    reply.header('ETag', body.etag).header('Cache-Control', spec.cacheControl).header('Vary', varyOn(reply.getHeader('Vary'), 'Accept-Encoding'));
    if (etagMatches(request.headers['if-none-match'], body.etag)) return reply.code(304).send();
    reply.type(body.contentType);
    const encoding = chooseEncoding(request.headers['accept-encoding'], body);
    if (encoding === 'identity') return reply.send(body.identity);
    return reply.header('Content-Encoding', encoding).send(body[encoding]!);
  }
}

/** Tells every process (this one included) that entries with these tags are stale. */
export function publishInvalidation(pubsub: PubSub, tags: readonly string[]): Promise<void> {
  return pubsub.publish(RESPONSE_CACHE_CHANNEL, { tags });
}

interface AcceptedEncodings {
  br: boolean;
  gzip: boolean;
}

/** Parsed Accept-Encoding values: browsers send a handful of distinct ones, so each is parsed once. */
const acceptedByHeader = new Map<string, AcceptedEncodings>();
const MAX_REMEMBERED_HEADERS = 256;

function acceptedEncodings(header: string): AcceptedEncodings {
  let known = acceptedByHeader.get(header);
  if (known) return known;
  const accepted = new Set<string>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name.trim());
  }
  known = { br: accepted.has('br') || accepted.has('*'), gzip: accepted.has('gzip') || accepted.has('*') };
  if (acceptedByHeader.size >= MAX_REMEMBERED_HEADERS) acceptedByHeader.clear();
  acceptedByHeader.set(header, known);
  return known;
}

/** Brotli, then gzip, when the caller accepts it (q=0 refuses) and the body was compressed. */
export function chooseEncoding(acceptEncoding: string | string[] | undefined, body: Pick<CachedBody, 'gzip' | 'br'>): 'br' | 'gzip' | 'identity' {
  const accepted = acceptedEncodings(Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? ''));
  if (body.br && accepted.br) return 'br';
  if (body.gzip && accepted.gzip) return 'gzip';
  return 'identity';
}

/**
 * Forgets `tags` after every successful change made through the routes of the plugin this is
 * called in (the change is committed by then; it runs before the response leaves, so the
 * caller's next read sees it).
 */
export function invalidateAfterWrites(app: FastifyInstance, cache: ResponseCache, tags: readonly string[]): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || reply.statusCode >= 400) return done(null, payload);
    cache.invalidate(tags).then(() => done(null, payload), done);
  });
}

/**
 * API responses that did not choose a Cache-Control get `no-store`: most depend on who asks
 * (or carry tokens), and no browser or shared cache may keep them. Public reads set their own.
 */
export function registerDefaultCacheControl(app: FastifyInstance, prefix: string): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith(prefix) && !reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });
}
