import type { Executor } from '../../platform/db/database.ts';
import type { CalendarFeedsTable } from './calendar.tables.ts';
import { FEED_STATUSES, type FeedLesson } from './calendar-events.policy.ts';

/** One Kysely query per method; every method takes the database or the caller's transaction. */
export class CalendarRepository {
  findFeed(executor: Executor, userId: string) {
    return executor.selectFrom('calendarFeeds').selectAll().where('userId', '=', userId).executeTakeFirst();
  }

  /** The owner of the feed whose token has this hash, if any. */
  async ownerOf(executor: Executor, tokenHash: string): Promise<string | null> {
    const row = await executor.selectFrom('calendarFeeds').select('userId').where('tokenHash', '=', tokenHash).executeTakeFirst();
    return row?.userId ?? null;
  }

  /** The user's first feed; nothing when one exists already (two first reads at once: the first wins). */
  async insertIfAbsent(executor: Executor, feed: CalendarFeedsTable): Promise<void> {
    await executor.insertInto('calendarFeeds').values(feed).onConflict((conflict) => conflict.column('userId').doNothing()).execute();
  }

  /** A new token for the user's feed (made when absent): the old hash is gone, so the old URL stops working. */
  async replaceToken(executor: Executor, feed: CalendarFeedsTable): Promise<void> {
    await executor
      .insertInto('calendarFeeds')
      .values(feed)
      .onConflict((conflict) =>
        conflict.column('userId').doUpdateSet({ tokenHash: feed.tokenHash, tokenEncrypted: feed.tokenEncrypted, rotatedAt: feed.rotatedAt }),
      )
      .execute();
  }

  /** The user's lessons as student or instructor that end at or after `since`, by start. */
  lessonsOf(executor: Executor, userId: string, since: Date): Promise<FeedLesson[]> {
    return executor
      .selectFrom('bookings')
      .innerJoin('services', 'services.id', 'bookings.serviceId')
      .innerJoin('instructorProfiles', 'instructorProfiles.userId', 'bookings.instructorId')
      .innerJoin('users as student', 'student.id', 'bookings.studentId')
      .select([
        'bookings.id',
        'bookings.studentId',
        'bookings.instructorId',
        'bookings.status',
        'bookings.startsAt',
        'bookings.endsAt',
        'bookings.updatedAt',
        'bookings.rescheduleCount',
        'bookings.locationType',
        'bookings.address',
        'instructorProfiles.studioAddress',
        'services.name as serviceName',
        'student.name as studentName',
        'instructorProfiles.displayName as instructorName',
      ])
      .where((eb) => eb.or([eb('bookings.studentId', '=', userId), eb('bookings.instructorId', '=', userId)]))
      .where('bookings.status', 'in', [...FEED_STATUSES])
      .where('bookings.endsAt', '>=', since)
      .orderBy('bookings.startsAt')
      .orderBy('bookings.id')
      .execute();
  }
}
