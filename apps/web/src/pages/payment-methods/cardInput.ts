/**
 * What the local card form does with keystrokes, as Stripe's Card Element does: the number
 * grouped as the brand prints it, the brand recognized from the first digits, MM / YY, CVC and
 * ZIP checked as typed. Pure, so the rules are tested without a browser.
 */

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';

export const BRAND_LABELS: Record<CardBrand, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  unknown: 'Card',
};

export function digitsOnly(value: string): string {
  return value.replace(/\D/g, '');
}

/** The brand as far as the digits typed so far tell (Stripe recognizes it from the first ones). */
export function detectBrand(number: string): CardBrand {
  const digits = digitsOnly(number);
  if (/^4/.test(digits)) return 'visa';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(digits)) return 'mastercard';
  if (/^(6011|65|64[4-9])/.test(digits)) return 'discover';
  return 'unknown';
}

const maxDigits = (brand: CardBrand) => (brand === 'amex' ? 15 : 16);

/** The number as printed on the card: 4-6-5 for American Express, groups of 4 otherwise; extra digits dropped. */
export function formatCardNumber(value: string): string {
  const brand = detectBrand(value);
  const digits = digitsOnly(value).slice(0, maxDigits(brand));
  const groups = brand === 'amex' ? [4, 6, 5] : [4, 4, 4, 4];
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return parts.join(' ');
}

/** The Luhn checksum every card number carries. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** "MM / YY" while typing: a first digit above 1 is a month on its own ("4" → "04 / "). */
export function formatExpiry(value: string, previous = ''): string {
  let digits = digitsOnly(value).slice(0, 4);
  if (digits.length === 1 && Number(digits) > 1) digits = `0${digits}`;
  // Deleting the separator deletes the month's last digit with it, as people expect.
  if (previous.endsWith(' / ') && value.length < previous.length) return digits.slice(0, 1);
  if (digits.length < 2) return digits;
  return `${digits.slice(0, 2)} / ${digits.slice(2)}`;
}

export interface CardFields {
  number: string;
  expiry: string;
  cvc: string;
  zip: string;
}

export type CardField = keyof CardFields;
export type CardErrors = Partial<Record<CardField, string>>;

/** What the form posts to Stripe: expiry as month and four-digit year. */
export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  zip: string;
}

/** The current month, for "expired" (the browser's clock: the card form runs there). */
export interface YearMonth {
  year: number;
  month: number;
}

/** Stripe's own words for each incomplete or invalid field. */
export function validateCard(fields: CardFields, today: YearMonth): { errors: CardErrors; card?: CardDetails } {
  const errors: CardErrors = {};
  const digits = digitsOnly(fields.number);
  const brand = detectBrand(digits);
  if (digits.length === 0) errors.number = 'Your card number is incomplete.';
  else if (digits.length < maxDigits(brand) && !(brand === 'unknown' && digits.length >= 14)) errors.number = 'Your card number is incomplete.';
  else if (!passesLuhn(digits)) errors.number = 'Your card number is invalid.';

  const expiryDigits = digitsOnly(fields.expiry);
  const month = Number(expiryDigits.slice(0, 2));
  const year = 2000 + Number(expiryDigits.slice(2, 4));
  if (expiryDigits.length < 4) errors.expiry = "Your card's expiration date is incomplete.";
  else if (month < 1 || month > 12) errors.expiry = "Your card's expiration date is invalid.";
  else if (year < today.year || (year === today.year && month < today.month)) errors.expiry = "Your card's expiration year is in the past.";
  else if (year > today.year + 50) errors.expiry = "Your card's expiration year is invalid.";

  const cvc = digitsOnly(fields.cvc);
  const cvcLength = brand === 'amex' ? 4 : 3;
  if (cvc.length < cvcLength) errors.cvc = "Your card's security code is incomplete.";

  const zip = digitsOnly(fields.zip);
  if (zip.length < 5) errors.zip = 'Your ZIP is incomplete.';

  if (Object.keys(errors).length > 0) return { errors };
  return { errors, card: { number: digits, expMonth: month, expYear: year, cvc, zip } };
}

/** Stripe's test cards (integrations.md §1.7), listed beside the form so anyone can try each path. */
export const TEST_CARDS: ReadonlyArray<{ number: string; outcome: string }> = [
  { number: '4242 4242 4242 4242', outcome: 'Succeeds' },
  { number: '4000 0025 0000 3155', outcome: 'Needs 3-D Secure' },
  { number: '4000 0027 6000 3184', outcome: '3-D Secure always' },
  { number: '4000 0000 0000 0002', outcome: 'Declined' },
  { number: '4000 0000 0000 9995', outcome: 'Insufficient funds' },
  { number: '4000 0000 0000 0341', outcome: 'Saves, but charges fail' },
];
