import { z } from 'zod';
import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { notFound } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { photoUrls } from '../instructors/instructor-views.ts';
import { requireOwner } from './discovery-access.ts';
import type { DiscoveryRepository, InstructorCardRow } from './discovery.repository.ts';

/** The instructor as a card (the same fields search results carry). */
export interface InstructorCard {
  id: string;
  name: string;
  headline: string;
  photoUrl: string | null;
  founding: boolean;
}

/** How many profiles "recently viewed" shows. */
export const RECENTLY_VIEWED_LIMIT = 12;

const timeAndId = z.tuple([z.string().datetime(), z.string().max(26)]);

/**
 * A signed-in student's memory of the marketplace (PRODUCT.md §4): favorites, recently viewed
 * profiles and search history. Only public instructors can be favorited or recorded, and only
 * public ones are listed back (one who stops being public drops out of the lists).
 */
export class DiscoveryService {
  constructor(private readonly deps: { repository: DiscoveryRepository; storage: StoragePort; clock: Clock }) {}

  async addFavorite(principal: Principal | null, instructorId: string): Promise<void> {
    const userId = requireOwner(principal, 'favorites:manage_own');
    await this.requirePublicInstructor(instructorId);
    await this.deps.repository.addFavorite(userId, instructorId, this.deps.clock.now());
  }

  async removeFavorite(principal: Principal | null, instructorId: string): Promise<void> {
    const userId = requireOwner(principal, 'favorites:manage_own');
    await this.deps.repository.removeFavorite(userId, instructorId);
  }

  async listFavorites(principal: Principal | null, query: { limit: number; cursor?: string }) {
    const userId = requireOwner(principal, 'favorites:manage_own');
    const after = query.cursor ? decodeCursor(query.cursor, timeAndId) : undefined;
    const rows = await this.deps.repository.listFavorites(userId, {
      after: after ? { createdAt: new Date(String(after[0])), instructorId: String(after[1]) } : undefined,
      limit: query.limit + 1,
    });
    const page = toPage(rows, query.limit, (row) => [row.createdAt.toISOString(), row.instructorId]);
    const items = await Promise.all(page.items.map(async (row) => ({ instructor: await this.card(row), favoritedAt: row.createdAt.toISOString() })));
    return { items, nextCursor: page.nextCursor };
  }

  async recordView(principal: Principal | null, instructorId: string): Promise<void> {
    const userId = requireOwner(principal, 'search:history_own');
    await this.requirePublicInstructor(instructorId);
    await this.deps.repository.recordView(userId, instructorId, this.deps.clock.now());
  }

  async recentlyViewed(principal: Principal | null) {
    const userId = requireOwner(principal, 'search:history_own');
    const rows = await this.deps.repository.listRecentViews(userId, RECENTLY_VIEWED_LIMIT);
    const items = await Promise.all(rows.map(async (row) => ({ instructor: await this.card(row), viewedAt: row.viewedAt.toISOString() })));
    return { items };
  }

  async searchHistory(principal: Principal | null, query: { limit: number; cursor?: string }) {
    const userId = requireOwner(principal, 'search:history_own');
    const after = query.cursor ? decodeCursor(query.cursor, timeAndId) : undefined;
    const rows = await this.deps.repository.listHistory(userId, {
      after: after ? { createdAt: new Date(String(after[0])), id: String(after[1]) } : undefined,
      limit: query.limit + 1,
    });
    const page = toPage(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
    return { items: page.items.map((row) => ({ id: row.id, query: row.query, searchedAt: row.createdAt.toISOString() })), nextCursor: page.nextCursor };
  }

  /** Someone else's search (or none) is "not found": the answer never tells which. */
  async deleteHistoryLine(principal: Principal | null, id: string): Promise<void> {
    const userId = requireOwner(principal, 'search:history_own');
    const deleted = await this.deps.repository.deleteHistoryLine(userId, id);
    if (deleted === 0) throw notFound('Search');
  }

  async clearHistory(principal: Principal | null): Promise<void> {
    const userId = requireOwner(principal, 'search:history_own');
    await this.deps.repository.deleteAllHistory(userId);
  }

  private async requirePublicInstructor(instructorId: string): Promise<void> {
    if (!(await this.deps.repository.isPublicInstructor(instructorId))) throw notFound('Instructor');
  }

  private async card(row: InstructorCardRow): Promise<InstructorCard> {
    const photo = await photoUrls(this.deps.storage, row.photoKey);
    return { id: row.instructorId, name: row.displayName, headline: row.headline, photoUrl: photo?.small ?? null, founding: row.isFounding };
  }
}
