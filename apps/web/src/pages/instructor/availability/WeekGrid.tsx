import { useEffect, useRef } from 'react';
import type { AvailabilityWeek } from '../api';
import { cellIndex, dayLabel, isPastCell, type PastCutoff } from '../cells';
import { DayOffHeader } from './DayOffHeader';
import { pad, ROWS, type DaysOff } from './rows';

interface WeekGridProps {
  days: AvailabilityWeek['days'];
  grid: boolean[][];
  onChange: (next: boolean[][]) => void;
  daysOff: DaysOff;
  onDaysOffChange: (next: DaysOff) => void;
  /** Cells before this cannot be painted (greyed out). */
  cutoff: PastCutoff;
}

const STRIPES = 'bg-[repeating-linear-gradient(135deg,#e2e8f0_0_3px,#f8fafc_3px_7px)]';

/**
 * The week as a table of quarter-hour toggle buttons, one column per day. Dragging paints a
 * rectangle (on or off, the opposite of the first cell); keyboard users press cells one by
 * one. Days marked unavailable all day are striped and cannot be painted; neither can the past.
 */
export function WeekGrid({ days, grid, onChange, daysOff, onDaysOffChange, cutoff }: WeekGridProps) {
  const drag = useRef<{ mode: boolean; from: [number, number]; snapshot: boolean[][] } | null>(null);

  useEffect(() => {
    const end = () => {
      drag.current = null;
    };
    window.addEventListener('pointerup', end);
    return () => window.removeEventListener('pointerup', end);
  }, []);

  function paint(day: number, row: number) {
    const d = drag.current;
    if (!d) return;
    const [d0, r0] = d.from;
    const next = d.snapshot.map((bits) => [...bits]);
    for (let x = Math.min(d0, day); x <= Math.max(d0, day); x += 1) {
      if (days[x]!.date in daysOff) continue;
      for (let y = Math.min(r0, row); y <= Math.max(r0, row); y += 1) {
        const { hour, quarter } = ROWS[y]!;
        if (isPastCell(days[x]!.date, hour, quarter, cutoff)) continue;
        const i = cellIndex(hour, quarter, days[x]!.cellCount);
        if (i !== null) next[x]![i] = d.mode;
      }
    }
    onChange(next);
  }

  function start(day: number, row: number) {
    const { hour, quarter } = ROWS[row]!;
    if (isPastCell(days[day]!.date, hour, quarter, cutoff)) return;
    const i = cellIndex(hour, quarter, days[day]!.cellCount);
    if (i === null) return;
    drag.current = { mode: !grid[day]![i], from: [day, row], snapshot: grid };
    paint(day, row);
  }

  return (
    <div className="max-h-[32rem] overflow-auto rounded-xl border border-slate-200">
      <table className="w-full table-fixed border-collapse select-none text-xs" aria-label="Weekly availability">
        <thead className="sticky top-0 z-10 bg-white shadow-[0_1px_0_#e2e8f0]">
          <tr>
            <th scope="col" className="w-14 p-1 text-left align-bottom font-medium text-slate-500">
              Time
            </th>
            {days.map((d) => (
              <DayOffHeader
                key={d.date}
                date={d.date}
                off={d.date in daysOff}
                reason={daysOff[d.date] ?? ''}
                onToggle={() => {
                  const next = { ...daysOff };
                  if (d.date in next) delete next[d.date];
                  else next[d.date] = '';
                  onDaysOffChange(next);
                }}
                onReason={(reason) => onDaysOffChange({ ...daysOff, [d.date]: reason })}
                past={d.date < cutoff.today}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map(({ hour, quarter }, row) => (
            <tr key={`${hour}:${quarter}`} className={quarter === 0 ? 'border-t border-slate-300' : ''}>
              <th scope="row" className="h-3 p-0 pr-1 text-right align-top text-[11px] leading-3 font-normal text-slate-500">
                {quarter === 0 ? `${pad(hour % 24)}:00` : ''}
              </th>
              {days.map((d, day) => {
                const i = cellIndex(hour, quarter, d.cellCount);
                const on = i !== null && Boolean(grid[day]![i]);
                const off = d.date in daysOff;
                const past = isPastCell(d.date, hour, quarter, cutoff);
                const label = `${dayLabel(d.date)} ${pad(hour)}:${pad(quarter * 15)}`;
                const colour =
                  i === null
                    ? 'bg-slate-200'
                    : past
                      ? on
                        ? 'bg-slate-400'
                        : 'bg-slate-100'
                      : off
                        ? on
                          ? 'bg-slate-400/70'
                          : STRIPES
                        : on
                          ? 'bg-indigo-500'
                          : 'bg-white hover:bg-indigo-100';
                return (
                  <td key={d.date} className="p-0">
                    <button
                      type="button"
                      data-cell={`${day}-${pad(hour)}:${pad(quarter * 15)}`}
                      aria-label={past ? `${label} (past)` : off ? `${label} (unavailable all day)` : label}
                      aria-pressed={on}
                      disabled={i === null || off || past}
                      onPointerDown={(e) => {
                        e.preventDefault();
                        (e.target as HTMLElement).releasePointerCapture?.(e.pointerId);
                        start(day, row);
                      }}
                      onPointerEnter={() => paint(day, row)}
                      onClick={(e) => {
                        if (e.detail !== 0) return; // pointer clicks were handled on pointerdown
                        drag.current = { mode: !on, from: [day, row], snapshot: grid };
                        paint(day, row);
                        drag.current = null;
                      }}
                      className={`block h-3 w-full border-l border-slate-200 ${colour} ${past ? 'cursor-not-allowed' : ''}`}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
