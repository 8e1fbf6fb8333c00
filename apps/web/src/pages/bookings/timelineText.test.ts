import { describe, expect, it } from 'vitest';
import { nextText, stepText } from './timelineText';

const step = (over: Partial<Parameters<typeof stepText>[0]>) => ({
  step: 'authorize' as const,
  attempt: 1,
  startedAt: '2026-11-24T18:00:00.000Z',
  finishedAt: '2026-11-24T18:00:01.000Z',
  outcome: 'succeeded' as const,
  ...over,
});

describe('the payment timeline in words', () => {
  it('says each step taken at its New York time, with the retry attempt', () => {
    expect(stepText(step({}))).toMatch(/^Tuesday, November 24, 2026 at 1:00\sPM: Card authorized: the amount is held, not yet charged\.$/);
    expect(stepText(step({ outcome: 'failed', attempt: 2 }))).toMatch(/The card was refused \(attempt 2\)\.$/);
    expect(stepText(step({ step: 'capture' }))).toMatch(/Paid: the card was charged\.$/);
  });

  it('says a step in flight from its start', () => {
    expect(stepText(step({ finishedAt: null, outcome: null, startedAt: '2026-11-24T05:30:00.000Z' }))).toMatch(/^Tuesday, November 24, 2026 at 12:30\sAM: Authorizing the card \(in progress\)\.$/);
  });

  const captureAt = '2026-11-26T19:00:00.000Z';
  const confirmed = { status: 'confirmed' as const, paymentState: 'scheduled' as const };

  it("says the API's next step and when", () => {
    expect(nextText({ next: { step: 'capture', dueAt: captureAt }, captureAt }, { status: 'completed', paymentState: 'authorized' })).toMatch(
      /^Thursday, November 26, 2026 at 2:00\sPM: the card is charged and the instructor paid/,
    );
    expect(nextText({ next: { step: 'cancel_unpaid', dueAt: '2026-11-25T12:00:00.000Z' }, captureAt }, { ...confirmed, paymentState: 'authorization_failed' })).toMatch(
      /7:00\sAM: unless the card is updated, the lesson is cancelled\.$/,
    );
  });

  it('says the charge after the lesson for an amount held, and nothing when nothing is left', () => {
    expect(nextText({ next: null, captureAt }, { ...confirmed, paymentState: 'authorized' })).toMatch(/^Thursday, November 26, 2026 at 2:00\sPM: the card is charged/);
    expect(nextText({ next: null, captureAt }, { status: 'completed', paymentState: 'captured' })).toBeNull();
    expect(nextText({ next: null, captureAt }, { status: 'cancelled_by_student', paymentState: 'authorized' })).toBeNull();
  });
});
