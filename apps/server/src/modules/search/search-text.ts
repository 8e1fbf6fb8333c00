/**
 * Text primitives shared by the search vocabulary (built once) and the fast parser (per query):
 * both sides must normalize, tokenize and stem in exactly the same way, or a phrase in the
 * vocabulary never meets the same phrase typed by a user.
 */

/**
 * Lowercase, accents removed ("Español" = "espanol"), apostrophes dropped ("Hell's" =
 * "hells") and "&" spelled out. Keeps the characters the numeric patterns need ($ / : . - ( ) < >),
 * keeps letters of other scripts ("ピアノ" stays a word the parser cannot explain, which is a
 * reason to ask the LLM), turns everything else (emoji, symbols) into spaces.
 */
export function normalizeQuery(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    // Back to composed form, so other scripts keep their letters whole ("ピ" is not "ヒ" + a mark).
    .normalize('NFC')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[–—‑]/g, '-')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9$/:.\-()<>\p{L}\p{N}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words only: what phrase matching sees once the numeric patterns have taken their parts. */
export function tokenize(normalized: string): string[] {
  return normalized.split(/[^a-z0-9\p{L}\p{N}]+/u).filter((token) => token !== '');
}

/**
 * A light plural stemmer ("lessons" → "lesson", "classes" → "class", "mornings" → "morning").
 * Applied to the vocabulary and to queries alike, so its oddities cancel out ("physics" →
 * "physic" on both sides). Words of 3 letters or fewer are kept ("les", "uws", "bus").
 */
export function stem(token: string): string {
  const n = token.length;
  if (n <= 3 || token.charCodeAt(n - 1) !== 115 /* s */) return token;
  if (token.endsWith('ies') && n > 4) return `${token.slice(0, -3)}y`;
  if (token.endsWith('sses') || token.endsWith('ches') || token.endsWith('shes') || token.endsWith('xes')) return token.slice(0, -2);
  if (token.endsWith('ss') || token.endsWith('us') || token.endsWith('is')) return token;
  return token.slice(0, -1);
}

/** The vocabulary key of a phrase: normalized, tokenized, stemmed, joined by single spaces. */
export function phraseKey(phrase: string): string {
  return tokenize(normalizeQuery(phrase)).map(stem).join(' ');
}

/**
 * How many edits a typo may have, scaled to length: none up to 4 characters ("yoga" must be
 * exact, or "yoda" would match), one up to 7 ("paino"), two from 8 ("tommorow").
 */
export function allowedEdits(length: number): number {
  if (length <= 4) return 0;
  if (length <= 7) return 1;
  return 2;
}

// Reused rows for the distance below: the parser is single-threaded and never re-enters it.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Optimal-string-alignment Damerau-Levenshtein distance (insert, delete, substitute, swap two
 * neighbours), or `max + 1` as soon as every cell of a row exceeds `max`: most candidates are
 * rejected after a row or two.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (m + 1 > rowA.length) {
    rowA = new Int32Array(m + 1);
    rowB = new Int32Array(m + 1);
    rowC = new Int32Array(m + 1);
  }
  let previous2 = rowA; // row i-2
  let previous = rowB; // row i-1
  let current = rowC; // row i
  for (let j = 0; j <= m; j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        value = Math.min(value, previous2[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const spare = previous2;
    previous2 = previous;
    previous = current;
    current = spare;
  }
  const distance = previous[m]!;
  return distance > max ? max + 1 : distance;
}
