import sharp from 'sharp';
import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import { storeProfilePhoto } from '../instructors/photo-storage.ts';
import type { SeededRandom } from './random.ts';

/**
 * Portrait-like avatars for demo instructors: a soft two-tone gradient, a head-and-shoulders
 * silhouette and the person's initials, drawn as SVG and rendered once at the largest photo
 * size. Colours come from the seeded generator, so every machine draws the same faces.
 */

/** Soft background hues (degrees), picked per instructor and nudged a little. */
const HUES = [4, 18, 32, 45, 95, 140, 165, 185, 200, 215, 235, 260, 285, 320, 340] as const;

/**
 * The side the avatar is drawn at. Smaller than the largest photo size (800 px) on purpose: the
 * pipeline never upscales, so demo `large` photos are 480 px, which halves the photo time of the
 * first `npm start` (WebP-encoding 800 px costs about 30 ms per avatar, 200 avatars). The pages
 * show the 320 px size.
 */
export const DEMO_AVATAR_SIDE = 480;

export interface AvatarLook {
  hue: number;
  /** Which way the light falls across the background: 0 = from the top left, 1 = from the top right. */
  lightFromRight: boolean;
  /** How broad the shoulders are, 0–1. */
  build: number;
}

/** Draws the look of one avatar from the generator (always the same number of draws). */
export function pickAvatarLook(random: SeededRandom): AvatarLook {
  const hue = (random.pick(HUES) + random.int(-6, 6) + 360) % 360;
  return { hue, lightFromRight: random.chance(0.5), build: random.next() };
}

/** Up to two initials: first letters of the first and last word of the name. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = [...words[0]!][0]!;
  const last = words.length > 1 ? [...words[words.length - 1]!][0]! : '';
  return (first + last).toUpperCase();
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The avatar as an SVG square of `side` pixels (the drawing is laid out on an 800 grid). */
export function demoAvatarSvg(name: string, look: AvatarLook, side: number = DEMO_AVATAR_SIDE): string {
  const { hue } = look;
  const [x1, x2] = look.lightFromRight ? ['100%', '0%'] : ['0%', '100%'];
  const shoulder = Math.round(250 + look.build * 60); // half-width of the shoulders at the bottom edge
  const neck = 62;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}" viewBox="0 0 800 800">
  <defs>
    <linearGradient id="bg" x1="${x1}" y1="0%" x2="${x2}" y2="100%">
      <stop offset="0%" stop-color="hsl(${hue}, 62%, 86%)"/>
      <stop offset="100%" stop-color="hsl(${(hue + 28) % 360}, 48%, 66%)"/>
    </linearGradient>
    <linearGradient id="body" x1="0%" y1="0%" x2="0%" y2="100%">
      <stop offset="0%" stop-color="hsl(${hue}, 28%, 40%)"/>
      <stop offset="100%" stop-color="hsl(${hue}, 32%, 30%)"/>
    </linearGradient>
    <radialGradient id="glow" cx="50%" cy="36%" r="55%">
      <stop offset="0%" stop-color="#ffffff" stop-opacity="0.35"/>
      <stop offset="100%" stop-color="#ffffff" stop-opacity="0"/>
    </radialGradient>
  </defs>
  <rect width="800" height="800" fill="url(#bg)"/>
  <rect width="800" height="800" fill="url(#glow)"/>
  <g fill="url(#body)">
    <path d="M${400 - shoulder} 800 C ${400 - shoulder} 640, ${400 - shoulder + 70} 580, ${400 - neck - 60} 565 L ${400 - neck} 540 L ${400 + neck} 540 L ${400 + neck + 60} 565 C ${400 + shoulder - 70} 580, ${400 + shoulder} 640, ${400 + shoulder} 800 Z"/>
    <rect x="${400 - neck}" y="430" width="${neck * 2}" height="140" rx="30"/>
    <ellipse cx="400" cy="330" rx="128" ry="148"/>
  </g>
  <text x="400" y="735" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="118" font-weight="700"
    letter-spacing="6" text-anchor="middle" fill="#ffffff" fill-opacity="0.92">${escapeXml(initialsOf(name))}</text>
</svg>`;
}

/** The avatar rendered once as a PNG at DEMO_AVATAR_SIDE (the upload pipeline makes the smaller sizes from it). */
export function renderDemoAvatar(name: string, look: AvatarLook): Promise<Buffer> {
  // Opaque, so no alpha channel to carry through the encoders; PNG unzipped, as it is decoded straight away.
  return sharp(Buffer.from(demoAvatarSvg(name, look, DEMO_AVATAR_SIDE))).removeAlpha().png({ compressionLevel: 0 }).toBuffer();
}

/**
 * Renders the avatar and stores it under `prefix` exactly as an uploaded photo is stored: the
 * same processing (photo-processing.ts), the same sizes, keys and cache headers.
 */
export async function storeDemoAvatar(storage: StoragePort, prefix: string, name: string, look: AvatarLook): Promise<void> {
  await storeProfilePhoto(storage, prefix, await renderDemoAvatar(name, look));
}

/** A wrapper that lets at most `limit` of the tasks it is given run at once (the rest wait their turn, in order). */
export function limitConcurrency(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next task waiting, or free it.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
