/**
 * Languages are stored as ISO 639 codes (the server checks them) and shown by name, in
 * English, with the browser's own Intl data: no table of names to keep up to date.
 */
const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** "es" → "Spanish"; a code the browser does not know is shown as it is. */
export function languageName(code: string): string {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The languages offered in the instructor's chooser: the most spoken in New York City
 * (Census ACS) and the most taught. Codes only; names come from languageName.
 */
const OFFERED = [
  'en', 'es', 'zh', 'yue', 'ru', 'bn', 'ht', 'ko', 'ar', 'fr', 'yi', 'it', 'pl', 'tl', 'hi', 'ur', 'el', 'he',
  'ja', 'de', 'pt', 'vi', 'uk', 'fa', 'tr', 'pa', 'ne', 'sw', 'nl', 'sv', 'no', 'da', 'fi', 'hu', 'cs', 'ro',
  'sq', 'sr', 'hr', 'ka', 'hy', 'th', 'id', 'ms', 'ta', 'te', 'gu', 'mr', 'am', 'so', 'yo', 'ig', 'la', 'ase',
];

/** The chooser's options, sorted by name. */
export const languageOptions: readonly { code: string; name: string }[] = OFFERED.map((code) => ({ code, name: languageName(code) })).sort((a, b) =>
  a.name.localeCompare(b.name),
);

/** "English, Spanish and Cantonese". */
export function listLanguages(codes: readonly string[]): string {
  return new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(codes.map(languageName));
}
