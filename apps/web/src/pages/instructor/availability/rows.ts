/** The editor shows 06:00–24:00 in quarter-hour rows (New York wall-clock time). */
export const FIRST_HOUR = 6;
export const LAST_HOUR = 24; // exclusive

export const ROWS = Array.from({ length: (LAST_HOUR - FIRST_HOUR) * 4 }, (_, i) => ({
  hour: FIRST_HOUR + Math.floor(i / 4),
  quarter: i % 4,
}));

export const pad = (n: number) => n.toString().padStart(2, '0');

/** Date → reason ('' when none) of the week's days marked unavailable all day, as edited. */
export type DaysOff = Record<string, string>;
