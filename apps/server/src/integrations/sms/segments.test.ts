import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSegments, isGsm7 } from './segments.ts';

const GSM_BASIC =
  '\n\r !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz¡£¤¥§¿ÄÅÆÉÑÖØÜßàäåæÇèéìñòöøùüΓΔΘΛΞΠΣΦΨΩ';
const GSM_EXTENSION = '\f^{}\\[~]|€';
const a = (n: number) => 'a'.repeat(n);
const e = (n: number) => 'é'.repeat(n); // in GSM-7, so only useful mixed with a UCS-2 trigger
const cyr = (n: number) => 'ж'.repeat(n); // outside GSM-7: forces UCS-2, 1 code unit each

describe('countSegments: GSM-7', () => {
  it('holds the 127 basic characters (plus ESC) and the 10 extension characters', () => {
    expect([...GSM_BASIC]).toHaveLength(127);
    expect(countSegments(GSM_BASIC.slice(0, 120))).toMatchObject({ encoding: 'GSM-7', units: 120, segments: 1 });
    expect(countSegments(GSM_EXTENSION)).toEqual({ encoding: 'GSM-7', units: 20, segments: 1, perSegment: 160 });
  });

  it('counts the empty body as 0 segments', () => {
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0, perSegment: 160 });
  });

  it('fits exactly 160 characters in one SMS and splits at 161', () => {
    expect(countSegments(a(1))).toEqual({ encoding: 'GSM-7', units: 1, segments: 1, perSegment: 160 });
    expect(countSegments(a(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1, perSegment: 160 });
    expect(countSegments(a(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2, perSegment: 153 });
  });

  it('puts 153 characters in each concatenated part', () => {
    expect(countSegments(a(306)).segments).toBe(2);
    expect(countSegments(a(307)).segments).toBe(3);
    expect(countSegments(a(459)).segments).toBe(3);
    expect(countSegments(a(460)).segments).toBe(4);
    expect(countSegments(a(1530)).segments).toBe(10);
  });

  it.each([...GSM_EXTENSION])('counts the extension character %j as 2 septets', (char) => {
    expect(countSegments(char)).toEqual({ encoding: 'GSM-7', units: 2, segments: 1, perSegment: 160 });
    expect(countSegments(a(158) + char).segments).toBe(1);
    expect(countSegments(a(159) + char)).toMatchObject({ units: 161, segments: 2 });
  });

  it('counts the euro sign and form feed as 2 septets', () => {
    expect(countSegments('€').units).toBe(2);
    expect(countSegments('\f').units).toBe(2);
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('€'.repeat(81))).toMatchObject({ encoding: 'GSM-7', units: 162, segments: 2 });
  });

  it('never splits an escape pair between two parts', () => {
    // 152 + 2 would overflow the first part's 153 septets, so € opens the second part.
    expect(countSegments(a(152) + '€' + a(151))).toMatchObject({ units: 305, segments: 2 });
    expect(countSegments(a(152) + '€' + a(152))).toMatchObject({ units: 306, segments: 3 });
    // Without the straddle the same length fits in 2.
    expect(countSegments(a(151) + '€' + a(153))).toMatchObject({ units: 306, segments: 2 });
  });

  it('treats LF, CR, @, £, Ç and the Greek capitals as 1 septet', () => {
    expect(countSegments('\n\r@£ÇΔΩ')).toEqual({ encoding: 'GSM-7', units: 7, segments: 1, perSegment: 160 });
  });
});

