import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import { BookingTurns, type HeldTime, type LessonTime } from './booking-turns.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const at = (hours: number, minutes = 0): LessonTime => ({ start: hours * HOUR + minutes * MINUTE, end: (hours + 1) * HOUR + minutes * MINUTE });
const held = (time: LessonTime, bufferMinutes = 15): HeldTime => ({ ...time, bufferMinutes });

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** What each request was answered: its result, or the code of the error. */
const outcomes = (settled: PromiseSettledResult<string>[]) =>
  settled.map((result) => (result.status === 'fulfilled' ? result.value : result.reason instanceof DomainError ? result.reason.details['code'] : String(result.reason)));

describe('booking turns (one process, one instructor)', () => {
  it('lets the first of a burst for one time book and answers the others slot_taken without working', async () => {
    const turns = new BookingTurns();
    let worked = 0;
    const settled = await Promise.allSettled(
      Array.from({ length: 50 }, (_, index) =>
        turns.take('teacher', at(10), async () => {
          worked++;
          await new Promise((resolve) => setTimeout(resolve, 5));
          return { result: `booked by ${index}`, held: held(at(10)) };
        }),
      ),
    );
    expect(worked).toBe(1);
    expect(outcomes(settled)).toEqual(['booked by 0', ...Array.from({ length: 49 }, () => 'slot_taken')]);
    expect(turns.busyInstructors).toBe(0);
  });

  it('gives the turn to the next in line when the first fails or ends up holding nothing', async () => {
    const turns = new BookingTurns();
    const attempts: number[] = [];
    const settled = await Promise.allSettled(
      [0, 1, 2, 3, 4].map((index) =>
        turns.take('teacher', at(10), async () => {
          attempts.push(index);
          if (index === 0) throw new DomainError('unprocessable', 'card declined', { code: 'card_declined' });
          if (index === 1) return { result: 'hold ended at once', held: null };
          return { result: `booked by ${index}`, held: held(at(10)) };
        }),
      ),
    );
    expect(attempts).toEqual([0, 1, 2]);
    expect(outcomes(settled)).toEqual(['card_declined', 'hold ended at once', 'booked by 2', 'slot_taken', 'slot_taken']);
  });

  it('refuses times that meet the held lesson with its buffer after either lesson, and lets through those that do not', async () => {
    const turns = new BookingTurns();
    const gate = deferred();
    const first = turns.take('teacher', at(10), async () => {
      await gate.promise;
      return { result: 'booked', held: held(at(10), 15) };
    });
    const asks = [
      at(11, 10), // starts 10 minutes after the lesson ends: inside its 15-minute buffer
      at(11, 15), // starts as the buffer ends
      at(8, 50), // ends at 9:50; its own buffer runs to 10:05, into the lesson
      at(8, 45), // ends at 9:45; its buffer ends as the lesson starts
    ].map((time) => turns.take('teacher', time, async () => ({ result: 'worked', held: null })));
    gate.resolve();
    expect(await first).toBe('booked');
    expect(outcomes(await Promise.allSettled(asks))).toEqual(['slot_taken', 'worked', 'slot_taken', 'worked']);
  });

  it('never makes times that cannot meet wait, nor other instructors', async () => {
    const turns = new BookingTurns();
    const gate = deferred();
    const order: string[] = [];
    const slow = turns.take('teacher', at(10), async () => {
      await gate.promise;
      order.push('10:00');
      return { result: 'booked', held: held(at(10)) };
    });
    // 10:00–11:00 and 13:01 are further apart than the largest buffer (120 minutes).
    const later = turns.take('teacher', at(13, 1), async () => {
      order.push('13:01');
      return { result: 'booked', held: held(at(13, 1)) };
    });
    const elsewhere = turns.take('another teacher', at(10), async () => {
      order.push('another 10:00');
      return { result: 'booked', held: held(at(10)) };
    });
    await Promise.all([later, elsewhere]);
    gate.resolve();
    await slow;
    expect(order).toEqual(['13:01', 'another 10:00', '10:00']);
  });

  it('answers the line as soon as the work says it holds the time, before the work is done', async () => {
    const turns = new BookingTurns();
    const gate = deferred();
    const first = turns.take('teacher', at(10), async (holding) => {
      holding(held(at(10)));
      await gate.promise;
      return { result: 'booked', held: held(at(10)) };
    });
    const others = Array.from({ length: 3 }, () => turns.take('teacher', at(10), async () => ({ result: 'worked', held: null })));
    expect(outcomes(await Promise.allSettled(others))).toEqual(['slot_taken', 'slot_taken', 'slot_taken']);
    gate.resolve();
    expect(await first).toBe('booked');
    expect(turns.busyInstructors).toBe(0);
  });

  it('remembers a time the database refused as taken: the rest of the burst for it, or for times containing it, are refused without working', async () => {
    const turns = new BookingTurns();
    const gate = deferred();
    const attempts: string[] = [];
    const first = turns.take('teacher', at(10), async () => {
      attempts.push('10:00');
      await gate.promise;
      throw new DomainError('conflict', 'taken', { code: 'slot_taken' });
    });
    const asks = [
      { label: '10:00 again', time: at(10) },
      { label: '9:30–11:30 (contains 10:00–11:00)', time: { start: at(9, 30).start, end: at(11, 30).start } },
      { label: '10:30 (meets it, does not contain it)', time: at(10, 30) },
    ].map(({ label, time }) =>
      turns.take('teacher', time, async () => {
        attempts.push(label);
        return { result: `asked the database for ${label}`, held: null };
      }),
    );
    gate.resolve();
    await expect(first).rejects.toMatchObject({ details: { code: 'slot_taken' } });
    expect(outcomes(await Promise.allSettled(asks))).toEqual(['slot_taken', 'slot_taken', 'asked the database for 10:30 (meets it, does not contain it)']);
    expect(attempts).toEqual(['10:00', '10:30 (meets it, does not contain it)']);
    expect(turns.busyInstructors).toBe(0);
  });

  it('forgets the burst when its last request is answered: a later request works again (the database decides)', async () => {
    const turns = new BookingTurns();
    await turns.take('teacher', at(10), async () => ({ result: 'booked', held: held(at(10)) }));
    expect(turns.busyInstructors).toBe(0);
    await expect(turns.take('teacher', at(10), async () => ({ result: 'asked the database', held: null }))).resolves.toBe('asked the database');
  });

  describe('lingering after a burst', () => {
    function lingering() {
      let nowMs = 0;
      const turns = new BookingTurns({ lingerMs: 1_000, now: () => nowMs });
      return { turns, advance: (ms: number) => (nowMs += ms) };
    }
    const burst = (turns: BookingTurns, size: number) =>
      Promise.allSettled(
        Array.from({ length: size }, (_, index) =>
          turns.take('teacher', at(10), async () => {
            await new Promise((resolve) => setTimeout(resolve, 2));
            return { result: `booked by ${index}`, held: held(at(10)) };
          }),
        ),
      );

    it('answers a late arrival of a burst from memory within lingerMs, and asks the database again after it', async () => {
      const { turns, advance } = lingering();
      await burst(turns, 5);
      expect(turns.busyInstructors).toBe(0);
      expect(turns.rememberedInstructors).toBe(1);
      let worked = 0;
      const late = () => turns.take('teacher', at(10), async () => ({ result: `worked ${++worked}`, held: null }));
      advance(999);
      await expect(late()).rejects.toMatchObject({ details: { code: 'slot_taken' } });
      advance(1_000);
      await expect(late()).resolves.toBe('worked 1');
      expect(turns.rememberedInstructors).toBe(0);
    });

    it('forgets a lingering line at once when free time changes (forgetIdle)', async () => {
      const { turns } = lingering();
      await burst(turns, 5);
      turns.forgetIdle();
      expect(turns.rememberedInstructors).toBe(0);
      await expect(turns.take('teacher', at(10), async () => ({ result: 'asked the database', held: null }))).resolves.toBe('asked the database');
    });

    it('keeps a line in use through forgetIdle (its burst is still being answered)', async () => {
      const { turns } = lingering();
      const gate = deferred();
      const first = turns.take('teacher', at(10), async () => {
        await gate.promise;
        return { result: 'booked', held: held(at(10)) };
      });
      const second = turns.take('teacher', at(10), async () => ({ result: 'worked', held: null }));
      turns.forgetIdle();
      gate.resolve();
      expect(await first).toBe('booked');
      await expect(second).rejects.toMatchObject({ details: { code: 'slot_taken' } });
    });

    it('never lingers after fewer than four requests at once: one person booking, cancelling and booking again asks the database each time', async () => {
      const { turns } = lingering();
      await burst(turns, 3);
      expect(turns.rememberedInstructors).toBe(0);
      await turns.take('teacher', at(10), async () => ({ result: 'booked', held: held(at(10)) }));
      await expect(turns.take('teacher', at(10), async () => ({ result: 'booked again after a cancellation', held: held(at(10)) }))).resolves.toBe(
        'booked again after a cancellation',
      );
    });
  });
});
