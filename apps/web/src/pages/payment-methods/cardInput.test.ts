import { describe, expect, it } from 'vitest';
import { detectBrand, formatCardNumber, formatExpiry, passesLuhn, TEST_CARDS, validateCard } from './cardInput';

const today = { year: 2026, month: 11 };
const valid = { number: '4242 4242 4242 4242', expiry: '12 / 30', cvc: '123', zip: '10001' };

describe('the local card form', () => {
  it('recognizes the brand from the first digits', () => {
    expect(detectBrand('4')).toBe('visa');
    expect(detectBrand('5555')).toBe('mastercard');
    expect(detectBrand('2223 0031')).toBe('mastercard');
    expect(detectBrand('3782')).toBe('amex');
    expect(detectBrand('6011')).toBe('discover');
    expect(detectBrand('9')).toBe('unknown');
    expect(detectBrand('')).toBe('unknown');
  });

  it('groups the number as the card prints it and drops what does not fit', () => {
    expect(formatCardNumber('4242424242424242')).toBe('4242 4242 4242 4242');
    expect(formatCardNumber('4242 42a42-4242424242 99')).toBe('4242 4242 4242 4242');
    expect(formatCardNumber('424')).toBe('424');
    expect(formatCardNumber('42424')).toBe('4242 4');
    expect(formatCardNumber('378282246310005')).toBe('3782 822463 10005');
  });

  it('writes the expiry as MM / YY while typing', () => {
    expect(formatExpiry('1')).toBe('1');
    expect(formatExpiry('4')).toBe('04 / ');
    expect(formatExpiry('12')).toBe('12 / ');
    expect(formatExpiry('1230')).toBe('12 / 30');
    expect(formatExpiry('12 / 309')).toBe('12 / 30');
    expect(formatExpiry('12 /', '12 / ')).toBe('1');
  });

  it('checks the Luhn digit of every test card', () => {
    for (const card of TEST_CARDS) expect(passesLuhn(card.number.replace(/ /g, '')), card.number).toBe(true);
    expect(passesLuhn('4242424242424241')).toBe(false);
  });

  it('accepts a complete card and gives Stripe month and four-digit year', () => {
    expect(validateCard(valid, today)).toEqual({ errors: {}, card: { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123', zip: '10001' } });
    // This month is still valid.
    expect(validateCard({ ...valid, expiry: '11 / 26' }, today).card).toBeDefined();
  });

  it("names each incomplete or invalid field in Stripe's words", () => {
    expect(validateCard({ number: '', expiry: '', cvc: '', zip: '' }, today).errors).toEqual({
      number: 'Your card number is incomplete.',
      expiry: "Your card's expiration date is incomplete.",
      cvc: "Your card's security code is incomplete.",
      zip: 'Your ZIP is incomplete.',
    });
    expect(validateCard({ ...valid, number: '4242 4242 4242 4241' }, today).errors.number).toBe('Your card number is invalid.');
    expect(validateCard({ ...valid, number: '4242 4242' }, today).errors.number).toBe('Your card number is incomplete.');
    expect(validateCard({ ...valid, expiry: '13 / 30' }, today).errors.expiry).toBe("Your card's expiration date is invalid.");
    expect(validateCard({ ...valid, expiry: '10 / 26' }, today).errors.expiry).toBe("Your card's expiration year is in the past.");
    // American Express has a four-digit code.
    expect(validateCard({ ...valid, number: '3782 822463 10005', cvc: '123' }, today).errors.cvc).toBe("Your card's security code is incomplete.");
    expect(validateCard({ ...valid, number: '3782 822463 10005', cvc: '1234' }, today).card).toBeDefined();
  });
});
