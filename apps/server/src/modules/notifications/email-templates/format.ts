import { MARKETPLACE_TIME_ZONE } from '../../../platform/jobs/schedules.ts';
import { parseUserAgent } from '../../../platform/user-agent.ts';

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

/**
 * A rough, human description of a device from its User-Agent ("Chrome on Windows"). It only
 * has to help someone recognise their own login; user agents are easy to fake anyway.
 */
export function describeDevice(userAgent: string): string {
  const { browser, system } = parseUserAgent(userAgent);
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? 'an unrecognised device';
}
