import { describe, expect, it } from 'vitest';
import { INSTANT_PAYOUT_FEE_BPS, instantPayoutFeeCents } from '../../../../../server/src/modules/payments/fees.policy.ts';
import { instantFeeCents } from './payoutsApi';

describe('the instant payout fee shown before confirming', () => {
  it('is the fee the server takes (fees.policy), for every amount up to $200 and some large ones', () => {
    const amounts = [...Array.from({ length: 20_001 }, (_, cents) => cents), 123_456, 9_999_999, 100_000_000];
    for (const cents of amounts) expect(instantFeeCents(cents, INSTANT_PAYOUT_FEE_BPS)).toBe(instantPayoutFeeCents(cents));
  });
});
