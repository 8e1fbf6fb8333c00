import { marketplaceDate, wallClockMinutes } from '@instainstru/marketplace-time';

/**
 * The availability bitmap: one hex digit per hour of the New York day, 4 bits for the
 * quarter-hours :00 :15 :30 :45 (most significant bit first). Clock-change days have 23
 * (spring forward, no 02:00 hour) or 25 digits (fall back, 01:00 twice).
 */

export function decodeCells(cells: string): boolean[] {
  const bits: boolean[] = [];
  for (const digit of cells) {
    const value = parseInt(digit, 16);
    for (let b = 3; b >= 0; b -= 1) bits.push(((value >> b) & 1) === 1);
  }
  return bits;
}

export function encodeCells(bits: readonly boolean[]): string {
  let out = '';
  for (let i = 0; i < bits.length; i += 4) {
    let value = 0;
    for (let b = 0; b < 4; b += 1) value = (value << 1) | (bits[i + b] ? 1 : 0);
    out += value.toString(16).toUpperCase();
  }
  return out;
}

/**
 * The position in a day's bitmap of a wall-clock quarter-hour (hour 0–23, quarter 0–3),
 * or null for a time that does not exist that day (02:xx on spring-forward day).
 */
export function cellIndex(hour: number, quarter: number, cellCount: number): number | null {
  const hours = cellCount / 4;
  let digit = hour;
  if (hours === 23) {
    if (hour === 2) return null;
    if (hour > 2) digit = hour - 1;
  } else if (hours === 25) {
    // The repeated 01:00 hour: show (and paint) the first one; later hours shift by one.
    if (hour >= 2) digit = hour + 1;
  }
  return digit * 4 + quarter;
}

/** 24 hex digits (a template day) from a day's bits of any length, by wall-clock time. */
export function toTemplateDay(bits: readonly boolean[], cellCount: number): string {
  const out: boolean[] = [];
  for (let h = 0; h < 24; h += 1) {
    for (let q = 0; q < 4; q += 1) {
      const i = cellIndex(h, q, cellCount);
      out.push(i === null ? false : Boolean(bits[i]));
    }
  }
  return encodeCells(out);
}

/** Today's date in New York, YYYY-MM-DD, by this browser's clock. */
export const todayInNewYork = () => marketplaceDate(Date.now());

/**
 * A day's bits moved onto a day of another length by wall-clock time (e.g. copying a normal
 * week into one with a clock change). 02:xx of a spring-forward source has no place to go;
 * on a fall-back target the repeated 01:00 hour gets the source's 01:00 hour as well.
 */
export function remapCells(bits: readonly boolean[], fromCount: number, toCount: number): boolean[] {
  const out: boolean[] = Array.from({ length: toCount }, () => false);
  for (let h = 0; h < 24; h += 1) {
    for (let q = 0; q < 4; q += 1) {
      const from = cellIndex(h, q, fromCount);
      const to = cellIndex(h, q, toCount);
      if (from === null || to === null) continue;
      const on = Boolean(bits[from]);
      out[to] = on;
      if (h === 1 && toCount / 4 === 25) out[to + 4] = on;
    }
  }
  return out;
}

/** "Nov 16" for a YYYY-MM-DD date. */
export const shortDate = (date: string) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** "Mon, Nov 16" for a YYYY-MM-DD date. */
export const dayLabel = (date: string) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });

/**
 * Where "now" falls on the grid: cells before it are in the past and cannot be painted.
 * `today` is the server's New York date; the minute of the day comes from this device's
 * clock, and only when the device agrees about the date (else the whole of today is open).
 */
export interface PastCutoff {
  today: string;
  minuteOfDay: number | null;
}

export function pastCutoff(serverToday: string, now: Date = new Date()): PastCutoff {
  if (marketplaceDate(now.getTime()) !== serverToday) return { today: serverToday, minuteOfDay: null };
  return { today: serverToday, minuteOfDay: wallClockMinutes(now.getTime()) };
}

/** Whether the quarter-hour starting at hour:quarter on `date` has started already. */
export function isPastCell(date: string, hour: number, quarter: number, cutoff: PastCutoff): boolean {
  if (date !== cutoff.today) return date < cutoff.today;
  return cutoff.minuteOfDay !== null && hour * 60 + quarter * 15 < cutoff.minuteOfDay;
}