describe('countSegments: UCS-2', () => {
  it('switches the whole message to UCS-2 for one character outside GSM-7', () => {
    expect(countSegments(a(100) + 'ж')).toEqual({ encoding: 'UCS-2', units: 101, segments: 2, perSegment: 67 });
    expect(countSegments(a(69) + 'ж')).toEqual({ encoding: 'UCS-2', units: 70, segments: 1, perSegment: 70 });
  });

  it('treats the backtick as outside GSM-7', () => {
    expect(isGsm7('`')).toBe(false);
    expect(countSegments('`')).toEqual({ encoding: 'UCS-2', units: 1, segments: 1, perSegment: 70 });
  });

  it.each(['ç', 'á', 'õ', '’', '“', '—', '…', 'ß\u0301', '\t', '\u00a0'])('treats %j as outside GSM-7', (char) => {
    expect(countSegments(char).encoding).toBe('UCS-2');
  });

  it('counts an emoji as 2 code units and switches to UCS-2', () => {
    expect(countSegments('😀')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1, perSegment: 70 });
    expect(countSegments(`See you at 3 ${'😀'}`)).toMatchObject({ encoding: 'UCS-2', units: 15 });
    // A ZWJ family: 4 astral people (8 units) and 3 joiners.
    expect(countSegments('👨‍👩‍👧‍👦').units).toBe(11);
  });

  it('fits exactly 70 code units in one SMS and splits at 71', () => {
    expect(countSegments(cyr(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1, perSegment: 70 });
    expect(countSegments(cyr(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2, perSegment: 67 });
    expect(countSegments(cyr(68) + '😀')).toMatchObject({ units: 70, segments: 1 });
    expect(countSegments(cyr(69) + '😀')).toMatchObject({ units: 71, segments: 2 });
  });

  it('puts 67 code units in each concatenated part', () => {
    expect(countSegments(cyr(134)).segments).toBe(2);
    expect(countSegments(cyr(135)).segments).toBe(3);
    expect(countSegments(cyr(201)).segments).toBe(3);
    expect(countSegments(cyr(202)).segments).toBe(4);
  });

  it('never splits a surrogate pair between two parts', () => {
    expect(countSegments(cyr(66) + '😀' + cyr(65))).toMatchObject({ units: 133, segments: 2 });
    expect(countSegments(cyr(66) + '😀' + cyr(66))).toMatchObject({ units: 134, segments: 3 });
    expect(countSegments(cyr(65) + '😀' + cyr(67))).toMatchObject({ units: 134, segments: 2 });
  });

  it('counts GSM extension characters as 1 code unit once the message is UCS-2', () => {
    expect(countSegments('€€€ж')).toEqual({ encoding: 'UCS-2', units: 4, segments: 1, perSegment: 70 });
  });

  it('counts mixed bodies by their UCS-2 code units', () => {
    const body = `${e(30)}{}${a(30)}ж😀`; // 30 + 2 + 30 + 1 + 2
    expect(countSegments(body)).toEqual({ encoding: 'UCS-2', units: 65, segments: 1, perSegment: 70 });
    expect(countSegments(body + a(6))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2, perSegment: 67 });
  });
});

describe('countSegments: properties', () => {
  const gsmChar = fc.constantFrom(...GSM_BASIC, ...GSM_EXTENSION);
  const gsmString = fc.array(gsmChar, { maxLength: 700 }).map((chars) => chars.join(''));
  const anyString = fc.oneof(
    gsmString,
    fc.string({ unit: 'grapheme', maxLength: 400 }),
    fc.string({ unit: 'binary', maxLength: 400 }),
  );

  it('never uses UCS-2 for a GSM-only body, and counts its septets', () => {
    fc.assert(
      fc.property(gsmString, (body) => {
        const count = countSegments(body);
        expect(count.encoding).toBe('GSM-7');
        const extensions = [...body].filter((char) => GSM_EXTENSION.includes(char)).length;
        expect(count.units).toBe([...body].length + extensions);
      }),
    );
  });

  it('never needs fewer segments for a longer body (appending never helps)', () => {
    fc.assert(
      fc.property(anyString, anyString, (head, tail) => {
        expect(countSegments(head + tail).segments).toBeGreaterThanOrEqual(countSegments(head).segments);
      }),
    );
  });

  it('uses the fewest parts that respect the per-segment room', () => {
    fc.assert(
      fc.property(anyString, (body) => {
        const { units, segments, perSegment } = countSegments(body);
        if (units === 0) {
          expect(segments).toBe(0);
          return;
        }
        expect(units).toBeLessThanOrEqual(segments * perSegment);
        expect(segments).toBeGreaterThanOrEqual(Math.ceil(units / perSegment));
        // Atomic pairs can waste at most one unit per part.
        expect(segments).toBeLessThanOrEqual(Math.ceil(units / (perSegment - 1)));
      }),
    );
  });
});
