/**
 * A small iCalendar (RFC 5545) writer for what the feed needs: one VCALENDAR of VEVENTs. Pure:
 * the same events give the same bytes. Text values are escaped (§3.3.11) and every content
 * line is folded at 75 octets (§3.1) without splitting a UTF-8 character; lines end in CRLF.
 */

export interface IcsEvent {
  /** Globally unique and stable for the lesson across feeds and rotations (§3.8.4.7). */
  uid: string;
  /** When this version of the event was written. */
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  location?: string | undefined;
  description?: string | undefined;
  url?: string | undefined;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  /** Bumped on each significant change (a reschedule, a cancellation), §3.8.7.4. */
  sequence: number;
}

export interface IcsCalendar {
  /** Product identifier, e.g. "-//InstaInstru//Lessons//EN". */
  prodId: string;
  /** The calendar's display name (X-WR-CALNAME, read by Apple, Google and Outlook). */
  name: string;
  events: readonly IcsEvent[];
}

const MAX_LINE_OCTETS = 75;
const CRLF = '\r\n';

/** TEXT escaping: backslash, semicolon, comma and newlines (CR LF, LF or CR become \n). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds one content line: at most 75 octets per physical line, continuation lines starting
 * with a single space (which counts towards their 75). Breaks fall between characters, never
 * inside a multi-octet UTF-8 sequence (§3.1 asks for that, and parsers garble split ones).
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      // Continuation lines begin with a space, leaving 74 octets for content.
      limit = MAX_LINE_OCTETS - 1;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** DATE-TIME in UTC form: 20261123T150000Z (seconds kept, milliseconds dropped). */
export function formatUtc(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function eventLines(event: IcsEvent): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${formatUtc(event.stamp)}`,
    `DTSTART:${formatUtc(event.start)}`,
    `DTEND:${formatUtc(event.end)}`,
    `SEQUENCE:${event.sequence}`,
    `STATUS:${event.status}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  // URL is a URI value, not TEXT: no escaping (a comma in it is legal as is).
  if (event.url) lines.push(`URL:${event.url}`);
  lines.push('END:VEVENT');
  return lines;
}

/** The whole calendar as an iCalendar object (text/calendar), CRLF line ends, folded. */
export function serializeCalendar(calendar: IcsCalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${calendar.prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    ...calendar.events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
