import { MARKETPLACE_TIME_ZONE } from '@instainstru/marketplace-time';

const whenFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: MARKETPLACE_TIME_ZONE,
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** "Monday, November 23, 2026 at 10:00 AM EST": wall-clock time in New York, where we operate. */
export function formatWhen(at: Date): string {
  return whenFormat.format(at);
}
