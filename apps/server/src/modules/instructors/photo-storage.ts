import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import { photoObjectKey } from './instructor-views.ts';
import { processProfilePhoto } from './photo-processing.ts';

/** Each photo gets new keys, so its objects never change and may be cached for a year. */
export const PHOTO_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * Validates and resizes a profile photo (photo-processing.ts) and stores every size under
 * `prefix`. Used by uploads and by the demo data, so demo photos are stored exactly like real ones.
 */
export async function storeProfilePhoto(storage: StoragePort, prefix: string, bytes: Buffer): Promise<void> {
  const photo = await processProfilePhoto(bytes);
  await Promise.all(
    photo.variants.map((variant) =>
      storage.put(photoObjectKey(prefix, variant.name), variant.body, { contentType: variant.contentType, cacheControl: PHOTO_CACHE_CONTROL }),
    ),
  );
}
