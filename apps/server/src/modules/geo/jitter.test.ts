import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStudioJitter, deriveJitterKey, destination, haversineMetres, jitteredLocation, jitterOffset, JITTER_MAX_METRES, JITTER_MIN_METRES } from './jitter.ts';

const key = deriveJitterKey(Buffer.alloc(32, 'test-encryption-key').toString('base64'));
const otherKey = deriveJitterKey(Buffer.alloc(32, 'another-key').toString('base64'));
const studio = { lat: 40.6710, lng: -73.9814 }; // Park Slope
const ulid = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/);
// Rounding to 5 decimals moves the point by at most ~0.8 m.
const ROUNDING_METRES = 1;

describe('studio location jitter', () => {
  it('is stable: the same instructor always gets the same point', () => {
    const id = '01JD0000000000000000000001';
    expect(jitteredLocation(studio, id, key)).toEqual(jitteredLocation(studio, id, key));
    expect(jitteredLocation(studio, id, deriveJitterKey(Buffer.alloc(32, 'test-encryption-key').toString('base64')))).toEqual(
      jitteredLocation(studio, id, key),
    );
  });

  it('moves every studio between 200 and 400 m (haversine)', () => {
    fc.assert(
      fc.property(ulid, fc.double({ min: 40.45, max: 40.95, noNaN: true }), fc.double({ min: -74.3, max: -73.65, noNaN: true }), (id, lat, lng) => {
        const distance = haversineMetres({ lat, lng }, jitteredLocation({ lat, lng }, id, key));
        return distance >= JITTER_MIN_METRES - ROUNDING_METRES && distance <= JITTER_MAX_METRES + ROUNDING_METRES;
      }),
      { numRuns: 2_000 },
    );
  });

  it('differs between instructors and between keys, and spreads in every direction', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `01JD${String(i).padStart(22, '0')}`);
    const points = ids.map((id) => jitteredLocation(studio, id, key));
    expect(new Set(points.map((p) => `${p.lat},${p.lng}`)).size).toBe(ids.length);
    expect(jitteredLocation(studio, ids[0]!, otherKey)).not.toEqual(points[0]);
    const quadrants = new Set(points.map((p) => `${p.lat > studio.lat}${p.lng > studio.lng}`));
    expect(quadrants.size).toBe(4);
    const distances = ids.map((id) => jitterOffset(id, key).metres);
    expect(Math.min(...distances)).toBeLessThan(220);
    expect(Math.max(...distances)).toBeGreaterThan(380);
  });

  it('spreads evenly over the ring’s area, and is offered as a plain function', () => {
    const distances = Array.from({ length: 4_000 }, (_, i) => jitterOffset(`01JD${String(i).padStart(22, '0')}`, key).metres);
    // Half the ring's area lies beyond sqrt((200² + 400²) / 2) ≈ 316 m.
    const outer = distances.filter((metres) => metres > Math.sqrt((JITTER_MIN_METRES ** 2 + JITTER_MAX_METRES ** 2) / 2)).length;
    expect(outer / distances.length).toBeGreaterThan(0.45);
    expect(outer / distances.length).toBeLessThan(0.55);
    const id = '01JD0000000000000000000042';
    expect(createStudioJitter(key)(id, studio.lat, studio.lng)).toEqual(jitteredLocation(studio, id, key));
  });

  it('destination() and haversineMetres() agree', () => {
    for (const bearing of [0, Math.PI / 3, Math.PI, 5]) {
      expect(haversineMetres(studio, destination(studio, bearing, 300))).toBeCloseTo(300, 6);
    }
    expect(destination(studio, 0, 1_000).lat).toBeGreaterThan(studio.lat);
    expect(haversineMetres({ lat: 40.6710, lng: -73.9814 }, { lat: 40.7128, lng: -74.006 })).toBeCloseTo(5_100, -2);
  });
});
