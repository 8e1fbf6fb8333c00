import { JITTER_MAX_METRES } from '../geo/jitter.ts';

/**
 * The approximate studio point shown to the public (PRODUCT.md §2) comes from the geo module's
 * keyed jitter (modules/geo/jitter.ts); the instructors module only depends on its shape.
 */
export type StudioJitter = (instructorId: string, lat: number, lng: number) => { lat: number; lng: number };

/** How far the public point may be from the studio: the radius the profile page draws. */
export const JITTER_MAX_METERS = JITTER_MAX_METRES;
