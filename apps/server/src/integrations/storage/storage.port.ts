import type { Readable } from 'node:stream';

/**
 * Files the product keeps (PRODUCT.md §2: instructor photos; later message attachments and
 * exports). Adapters: local disk under DATA_DIR/uploads (the default), an in-memory store for
 * tests, and S3-compatible storage (Cloudflare R2). Objects are private: browsers reach them
 * through signed, expiring URLs, issued by the adapter (an S3 presigned GET, or an HMAC-signed
 * link to GET /api/v1/media/{key} for the local adapters).
 */
export interface StoredObject {
  body: Readable;
  contentType: string;
  contentLength: number;
}

export interface PutOptions {
  contentType: string;
  /** Sent back with the object; immutable keys (a new photo gets a new key) can be cached for a year. */
  cacheControl?: string;
}

/** A URL the browser uploads to directly, with the headers it must send exactly. */
export interface PresignedUpload {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: Date;
}

export interface PresignedPutOptions {
  contentType: string;
  /** The exact size the client declared; it is signed, so the upload must be exactly this long. */
  contentLength: number;
  /** Refuses to sign anything larger (R2 has no POST policies, so a size range cannot be signed). */
  maxBytes: number;
  ttlSeconds: number;
}

export type StorageAdapterName = 'local-disk' | 'memory' | 's3';

export interface StoragePort {
  readonly name: StorageAdapterName;
  /** Writes the whole object (replacing any object with the same key). */
  put(key: string, body: Buffer, options: PutOptions): Promise<void>;
  /** The object as a stream, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing an absent object is not an error. */
  delete(key: string): Promise<void>;
  /**
   * A URL that serves the object for at least `ttlSeconds / 2` and at most `ttlSeconds`. The
   * signature is computed for a time window rather than the current second, so the same object
   * gets the same URL for a while and browsers and CDNs can cache it.
   */
  signedGetUrl(key: string, ttlSeconds?: number): Promise<string>;
  /**
   * A URL for uploading straight to storage, or null when the adapter does not take direct
   * uploads: the local adapters don't, and local uploads go through the API's multipart routes
   * (which validate and resize anyway).
   */
  presignedPutUrl(key: string, options: PresignedPutOptions): Promise<PresignedUpload | null>;
}

/** One day: photo URLs in API responses stay valid (and identical) for at least 12 hours. */
export const DEFAULT_URL_TTL_SECONDS = 24 * 60 * 60;
