import fs from 'node:fs';
import path from 'node:path';
import { OffsetClock, systemClock, type Clock } from './clock.ts';

/**
 * Development time travel: `cli time-travel +3d` stores an offset in DATA_DIR that the next
 * `npm start` applies to its clock, so you can watch what happens tomorrow without waiting.
 * Never used in production.
 */
const FILE = 'clock-offset.json';
const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseOffset(text: string): number {
  const match = /^([+-]?)(\d+)([mhdw])$/.exec(text.trim());
  if (!match) throw new Error(`Cannot read "${text}": use e.g. +90m, +6h, +3d, -1w`);
  const [, sign, amount, unit] = match as unknown as [string, string, string, string];
  return (sign === '-' ? -1 : 1) * Number(amount) * UNITS[unit]!;
}

export function readClockOffset(dataDir: string): number {
  const file = path.join(dataDir, FILE);
  if (!fs.existsSync(file)) return 0;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { offsetMs: number }).offsetMs;
}

export function writeClockOffset(dataDir: string, offsetMs: number): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, FILE);
  if (offsetMs === 0) fs.rmSync(file, { force: true });
  else fs.writeFileSync(file, JSON.stringify({ offsetMs }));
}

/**
 * Production runs on the system clock. Development runs on an offset clock starting at the
 * stored offset (zero without one), so POST /api/v1/dev/clock can move it while it runs.
 */
export function clockFor(config: { isProduction: boolean; dataDir: string }): Clock {
  if (config.isProduction) return systemClock;
  return new OffsetClock(readClockOffset(config.dataDir));
}
