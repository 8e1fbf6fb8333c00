import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Where the public profile shows an instructor's studio (PRODUCT.md §2): a point 200–400 m
 * from the real one, in a direction and at a distance fixed per instructor, so refreshing the
 * page never reveals more (no averaging of many random draws). The offset comes from an HMAC
 * with a server key: a plain hash of the instructor id would let anyone with the source code
 * compute the offset and subtract it.
 */
export interface LatLng {
  lat: number;
  lng: number;
}

export const JITTER_MIN_METRES = 200;
export const JITTER_MAX_METRES = 400;
/** Mean Earth radius (IUGG), the same in the haversine check. */
export const EARTH_RADIUS_METRES = 6_371_008.8;

/** A 32-byte key for the jitter, derived from ENCRYPTION_KEY (base64) and used for nothing else. */
export function deriveJitterKey(encryptionKeyBase64: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(encryptionKeyBase64, 'base64'), Buffer.alloc(0), 'instainstru studio location jitter v1', 32));
}

/**
 * Bearing (radians) and distance (metres) of this instructor's offset: uniform over the area
 * of the 200–400 m ring, so offsets do not bunch near its inner edge.
 */
export function jitterOffset(instructorId: string, key: Buffer): { bearing: number; metres: number } {
  const digest = createHmac('sha256', key).update(instructorId).digest();
  const unit = (offset: number) => digest.readUInt32BE(offset) / 2 ** 32;
  const inner = JITTER_MIN_METRES ** 2;
  return { bearing: unit(0) * 2 * Math.PI, metres: Math.sqrt(inner + unit(4) * (JITTER_MAX_METRES ** 2 - inner)) };
}

/** The point `metres` away from `from` along `bearing` (radians from north), on a sphere. */
export function destination(from: LatLng, bearing: number, metres: number): LatLng {
  const angular = metres / EARTH_RADIUS_METRES;
  const lat1 = (from.lat * Math.PI) / 180;
  const lng1 = (from.lng * Math.PI) / 180;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearing));
  const lng2 = lng1 + Math.atan2(Math.sin(bearing) * Math.sin(angular) * Math.cos(lat1), Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: (lat2 * 180) / Math.PI, lng: ((((lng2 * 180) / Math.PI + 540) % 360) - 180) };
}

/** Great-circle distance in metres. */
export function haversineMetres(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The studio as the public sees it: stable per instructor, rounded to 5 decimals (about 1 m). */
export function jitteredLocation(studio: LatLng, instructorId: string, key: Buffer): LatLng {
  const { bearing, metres } = jitterOffset(instructorId, key);
  const point = destination(studio, bearing, metres);
  const round = (value: number) => Math.round(value * 1e5) / 1e5;
  return { lat: round(point.lat), lng: round(point.lng) };
}

/** The jitter as a plain function of (instructor, exact point), the shape the instructors module takes. */
export function createStudioJitter(key: Buffer): (instructorId: string, lat: number, lng: number) => LatLng {
  return (instructorId, lat, lng) => jitteredLocation({ lat, lng }, instructorId, key);
}
