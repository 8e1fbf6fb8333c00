import sharp, { type Metadata } from 'sharp';
import { DomainError } from '../../platform/errors.ts';
import { DecodeGate } from './photo-decode-gate.ts';

/**
 * Profile photos (PRODUCT.md §2): judged by their content, never by the file name or the
 * declared type. A photo must decode as JPEG, PNG or WebP, be at most 10 MB and between
 * 200×200 and 8000×8000 pixels. It is turned upright, cropped to a square around what draws
 * the eye, and re-encoded as WebP in three sizes; re-encoding drops every byte of metadata
 * (EXIF GPS position, camera serial numbers) and anything hidden after the image data.
 */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_MIN_SIDE = 200;
export const PHOTO_MAX_SIDE = 8000;
export const PHOTO_FORMATS = ['jpeg', 'png', 'webp'] as const;
/**
 * At most 40 megapixels (8000×5000), read from the header before anything is decoded. Every
 * phone and most cameras shoot at 12–24 MP, our largest size is 800 px, and an 8000×8000
 * (64 MP) 16-bit PNG costs over 100 MB to decode: more pixels buy nothing but memory.
 */
export const PHOTO_MAX_PIXELS = 40_000_000;

/**
 * Two decodes at once (the machine's cores do the work anyway); eight more wait, holding at
 * most their 10 MB upload each; the rest are told to retry.
 */
export const photoDecodes = new DecodeGate(2, 8);

/** Square sizes in pixels; the names are what API responses use. */
export const PHOTO_SIZES = { small: 96, medium: 320, large: 800 } as const;
export type PhotoSizeName = keyof typeof PHOTO_SIZES;

export interface PhotoVariant {
  name: PhotoSizeName;
  /** Side of the square; smaller than the nominal size when the original is smaller (never upscaled). */
  side: number;
  body: Buffer;
  contentType: 'image/webp';
}

export interface ProcessedPhoto {
  source: { format: string; width: number; height: number };
  variants: PhotoVariant[];
}

const FORMAT_NAMES: Record<string, string> = { gif: 'GIF', svg: 'SVG', tiff: 'TIFF', heif: 'HEIC/AVIF', raw: 'raw', jp2k: 'JPEG 2000', pdf: 'PDF' };

const unsupported = (detail: string) => new DomainError('unsupported_media_type', detail, { errors: [{ field: 'body.photo', reason: detail }] });
const invalid = (reason: string) => new DomainError('validation_failed', `The photo ${reason}.`, { errors: [{ field: 'body.photo', reason }] });

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function megapixels(pixels: number): string {
  return `${Math.round(pixels / 1_000_000)} megapixels`;
}

export function tooLarge(bytes?: number): DomainError {
  const detail = `The photo is ${bytes === undefined ? 'larger than 10 MB' : megabytes(bytes)}; photos can be at most 10 MB.`;
  return new DomainError('payload_too_large', detail, { errors: [{ field: 'body.photo', reason: 'is larger than 10 MB' }] });
}

/** Reads what the bytes really are; throws the problem a person can act on. */
async function inspect(bytes: Buffer): Promise<ProcessedPhoto['source']> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw unsupported('This file is not an image we can read. Upload a JPEG, PNG or WebP photo.');
  }
  const format = metadata.format ?? 'unknown';
  if (!(PHOTO_FORMATS as readonly string[]).includes(format)) {
    const name = FORMAT_NAMES[format] ?? format.toUpperCase();
    const hint = format === 'heif' ? ' On an iPhone, share the photo as JPEG (or choose "Most Compatible" in Settings → Camera → Formats).' : '';
    throw unsupported(`${name} images are not accepted. Upload a JPEG, PNG or WebP photo.${hint}`);
  }
  // Upright dimensions: a portrait phone photo is stored landscape with an EXIF orientation.
  const { width, height } = metadata.autoOrient ?? metadata;
  if (!width || !height) throw unsupported('This image has no size we can read. Upload a JPEG, PNG or WebP photo.');
  if (width < PHOTO_MIN_SIDE || height < PHOTO_MIN_SIDE) {
    throw invalid(`is ${width}×${height} pixels; photos must be at least ${PHOTO_MIN_SIDE}×${PHOTO_MIN_SIDE}`);
  }
  if (width > PHOTO_MAX_SIDE || height > PHOTO_MAX_SIDE) {
    throw invalid(`is ${width}×${height} pixels; photos can be at most ${PHOTO_MAX_SIDE}×${PHOTO_MAX_SIDE}`);
  }
  if (width * height > PHOTO_MAX_PIXELS) {
    throw invalid(`is ${width}×${height} pixels (${megapixels(width * height)}); photos can be at most ${megapixels(PHOTO_MAX_PIXELS)}`);
  }
  return { format, width, height };
}

export async function processProfilePhoto(bytes: Buffer): Promise<ProcessedPhoto> {
  if (bytes.length > PHOTO_MAX_BYTES) throw tooLarge(bytes.length);
  const source = await inspect(bytes);
  const largest = Math.min(PHOTO_SIZES.large, source.width, source.height);
  return photoDecodes.run(() => resize(bytes, source, largest));
}

async function resize(bytes: Buffer, source: ProcessedPhoto['source'], largest: number): Promise<ProcessedPhoto> {
  try {
    // One decode and one smart crop; the smaller sizes come from that square, so all three match.
    const square = await sharp(bytes, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: 'error' })
      .autoOrient()
      .resize(largest, largest, { fit: 'cover', position: sharp.strategy.attention })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { width: square.info.width, height: square.info.height, channels: square.info.channels };
    const variants = await Promise.all(
      (Object.entries(PHOTO_SIZES) as Array<[PhotoSizeName, number]>).map(async ([name, size]) => {
        const side = Math.min(size, largest);
        const body = await sharp(square.data, { raw }).resize(side, side).webp({ quality: 82, effort: 4 }).toBuffer();
        return { name, side, body, contentType: 'image/webp' as const };
      }),
    );
    return { source, variants };
  } catch {
    throw invalid('could not be read: the file looks damaged or incomplete');
  }
}
