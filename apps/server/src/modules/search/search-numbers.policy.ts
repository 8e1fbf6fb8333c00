import type { AgeGroup } from './search-parse.types.ts';

/**
 * Prices and ages for the fast search parser: the parts of a query that are numbers with a
 * meaning ("under $90", "$50-80", "for my 8 year old", "my daughter (6)"). Each pattern replaces
 * what it understood with a space, so the words left go on to phrase matching.
 *
 * A price needs a sign of money ($, "/hr", "dollars") unless a price word leads to a number of
 * at least 20: "max 120" is a price, "kids under 10" is an age.
 */
const NUMBER = '(\\d{1,5}(?:\\.\\d{1,2})?)';
const SUFFIX =
  '((?:\\s*(?:\\/\\s*(?:hrs?|hour|h|session|lesson|class)\\b|(?:per|an|a|each)\\s+(?:hrs?|hour|session|lesson|class)\\b|dollars?\\b|bucks\\b|usd\\b|hourly\\b))?)';
const PRICE_RANGE = new RegExp(`(?<![\\w.:/$])(?:between\\s+)?(\\$)?\\s*${NUMBER}\\s*(?:-|to|and)\\s*(\\$)?\\s*${NUMBER}${SUFFIX}`, 'g');
const PRICE_MAX = new RegExp(
  `(?:\\b(?:under|less than|lower than|below|max|maximum|up to|upto|no more than|not more than|at most|cheaper than|within|budget of|budget)|<=?)\\s*(\\$)?\\s*${NUMBER}${SUFFIX}`,
  'g',
);
const PRICE_MIN = new RegExp(
  `(?:\\b(?:over|more than|above|at least|min|minimum|from|starting at|starting from)|>=?)\\s*(\\$)?\\s*${NUMBER}${SUFFIX}`,
  'g',
);
const PRICE_DOLLAR = new RegExp(`\\$\\s*${NUMBER}${SUFFIX}`, 'g');
const PRICE_SUFFIXED = new RegExp(
  `(?<![\\w.$])${NUMBER}\\s*(?:\\/\\s*(?:hrs?|hour|h)\\b|per\\s+(?:hr|hour)\\b|an\\s+hour\\b|a\\s+hour\\b|dollars?\\b|bucks\\b)`,
  'g',
);

const cents = (amount: string) => Math.round(Number(amount) * 100);

export function extractPrices(text: string): { text: string; minCents: number | null; maxCents: number | null } {
  let minCents: number | null = null;
  let maxCents: number | null = null;
  if (!/\d/.test(text)) return { text, minCents, maxCents };
  let rest = text.replace(PRICE_RANGE, (whole, dollar1?: string, low?: string, dollar2?: string, high?: string, suffix?: string) => {
    if (!dollar1 && !dollar2 && !suffix) return whole;
    minCents ??= cents(low!);
    maxCents ??= cents(high!);
    return ' ';
  });
  rest = rest.replace(PRICE_MAX, (whole, dollar?: string, amount?: string, suffix?: string) => {
    if (!dollar && !suffix && Number(amount) < 20) return whole;
    maxCents ??= cents(amount!);
    return ' ';
  });
  rest = rest.replace(PRICE_MIN, (whole, dollar?: string, amount?: string, suffix?: string) => {
    if (!dollar && !suffix) return whole;
    minCents ??= cents(amount!);
    return ' ';
  });
  // A price on its own ("$90/hr", "80 dollars") is what the student is ready to pay at most.
  rest = rest.replace(PRICE_DOLLAR, (_whole, amount: string) => {
    maxCents ??= cents(amount);
    return ' ';
  });
  rest = rest.replace(PRICE_SUFFIXED, (_whole, amount: string) => {
    maxCents ??= cents(amount);
    return ' ';
  });
  if (minCents !== null && maxCents !== null && minCents > maxCents) [minCents, maxCents] = [maxCents, minCents];
  return { text: rest, minCents, maxCents };
}

// "8 year old", "8yo", "8-year-old", and lists: "8 and 10 year olds" (the first age counts).
const AGE_YEARS = /(?<![\d.$])(\d{1,2})(?:\s*(?:,|and|or|-|to)\s*\d{1,2})*\s*(?:-\s*)?(?:years?|yrs?|y\/o|yo|y\.o\.?)(?:\s*-?\s*olds?)?\b/g;
const AGE_IS = /\b(?:who is|whos|who s|he is|she is|hes|shes|turning|turns)\s+(\d{1,2})\b(?!\s*(?:am|pm|\/|:|\$|dollar))/g;
/** "kids under 10": a price needs $ or at least 20 (search-numbers above), so a small number is an age. */
const AGE_UNDER = /\b(?:under|below|younger than)\s+(\d{1,2})\b/g;
const AGE_PARENTHESES = /\(\s*(\d{1,2})\s*\)/g;
const AGE_WORD = /\b(?:age[sd]?)\s*(\d{1,2})(?:\s*(?:-|to|and)\s*\d{1,2})?\b/g;
const GRADE_ORDINAL = /\b(\d{1,2})(?:st|nd|rd|th)\s+grade(?:rs?)?\b/g;
const GRADE_NUMBER = /\bgrade\s+(\d{1,2})\b/g;

/** Under 13 kids, 13–17 teens, 18 and over adults (PRODUCT.md's age groups). */
export function ageGroupOf(age: number): AgeGroup {
  if (age <= 12) return 'kids';
  if (age <= 17) return 'teens';
  return 'adults';
}

export function extractAge(text: string): { text: string; ageGroup: AgeGroup | null } {
  let ageGroup: AgeGroup | null = null;
  if (!/\d/.test(text)) return { text, ageGroup };
  const take = (group: AgeGroup) => {
    ageGroup ??= group;
    return ' ';
  };
  let rest = text.replace(AGE_YEARS, (_whole, age: string) => take(ageGroupOf(Number(age))));
  rest = rest.replace(AGE_WORD, (_whole, age: string) => take(ageGroupOf(Number(age))));
  rest = rest.replace(AGE_IS, (_whole, age: string) => take(ageGroupOf(Number(age))));
  rest = rest.replace(AGE_UNDER, (whole, age: string) => (Number(age) >= 2 && Number(age) < 20 ? take(ageGroupOf(Number(age) - 1)) : whole));
  rest = rest.replace(AGE_PARENTHESES, (_whole, age: string) => take(ageGroupOf(Number(age))));
  // School grades: 1st–6th are children, 7th–12th teenagers.
  const grade = (whole: string, value: string) => {
    const number = Number(value);
    if (number < 1 || number > 12) return whole;
    return take(number <= 6 ? 'kids' : 'teens');
  };
  rest = rest.replace(GRADE_ORDINAL, grade).replace(GRADE_NUMBER, grade);
  return { text: rest, ageGroup };
}
