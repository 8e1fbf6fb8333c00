/**
 * How many SMS segments a body costs (integrations.md §4 "Segments", 3GPP TS 23.038), so the
 * daily limit (PRODUCT.md §9) is counted the way carriers bill: pure, no I/O.
 *
 * - GSM-7 when every character is in the basic set or the extension table; an extension
 *   character costs 2 septets (ESC + code). One character outside both switches the whole
 *   message to UCS-2, where each UTF-16 code unit counts (an emoji outside the BMP costs 2).
 * - A single SMS holds 160 septets / 70 code units. Longer bodies are concatenated and each
 *   part loses room to the 6-octet user data header: 153 septets / 67 code units per part.
 * - Parts are filled greedily and a character is never split between two parts: an escape
 *   pair or a surrogate pair that does not fit at the end of a part starts the next one (a
 *   split pair would be garbled on the handset). So 152 basic characters + `€` + 152 more is
 *   306 septets, which 2 × 153 could hold, yet it takes 3 parts.
 * - The empty body is 0 segments (nothing to send). Callers that send refuse empty bodies;
 *   here 0 keeps the function total and monotonic.
 */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole body. */
  units: number;
  segments: number;
  /** Room per segment for this body: 160 or 153 (GSM-7), 70 or 67 (UCS-2). */
  perSegment: number;
}

export const SEGMENT_LIMITS = {
  'GSM-7': { single: 160, concatenated: 153 },
  'UCS-2': { single: 70, concatenated: 67 },
} as const satisfies Record<SmsEncoding, { single: number; concatenated: number }>;

// The 125 printable characters of the GSM 03.38 basic table, plus LF and CR (127; ESC is the 128th).
const GSM_BASIC = new Set(
  '\n\r !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz' +
    '¡£¤¥§¿ÄÅÆÉÑÖØÜßàäåæÇèéìñòöøùüΓΔΘΛΞΠΣΦΨΩ',
);
// Reached through ESC, so 2 septets each. The backtick is in neither table.
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

/** Septets one character costs in GSM-7, or undefined when GSM-7 cannot carry it. */
function gsmSeptets(char: string): 1 | 2 | undefined {
  if (GSM_BASIC.has(char)) return 1;
  if (GSM_EXTENSION.has(char)) return 2;
  return undefined;
}

export function isGsm7(body: string): boolean {
  for (const char of body) if (gsmSeptets(char) === undefined) return false;
  return true;
}

/** Greedy packing of atomic sizes into parts of `room` units. */
function packedParts(sizes: readonly number[], room: number): number {
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > room) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return parts;
}

export function countSegments(body: string): SegmentCount {
  // Iterating a string yields code points, so a surrogate pair arrives as one character.
  const chars = [...body];
  const encoding: SmsEncoding = isGsm7(body) ? 'GSM-7' : 'UCS-2';
  const sizes = chars.map((char) => (encoding === 'GSM-7' ? gsmSeptets(char)! : char.length));
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const limits = SEGMENT_LIMITS[encoding];
  if (units === 0) return { encoding, units, segments: 0, perSegment: limits.single };
  if (units <= limits.single) return { encoding, units, segments: 1, perSegment: limits.single };
  return { encoding, units, segments: packedParts(sizes, limits.concatenated), perSegment: limits.concatenated };
}
