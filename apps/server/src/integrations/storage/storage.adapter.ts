import path from 'node:path';
import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import { LocalDiskStorage } from './local-disk.ts';
import { MemoryStorage } from './memory.ts';
import { S3Storage, s3ClientFor } from './s3.ts';
import type { StoragePort } from './storage.port.ts';
import { UrlSigner } from './url-signer.ts';

type StorageConfig = Pick<
  Config,
  'S3_BUCKET' | 'S3_ENDPOINT' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'NODE_ENV' | 'dataDir' | 'PUBLIC_URL' | 'ENCRYPTION_KEY'
>;

/**
 * The one place that picks the storage adapter (integrations/modes.ts reports the same choice):
 * S3-compatible storage when all four S3 settings are present, else local disk under
 * DATA_DIR/uploads, except in tests, which keep objects in memory so they never write into the
 * developer's data directory.
 */
export function createStorage(config: StorageConfig, deps: { clock: Clock }): StoragePort {
  const { S3_BUCKET, S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY } = config;
  if (S3_BUCKET && S3_ENDPOINT && S3_ACCESS_KEY_ID && S3_SECRET_ACCESS_KEY) {
    const client = s3ClientFor({ bucket: S3_BUCKET, endpoint: S3_ENDPOINT, accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET_ACCESS_KEY });
    return new S3Storage({ client, bucket: S3_BUCKET, clock: deps.clock });
  }
  const signer = createMediaUrlSigner(config, deps);
  if (config.NODE_ENV === 'test') return new MemoryStorage({ signer, baseUrl: config.PUBLIC_URL });
  return new LocalDiskStorage({ root: path.join(config.dataDir, 'uploads'), signer, baseUrl: config.PUBLIC_URL });
}

/** The signer GET /api/v1/media checks links with: the same key the local adapters sign with. */
export function createMediaUrlSigner(config: Pick<Config, 'ENCRYPTION_KEY'>, deps: { clock: Clock }): UrlSigner {
  return UrlSigner.fromSecret(config.ENCRYPTION_KEY!, deps.clock);
}
