import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ControllableClock } from '../../platform/clock.ts';
import { LocalDiskStorage } from './local-disk.ts';
import { MemoryStorage } from './memory.ts';
import { readAll } from './read-all.ts';
import type { StoragePort } from './storage.port.ts';
import { UrlSigner } from './url-signer.ts';

const clock = new ControllableClock('2026-11-23T15:00:00Z');
const signer = UrlSigner.fromSecret('test-secret', clock);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'instainstru-storage-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const adapters: Array<[string, () => StoragePort]> = [
  ['memory', () => new MemoryStorage({ signer, baseUrl: 'http://localhost:3000' })],
  ['local-disk', () => new LocalDiskStorage({ root, signer, baseUrl: 'http://localhost:3000' })],
];

/** What every storage adapter promises; the S3 adapter's translation is tested in s3.test.ts. */
describe.each(adapters)('storage contract: %s', (_name, make) => {
  const storage = make();

  it('stores, reads back, replaces and deletes an object', async () => {
    const key = `photos/${_name}/a.webp`;
    expect(await storage.get(key)).toBeNull();
    await storage.put(key, Buffer.from('first'), { contentType: 'image/webp' });
    await storage.put(key, Buffer.from('second!'), { contentType: 'image/webp' });
    const object = (await storage.get(key))!;
    expect(object.contentType).toBe('image/webp');
    expect(object.contentLength).toBe(7);
    expect((await readAll(object.body)).toString()).toBe('second!');
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it('refuses keys that could leave the storage area', async () => {
    for (const key of ['../etc/passwd', '/abs.webp', 'a//b.webp', 'a/../b.webp', '.hidden.webp', 'a/./b.webp', 'a\\b.webp', 'a b.webp', '']) {
      await expect(storage.put(key, Buffer.from('x'), { contentType: 'image/webp' }), key).rejects.toThrow(RangeError);
      await expect(storage.get(key), key).rejects.toThrow(RangeError);
    }
  });

  it('signs links to the media route that stay the same within a window', async () => {
    const url = new URL(await storage.signedGetUrl('photos/x/96.webp', 3600));
    expect(url.origin + url.pathname).toBe('http://localhost:3000/api/v1/media/photos/x/96.webp');
    expect(signer.verify('photos/x/96.webp', Number(url.searchParams.get('expires')), url.searchParams.get('signature')!)).toBe('valid');
    expect(await storage.signedGetUrl('photos/x/96.webp', 3600)).toBe(url.toString());
  });

  it('does not offer direct uploads', async () => {
    expect(await storage.presignedPutUrl('photos/x.webp', { contentType: 'image/webp', contentLength: 10, maxBytes: 100, ttlSeconds: 60 })).toBeNull();
  });
});

describe('local disk specifics', () => {
  const storage = new LocalDiskStorage({ root, signer, baseUrl: 'http://localhost:3000' });

  it('keeps files under the root and leaves no temporary files behind', async () => {
    await storage.put('instructors/u/photos/p/320.webp', Buffer.from('img'), { contentType: 'image/webp' });
    expect(fs.readFileSync(path.join(root, 'instructors/u/photos/p/320.webp'), 'utf8')).toBe('img');
    expect(fs.readdirSync(path.join(root, 'instructors/u/photos/p'))).toEqual(['320.webp']);
  });

  it('derives the content type from the extension and refuses a disagreeing one', async () => {
    await expect(storage.put('x/photo.webp', Buffer.from('x'), { contentType: 'text/html' })).rejects.toThrow(/implies image\/webp/);
    await storage.put('x/notes.bin', Buffer.from('x'), { contentType: 'application/octet-stream' });
    expect((await storage.get('x/notes.bin'))!.contentType).toBe('application/octet-stream');
  });

  it('answers null for a directory', async () => {
    expect(await storage.get('instructors/u')).toBeNull();
  });
});
