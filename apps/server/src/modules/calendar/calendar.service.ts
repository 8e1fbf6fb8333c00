import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { decryptSecret, encryptSecret, randomToken, sha256 } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { requireOwner } from '../discovery/discovery-access.ts';
import { FEED_LOOKBACK_DAYS, lessonEvent } from './calendar-events.policy.ts';
import type { CalendarRepository } from './calendar.repository.ts';
import { serializeCalendar } from './ics.ts';

const DAY_MS = 24 * 60 * 60_000;
/** randomToken(32): 256 bits, 43 base64url characters. Anything else cannot be a feed token. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface CalendarServiceDeps {
  db: Db;
  clock: Clock;
  repository: CalendarRepository;
  /** ENCRYPTION_KEY (base64, 32 bytes): seals the token kept to show its owner the address again. */
  encryptionKey: string;
  /** PUBLIC_URL: the lessons' pages in the events are absolute. */
  publicUrl: string;
  /** Where the feed route answers, absolute: `${PUBLIC_URL}/api/v1/calendar`. */
  feedUrlBase: string;
}

export interface CalendarFeedView {
  /** https address to subscribe to (the token in it is the only secret: keep it private). */
  url: string;
  /** The same feed as webcal://, which opens the calendar app's "subscribe" on most systems. */
  webcalUrl: string;
  rotatedAt: string;
}

/**
 * Private calendar feeds (issue 11 item 12). A feed is reached with its token alone (calendar
 * apps send no credentials), so the token is 256 random bits, looked up by its hash; an unknown
 * or malformed one is a plain 404. The owner reads the address (made on first read) and
 * rotates it, which ends the old one at once.
 */
export class CalendarService {
  private readonly base: string;

  constructor(private readonly deps: CalendarServiceDeps) {
    this.base = deps.publicUrl.replace(/\/+$/, '');
  }

  async myFeed(principal: Principal | null): Promise<CalendarFeedView> {
    const userId = requireOwner(principal, 'calendar:manage_own');
    const { db, repository } = this.deps;
    let feed = await repository.findFeed(db, userId);
    if (!feed) {
      await repository.insertIfAbsent(db, this.newFeed(userId));
      feed = await repository.findFeed(db, userId);
    }
    return this.view(decryptSecret(feed!.tokenEncrypted, this.deps.encryptionKey), feed!.rotatedAt);
  }

  async rotate(principal: Principal | null): Promise<CalendarFeedView> {
    const userId = requireOwner(principal, 'calendar:manage_own');
    const token = randomToken(32);
    const feed = this.newFeed(userId, token);
    await this.deps.repository.replaceToken(this.deps.db, feed);
    return this.view(token, feed.rotatedAt);
  }

  /** The feed's iCalendar text for a token; 404 for any token that is not a current one. */
  async feed(token: string): Promise<string> {
    if (!TOKEN_SHAPE.test(token)) throw notFound('Calendar');
    const { db, clock, repository } = this.deps;
    const userId = await repository.ownerOf(db, sha256(token));
    if (!userId) throw notFound('Calendar');
    const since = new Date(clock.nowMs() - FEED_LOOKBACK_DAYS * DAY_MS);
    const lessons = await repository.lessonsOf(db, userId, since);
    const lessonUrl = (id: string) => `${this.base}/lessons/${encodeURIComponent(id)}`;
    return serializeCalendar({
      prodId: '-//InstaInstru//Lessons//EN',
      name: 'InstaInstru lessons',
      events: lessons.map((lesson) => lessonEvent(lesson, userId, { lessonUrl })),
    });
  }

  private newFeed(userId: string, token = randomToken(32)) {
    const now = this.deps.clock.now();
    return { userId, tokenHash: sha256(token), tokenEncrypted: encryptSecret(token, this.deps.encryptionKey), createdAt: now, rotatedAt: now };
  }

  private view(token: string, rotatedAt: Date): CalendarFeedView {
    const url = `${this.deps.feedUrlBase.replace(/\/+$/, '')}/${token}.ics`;
    return { url, webcalUrl: url.replace(/^https?:/, 'webcal:'), rotatedAt: rotatedAt.toISOString() };
  }
}
