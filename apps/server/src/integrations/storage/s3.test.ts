import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ControllableClock } from '../../platform/clock.ts';
import { readAll } from './read-all.ts';
import { S3Storage, s3ClientFor } from './s3.ts';
import { createStorage } from './storage.adapter.ts';

interface Recorded {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * The S3 adapter against a recording HTTP handler: no network, but the SDK's real
 * serialization, signing and error parsing, so this checks our translation.
 */
type Answer = { statusCode: number; headers?: Record<string, string | undefined>; body?: string };

function harness(answer: (request: Recorded) => Answer) {
  const requests: Recorded[] = [];
  const requestHandler = {
    async handle(request: Recorded) {
      requests.push(request);
      const response = answer(request);
      return { response: { statusCode: response.statusCode, headers: Object.fromEntries(Object.entries(response.headers ?? {}).filter(([, value]) => value !== undefined)), body: Readable.from([Buffer.from(response.body ?? '')]) } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
  const clock = new ControllableClock('2026-11-23T15:00:00Z');
  const client = s3ClientFor(
    { bucket: 'photos', endpoint: 'https://account.r2.cloudflarestorage.com', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    // The SDK signs requests with the system time plus this offset: pin it to the test clock so
    // the signing date does not depend on the day the suite runs.
    { requestHandler: requestHandler as never, maxAttempts: 1, systemClockOffset: clock.nowMs() - Date.now() },
  );
  return { requests, clock, storage: new S3Storage({ client, bucket: 'photos', clock }) };
}

const NO_SUCH_KEY = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>';

describe('S3Storage', () => {
  it('puts an object path-style with its content type and cache control', async () => {
    const { storage, requests } = harness(() => ({ statusCode: 200, headers: { etag: '"abc"' } }));
    await storage.put('instructors/u/photos/p/96.webp', Buffer.from('webp!'), { contentType: 'image/webp', cacheControl: 'public, max-age=31536000, immutable' });
    const [request] = requests;
    expect(request).toMatchObject({ method: 'PUT', hostname: 'account.r2.cloudflarestorage.com', path: '/photos/instructors/u/photos/p/96.webp' });
    expect(request!.headers['content-type']).toBe('image/webp');
    expect(request!.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261123\/auto\/s3\/aws4_request/);
    // No checksum headers: not every S3-compatible store accepts them.
    expect(Object.keys(request!.headers).filter((name) => name.startsWith('x-amz-checksum'))).toEqual([]);
  });

  it('reads an object and maps NoSuchKey to null', async () => {
    const { storage } = harness((request) =>
      request.path.endsWith('/missing.webp')
        ? { statusCode: 404, headers: { 'content-type': 'application/xml' }, body: NO_SUCH_KEY }
        : { statusCode: 200, headers: { 'content-type': 'image/webp', 'content-length': '5' }, body: 'webp!' },
    );
    const object = (await storage.get('a/present.webp'))!;
    expect(object.contentType).toBe('image/webp');
    expect(object.contentLength).toBe(5);
    expect((await readAll(object.body)).toString()).toBe('webp!');
    expect(await storage.get('a/missing.webp')).toBeNull();
  });

  it('passes other errors through', async () => {
    const { storage } = harness(() => ({ statusCode: 403, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>AccessDenied</Code><Message>no</Message></Error>' }));
    await expect(storage.get('a/b.webp')).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('deletes', async () => {
    const { storage, requests } = harness(() => ({ statusCode: 204 }));
    await storage.delete('a/b.webp');
    expect(requests[0]).toMatchObject({ method: 'DELETE', path: '/photos/a/b.webp' });
  });

  it('presigns GET URLs that stay identical within half their lifetime', async () => {
    const { storage, clock } = harness(() => ({ statusCode: 200 }));
    const first = new URL(await storage.signedGetUrl('a/b.webp', 3600));
    expect(first.origin + first.pathname).toBe('https://account.r2.cloudflarestorage.com/photos/a/b.webp');
    expect(first.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(first.searchParams.get('X-Amz-Date')).toBe('20261123T150000Z');
    clock.advance(29 * 60_000);
    expect(await storage.signedGetUrl('a/b.webp', 3600)).toBe(first.toString());
    clock.advance(2 * 60_000);
    expect(new URL(await storage.signedGetUrl('a/b.webp', 3600)).searchParams.get('X-Amz-Date')).toBe('20261123T153000Z');
  });

  it('presigns PUT URLs for an exact size and content type, refusing anything above the limit', async () => {
    const { storage } = harness(() => ({ statusCode: 200 }));
    const upload = await storage.presignedPutUrl('uploads/x.jpg', { contentType: 'image/jpeg', contentLength: 1234, maxBytes: 10_000, ttlSeconds: 600 });
    const url = new URL(upload.url);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect([...url.searchParams.keys()].some((name) => name.toLowerCase().includes('checksum'))).toBe(false);
    expect(upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/jpeg', 'content-length': '1234' } });
    expect(upload.expiresAt.toISOString()).toBe('2026-11-23T15:10:00.000Z');
    await expect(storage.presignedPutUrl('uploads/x.jpg', { contentType: 'image/jpeg', contentLength: 10_001, maxBytes: 10_000, ttlSeconds: 600 })).rejects.toThrow(RangeError);
  });
});

describe('createStorage', () => {
  const base = { NODE_ENV: 'development' as const, dataDir: '/tmp/instainstru-data', PUBLIC_URL: 'http://localhost:3000', ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') };
  const clock = new ControllableClock();

  it('uses S3 only with all four settings, memory in tests, local disk otherwise', () => {
    const s3 = { S3_BUCKET: 'b', S3_ENDPOINT: 'https://x.r2.cloudflarestorage.com', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' };
    expect(createStorage({ ...base, ...s3 }, { clock }).name).toBe('s3');
    expect(createStorage({ ...base, ...s3, S3_SECRET_ACCESS_KEY: undefined }, { clock }).name).toBe('local-disk');
    expect(createStorage({ ...base, NODE_ENV: 'test' } as never, { clock }).name).toBe('memory');
    expect(createStorage(base as never, { clock }).name).toBe('local-disk');
  });
});
