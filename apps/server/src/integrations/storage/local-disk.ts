import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { assertValidKey, baseContentType, contentTypeForKey } from './storage-keys.ts';
import { DEFAULT_URL_TTL_SECONDS, type PutOptions, type StoragePort, type StoredObject } from './storage.port.ts';
import { mediaUrl, type UrlSigner } from './url-signer.ts';

/**
 * Files under DATA_DIR/uploads: the default when no S3 bucket is configured (PRODUCT.md §11).
 * The file system keeps no content type, so it follows from the key's extension and a put
 * with a different one is refused. Writes go to a temporary file renamed into place, so a
 * reader never sees half an object. Objects are served by GET /api/v1/media/{key} behind an
 * HMAC-signed link; direct uploads are not offered (presignedPutUrl is null).
 */
export class LocalDiskStorage implements StoragePort {
  readonly name = 'local-disk' as const;
  private readonly root: string;

  constructor(private readonly options: { root: string; signer: UrlSigner; baseUrl: string }) {
    this.root = path.resolve(options.root);
  }

  /** The file of a key, refusing (again, after key validation) anything that resolves outside the root. */
  private fileOf(key: string): string {
    assertValidKey(key);
    const file = path.resolve(this.root, ...key.split('/'));
    if (!file.startsWith(this.root + path.sep)) throw new RangeError(`Storage key escapes the uploads directory: ${key}`);
    return file;
  }

  async put(key: string, body: Buffer, options: PutOptions): Promise<void> {
    const file = this.fileOf(key);
    const expected = baseContentType(contentTypeForKey(key));
    if (baseContentType(options.contentType) !== expected) {
      throw new RangeError(`Key ${key} implies ${expected}, not ${options.contentType}: local storage derives the type from the extension`);
    }
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await fsp.writeFile(temporary, body, { flag: 'wx' });
      await fsp.rename(temporary, file);
    } catch (error) {
      await fsp.rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.fileOf(key);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, fs.constants.O_RDONLY);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') return null;
      throw error;
    }
    const stat = await handle.stat();
    if (!stat.isFile()) {
      await handle.close();
      return null;
    }
    // The stream owns the handle from here on: it closes it when done or destroyed.
    return { body: handle.createReadStream(), contentType: contentTypeForKey(key), contentLength: stat.size };
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.fileOf(key), { force: true });
  }

  async signedGetUrl(key: string, ttlSeconds = DEFAULT_URL_TTL_SECONDS): Promise<string> {
    assertValidKey(key);
    return mediaUrl(this.options.baseUrl, key, this.options.signer.sign(key, ttlSeconds));
  }

  async presignedPutUrl(): Promise<null> {
    return null;
  }
}
