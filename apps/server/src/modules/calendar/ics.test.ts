import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, formatUtc, serializeCalendar, type IcsEvent } from './ics.ts';

const event = (overrides: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: 'booking-01J@instainstru',
  stamp: new Date('2026-11-23T15:00:00.123Z'),
  start: new Date('2026-11-30T15:00:00Z'),
  end: new Date('2026-11-30T16:00:00Z'),
  summary: 'Piano lesson with Ana',
  status: 'CONFIRMED',
  sequence: 0,
  ...overrides,
});

const octets = (line: string) => Buffer.byteLength(line, 'utf8');

describe('escapeText', () => {
  it('escapes backslash, semicolon, comma and every kind of newline', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  it('leaves a colon and other text alone', () => {
    expect(escapeText('Room 2: "Studio" — café')).toBe('Room 2: "Studio" — café');
  });
});

describe('foldLine', () => {
  it('leaves a line of 75 octets whole', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
  });

  it('folds longer lines into 75-octet physical lines, continuations starting with one space', () => {
    const folded = foldLine('y'.repeat(200));
    const lines = folded.split('\r\n');
    expect(lines.map(octets)).toEqual([75, 75, 1 + 200 - 75 - 74]);
    expect(lines.slice(1).every((line) => line.startsWith(' ') && !line.startsWith('  '))).toBe(true);
    expect(lines.map((line, index) => (index === 0 ? line : line.slice(1))).join('')).toBe('y'.repeat(200));
  });

  it('never splits a multi-octet UTF-8 character', () => {
    // "é" is 2 octets, "🎹" 4: a break at exactly 75 octets would fall inside one.
    const line = `SUMMARY:${'é'.repeat(40)}${'🎹'.repeat(20)}`;
    const lines = foldLine(line).split('\r\n');
    expect(lines.every((physical) => octets(physical) <= 75)).toBe(true);
    expect(lines.map((physical, index) => (index === 0 ? physical : physical.slice(1))).join('')).toBe(line);
    expect(lines.join('')).not.toContain('\uFFFD');
  });
});

describe('formatUtc', () => {
  it('writes UTC date-times without separators or milliseconds', () => {
    expect(formatUtc(new Date('2026-03-08T07:30:05.999Z'))).toBe('20260308T073005Z');
  });
});

describe('serializeCalendar', () => {
  const calendar = serializeCalendar({
    prodId: '-//InstaInstru//Lessons//EN',
    name: 'InstaInstru lessons',
    events: [
      event({ location: '12 Main St, Apt 4; ring twice\\back', description: `Notes, many:\n${'long words '.repeat(20)}`, url: 'https://example.com/lessons/01J' }),
      event({ uid: 'booking-02K@instainstru', status: 'CANCELLED', sequence: 3, summary: 'Guitar lesson with Bo, 🎸' }),
    ],
  });

  it('ends every line in CRLF with no line over 75 octets', () => {
    expect(calendar.endsWith('\r\n')).toBe(true);
    expect(calendar.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(calendar.split('\r\n').every((line) => octets(line) <= 75)).toBe(true);
  });

  it('is read back by a real parser (ical.js) with the same values', () => {
    const root = new ICAL.Component(ICAL.parse(calendar));
    expect(root.name).toBe('vcalendar');
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    expect(root.getFirstPropertyValue('prodid')).toBe('-//InstaInstru//Lessons//EN');
    const [first, second] = root.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    expect(first!.uid).toBe('booking-01J@instainstru');
    expect(first!.startDate.toJSDate().toISOString()).toBe('2026-11-30T15:00:00.000Z');
    expect(first!.endDate.toJSDate().toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(first!.startDate.zone.tzid).toBe('UTC');
    expect(first!.location).toBe('12 Main St, Apt 4; ring twice\\back');
    expect(first!.description).toBe(`Notes, many:\n${'long words '.repeat(20)}`);
    expect(first!.component.getFirstPropertyValue('url')).toBe('https://example.com/lessons/01J');
    expect(first!.component.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-11-23T15:00:00Z');
    expect(second!.summary).toBe('Guitar lesson with Bo, 🎸');
    expect(second!.sequence).toBe(3);
    expect(second!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('writes the same bytes for the same events', () => {
    expect(serializeCalendar({ prodId: 'p', name: 'n', events: [event()] })).toBe(serializeCalendar({ prodId: 'p', name: 'n', events: [event()] }));
  });
});
