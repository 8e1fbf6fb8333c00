import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Clock } from '../../platform/clock.ts';
import { assertValidKey, FALLBACK_CONTENT_TYPE } from './storage-keys.ts';
import {
  DEFAULT_URL_TTL_SECONDS,
  type PresignedPutOptions,
  type PresignedUpload,
  type PutOptions,
  type StoragePort,
  type StoredObject,
} from './storage.port.ts';

/** S3 caps presigned URLs at 7 days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;

export interface S3Settings {
  bucket: string;
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * The official SDK's client for an S3-compatible endpoint. R2 takes region `auto`; path-style
 * addressing works with R2 and MinIO alike. Checksums only when an operation requires them:
 * the SDK's default (a CRC32 on every upload, and in presigned PUT URLs) is not understood by
 * every S3-compatible store, and a presigned PUT with a checksum of an empty body fails.
 */
export function s3ClientFor(settings: S3Settings, extra: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    region: 'auto',
    endpoint: settings.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...extra,
  });
}

function isNotFound(error: unknown): boolean {
  const candidate = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return candidate?.name === 'NoSuchKey' || candidate?.name === 'NotFound' || candidate?.$metadata?.httpStatusCode === 404;
}

/** Translation only: our port's words to S3 commands and back. */
export class S3Storage implements StoragePort {
  readonly name = 's3' as const;

  constructor(private readonly options: { client: S3Client; bucket: string; clock: Clock }) {}

  async put(key: string, body: Buffer, options: PutOptions): Promise<void> {
    assertValidKey(key);
    await this.options.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: body,
        ContentType: options.contentType,
        ContentLength: body.length,
        ...(options.cacheControl ? { CacheControl: options.cacheControl } : {}),
      }),
    );
  }

  async get(key: string): Promise<StoredObject | null> {
    assertValidKey(key);
    try {
      const result = await this.options.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      if (!result.Body) return null;
      return {
        // In Node the SDK's body is an IncomingMessage (a Readable) with helper methods mixed in.
        body: result.Body as Readable,
        contentType: result.ContentType ?? FALLBACK_CONTENT_TYPE,
        contentLength: result.ContentLength ?? 0,
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    // S3 answers 204 for an absent key too: deleting is idempotent without a check.
    await this.options.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  async signedGetUrl(key: string, ttlSeconds = DEFAULT_URL_TTL_SECONDS): Promise<string> {
    assertValidKey(key);
    const ttl = Math.min(ttlSeconds, MAX_PRESIGN_SECONDS);
    // Signing at the start of a window (half the TTL) keeps the URL identical within it: cacheable.
    const windowMs = Math.max(1, Math.floor(ttl / 2)) * 1000;
    const nowMs = this.options.clock.nowMs();
    const signingDate = new Date(nowMs - (nowMs % windowMs));
    return getSignedUrl(this.options.client, new GetObjectCommand({ Bucket: this.options.bucket, Key: key }), {
      expiresIn: ttl,
      signingDate,
    });
  }

  async presignedPutUrl(key: string, options: PresignedPutOptions): Promise<PresignedUpload> {
    assertValidKey(key);
    if (!Number.isInteger(options.contentLength) || options.contentLength <= 0 || options.contentLength > options.maxBytes) {
      throw new RangeError(`contentLength must be between 1 and ${options.maxBytes} bytes`);
    }
    const ttl = Math.min(options.ttlSeconds, MAX_PRESIGN_SECONDS);
    const signingDate = this.options.clock.now();
    const url = await getSignedUrl(
      this.options.client,
      new PutObjectCommand({ Bucket: this.options.bucket, Key: key, ContentType: options.contentType, ContentLength: options.contentLength }),
      { expiresIn: ttl, signingDate, signableHeaders: new Set(['content-type', 'content-length']) },
    );
    return {
      url,
      method: 'PUT',
      headers: { 'content-type': options.contentType, 'content-length': String(options.contentLength) },
      expiresAt: new Date(signingDate.getTime() + ttl * 1000),
    };
  }
}
