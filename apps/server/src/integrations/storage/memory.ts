import { Readable } from 'node:stream';
import { assertValidKey } from './storage-keys.ts';
import { DEFAULT_URL_TTL_SECONDS, type PutOptions, type StoragePort, type StoredObject } from './storage.port.ts';
import { mediaUrl, type UrlSigner } from './url-signer.ts';

/**
 * Objects in a Map: the adapter for tests (NODE_ENV=test), so journeys never write into the
 * developer's DATA_DIR. Same contract and same signed media links as the local disk adapter.
 */
export class MemoryStorage implements StoragePort {
  readonly name = 'memory' as const;
  private readonly objects = new Map<string, { body: Buffer; contentType: string }>();

  constructor(private readonly options: { signer: UrlSigner; baseUrl: string }) {}

  async put(key: string, body: Buffer, options: PutOptions): Promise<void> {
    assertValidKey(key);
    this.objects.set(key, { body: Buffer.from(body), contentType: options.contentType });
  }

  async get(key: string): Promise<StoredObject | null> {
    assertValidKey(key);
    const object = this.objects.get(key);
    if (!object) return null;
    return { body: Readable.from([object.body]), contentType: object.contentType, contentLength: object.body.length };
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    this.objects.delete(key);
  }

  async signedGetUrl(key: string, ttlSeconds = DEFAULT_URL_TTL_SECONDS): Promise<string> {
    assertValidKey(key);
    return mediaUrl(this.options.baseUrl, key, this.options.signer.sign(key, ttlSeconds));
  }

  async presignedPutUrl(): Promise<null> {
    return null;
  }

  /** Keys currently stored, sorted (tests). */
  keys(): string[] {
    return [...this.objects.keys()].sort();
  }
}
