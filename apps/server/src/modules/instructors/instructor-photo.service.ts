import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { requireProfileOwner } from './instructor-access.ts';
import type { InstructorsRepository } from './instructors.repository.ts';
import { photoObjectKeys } from './instructor-views.ts';
import type { OwnProfileReader, OwnProfileView } from './own-profile-view.ts';
import { storeProfilePhoto } from './photo-storage.ts';

/**
 * The profile photo (PRODUCT.md §2): validated and resized (photo-processing.ts), stored under
 * a fresh prefix, then swapped in. Storage calls happen outside the database transaction; if
 * the swap fails the new objects are removed, and after it succeeds the old ones are.
 */
export class InstructorPhotoService {
  constructor(
    private readonly deps: {
      db: Db;
      ids: IdGenerator;
      repository: InstructorsRepository;
      storage: StoragePort;
      reader: OwnProfileReader;
      /** Told about objects that could not be removed (they are orphans, harmless but billable). */
      onCleanupError?: (error: unknown, keys: string[]) => void;
    },
  ) {}

  async upload(principal: Principal | null | undefined, bytes: Buffer): Promise<OwnProfileView> {
    const userId = requireProfileOwner(principal);
    const { db, ids, repository, storage, reader } = this.deps;
    const account = await repository.findAccountName(userId);
    if (!account) throw notFound('Account');

    const prefix = `instructors/${userId}/photos/${ids()}`;
    await storeProfilePhoto(storage, prefix, bytes);

    let previous: string | null = null;
    try {
      await db.transaction().execute(async (tx) => {
        await repository.ensureProfile(userId, account.name, tx);
        previous = (await repository.lockProfile(userId, tx))?.photoKey ?? null;
        await repository.setPhotoKey(userId, prefix, tx);
      });
    } catch (error) {
      await this.remove(photoObjectKeys(prefix));
      throw error;
    }
    if (previous) await this.remove(photoObjectKeys(previous));
    return reader.view(userId);
  }

  private async remove(keys: string[]): Promise<void> {
    const results = await Promise.allSettled(keys.map((key) => this.deps.storage.delete(key)));
    const failed = results.flatMap((result, index) => (result.status === 'rejected' ? [{ key: keys[index]!, reason: result.reason as unknown }] : []));
    if (failed.length > 0) this.deps.onCleanupError?.(failed[0]!.reason, failed.map((entry) => entry.key));
  }
}
