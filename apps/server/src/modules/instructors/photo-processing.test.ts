import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import { PHOTO_MAX_BYTES, photoDecodes, processProfilePhoto } from './photo-processing.ts';

/** Images are generated here, so the tests carry no binary fixtures. */
function solid(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 40 } } });
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A PNG whose header claims a 16-bit RGBA image of this size, with a few bytes of pixel data:
 * 69 bytes that would decode to hundreds of megabytes. Any attempt to decode it fails as "damaged", so a
 * refusal naming the size proves it was judged from the header alone.
 */
function pngHeaderOnly(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(16, 8); // bit depth
  ihdr.writeUInt8(6, 9); // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(100))), chunk('IEND', Buffer.alloc(0))]);
}

async function refusal(bytes: Buffer): Promise<DomainError> {
  const error = await processProfilePhoto(bytes).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('processProfilePhoto', () => {
  it('turns a JPEG into three square WebP sizes', async () => {
    const photo = await processProfilePhoto(await solid(1200, 900).jpeg().toBuffer());
    expect(photo.source).toEqual({ format: 'jpeg', width: 1200, height: 900 });
    expect(photo.variants.map((variant) => [variant.name, variant.side])).toEqual([
      ['small', 96],
      ['medium', 320],
      ['large', 800],
    ]);
    for (const variant of photo.variants) {
      const metadata = await sharp(variant.body).metadata();
      expect(metadata).toMatchObject({ format: 'webp', width: variant.side, height: variant.side });
    }
  });

  it('accepts PNG and WebP, and never upscales a small original', async () => {
    const png = await processProfilePhoto(await solid(300, 500).png().toBuffer());
    expect(png.variants.map((variant) => variant.side)).toEqual([96, 300, 300]);
    const webp = await processProfilePhoto(await solid(200, 200).webp().toBuffer());
    expect(webp.source.format).toBe('webp');
    expect(webp.variants.map((variant) => variant.side)).toEqual([96, 200, 200]);
  });

  it('judges a portrait phone photo by its upright size', async () => {
    // Stored 250 wide × 400 high, shown rotated a quarter turn: 400 wide × 250 high upright.
    const rotated = await solid(250, 400).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect((await processProfilePhoto(rotated)).source).toEqual({ format: 'jpeg', width: 400, height: 250 });
    const tooNarrow = await solid(400, 199).withMetadata({ orientation: 8 }).jpeg().toBuffer();
    expect((await refusal(tooNarrow)).details.errors).toEqual([{ field: 'body.photo', reason: 'is 199×400 pixels; photos must be at least 200×200' }]);
  });

  it('strips metadata, including the GPS position', async () => {
    const withGps = await solid(600, 600)
      .withExif({
        IFD0: { Make: 'PhoneCam', Model: 'Serial 12345' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 40/1 1234/100', GPSLongitudeRef: 'W', GPSLongitude: '73/1 58/1 0/1' },
      })
      .jpeg()
      .toBuffer();
    expect((await sharp(withGps).metadata()).exif).toBeDefined();
    const photo = await processProfilePhoto(withGps);
    for (const variant of photo.variants) {
      const metadata = await sharp(variant.body).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
      expect(variant.body.includes(Buffer.from('PhoneCam'))).toBe(false);
    }
  });

  it('judges by content: a text file named .jpg is refused as unsupported (415)', async () => {
    const error = await refusal(Buffer.from('this is not a photo, just text pretending to be photo.jpg\n'.repeat(20)));
    expect(error.code).toBe('unsupported_media_type');
    expect(error.message).toBe('This file is not an image we can read. Upload a JPEG, PNG or WebP photo.');
  });

  it('refuses images in other formats, SVG included (scripts)', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><script>alert(1)</script><rect width="300" height="300"/></svg>');
    expect((await refusal(svg)).message).toMatch(/^SVG images are not accepted/);
    expect((await refusal(await solid(300, 300).gif().toBuffer())).message).toMatch(/^GIF images are not accepted/);
    const avif = await refusal(await solid(300, 300).avif().toBuffer());
    expect(avif.code).toBe('unsupported_media_type');
    expect(avif.message).toMatch(/HEIC\/AVIF images are not accepted.*iPhone/);
  });

  it('refuses images that are too small or too large in pixels (400)', async () => {
    const small = await refusal(await solid(199, 400).jpeg().toBuffer());
    expect(small.code).toBe('validation_failed');
    expect(small.details.errors).toEqual([{ field: 'body.photo', reason: 'is 199×400 pixels; photos must be at least 200×200' }]);
    const huge = await refusal(await solid(8001, 200).png({ compressionLevel: 9 }).toBuffer());
    expect(huge.details.errors).toEqual([{ field: 'body.photo', reason: 'is 8001×200 pixels; photos can be at most 8000×8000' }]);
  });

  it('refuses more than 40 megapixels from the header, before decoding (400)', async () => {
    const error = await refusal(pngHeaderOnly(8000, 8000));
    expect(error.code).toBe('validation_failed');
    expect(error.details.errors).toEqual([{ field: 'body.photo', reason: 'is 8000×8000 pixels (64 megapixels); photos can be at most 40 megapixels' }]);
    // Within every side limit but over the pixel budget.
    const wide = await refusal(pngHeaderOnly(8000, 5001));
    expect(wide.details.errors?.[0]?.reason).toContain('at most 40 megapixels');
    // Exactly at the budget, the same header-only file gets as far as decoding (and is damaged).
    const atLimit = await refusal(pngHeaderOnly(8000, 5000));
    expect(atLimit.message).toBe('The photo could not be read: the file looks damaged or incomplete.');
  });

  it('decodes at most two photos at once; more wait, and beyond the queue are told to retry (429)', async () => {
    const photo = await solid(300, 300).png().toBuffer();
    // Hold both decode slots and fill the waiting line with work we release by hand.
    const releases: Array<() => void> = [];
    const held = Array.from({ length: photoDecodes.maxActive + photoDecodes.maxWaiting }, () =>
      photoDecodes.run(() => new Promise<void>((resolve) => releases.push(resolve))),
    );
    expect(photoDecodes.activeCount).toBe(2);
    expect(photoDecodes.waitingCount).toBe(8);
    const refused = await refusal(photo);
    expect(refused.code).toBe('rate_limited');
    expect(refused.details.retryAfterSeconds).toBe(2);
    // Releasing the line lets the next upload through.
    while (releases.length > 0 || photoDecodes.activeCount > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(held);
    expect(photoDecodes.waitingCount).toBe(0);
    expect((await processProfilePhoto(photo)).variants).toHaveLength(3);
  });

  it('refuses more than 10 MB (413)', async () => {
    const error = await refusal(Buffer.alloc(PHOTO_MAX_BYTES + 1));
    expect(error.code).toBe('payload_too_large');
    expect(error.message).toBe('The photo is 10.0 MB; photos can be at most 10 MB.');
  });

  it('refuses a damaged image', async () => {
    const jpeg = await solid(600, 600).jpeg().toBuffer();
    const error = await refusal(jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('The photo could not be read: the file looks damaged or incomplete.');
  });
});
