import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/support/test-app.ts';
import { openTestDatabase } from '../../../../../test/support/test-database.ts';
import { OutboxSms } from '../../integrations/sms/outbox.ts';
import { ControllableClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { requireAccessDeclarations } from '../../platform/http/access.ts';
import { registerProblemHandler } from '../../platform/http/problem.ts';
import { createIdGenerator } from '../../platform/ids.ts';
import { permissionsOf } from '../accounts/permissions.ts';
import { smsOutboxRoutes } from '../notifications/sms.outbox.routes.ts';
import { SmsRepository } from '../notifications/sms.repository.ts';
import { SmsService } from '../notifications/sms.service.ts';
import { insertUser, startSmsJobs, type SmsJobsHarness } from '../notifications/sms.testing.ts';
import { deriveCodeKey } from './phone.policy.ts';
import { PhoneRepository } from './phone.repository.ts';
import { phoneRoutes } from './phone.routes.ts';
import { PhoneService } from './phone.service.ts';

/**
 * The phone routes over HTTP: schemas, statuses and problem+json. Signing in belongs to the
 * accounts module, so here a test hook plays the authentication hook and turns an
 * `x-test-user` header into `request.principal`.
 */
describe('phone routes', () => {
  let database: Database;
  let harness: SmsJobsHarness;
  let app: FastifyInstance;
  const clock = new ControllableClock('2026-01-15T15:00:00Z');
  const ids = createIdGenerator(clock);

  beforeAll(async () => {
    database = await openTestDatabase();
    harness = await startSmsJobs(database, { sms: new OutboxSms({ db: database.db, clock }), clock });
    const phone = new PhoneService({
      db: database.db,
      repository: new PhoneRepository(),
      sms: new SmsService({ repository: new SmsRepository(database.db), jobs: harness.jobs, clock, ids }),
      clock,
      ids,
      codeKey: deriveCodeKey(Buffer.alloc(32, 'test').toString('base64')),
      generateCode: () => '246810',
    });
    app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerProblemHandler(app);
    requireAccessDeclarations(app);
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      const userId = request.headers['x-test-user'];
      if (typeof userId === 'string') {
        request.principal = { kind: 'user', userId, sessionId: 'S', roles: ['student'], permissions: permissionsOf(['student']) };
      }
    });
    await app.register(
      async (api) => {
        await api.register(phoneRoutes(phone));
        await api.register(smsOutboxRoutes({ db: database.db }));
      },
      { prefix: '/api/v1' },
    );
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await harness.stop();
    await database.close();
  });

  const post = (url: string, userId: string | undefined, payload: object) =>
    app.inject({ method: 'POST', url, payload, headers: userId ? { 'x-test-user': userId } : {} });

  it('requests a code (202), rejects a wrong one (400 with attempts left), accepts the right one', async () => {
    const userId = await insertUser(database.db, ids);
    const started = await post('/api/v1/me/phone', userId, { phone: '(212) 555-0100' });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toEqual({ phone: '+12125550100', expiresAt: '2026-01-15T15:10:00.000Z' });

    const wrong = await post('/api/v1/me/phone/verify', userId, { code: '111111' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json()).toMatchObject({
      code: 'bad_request',
      detail: 'That code is not correct; 4 attempts left',
      remainingAttempts: 4,
      errors: [{ field: 'body.code', reason: 'does not match the code we sent' }],
    });

    const verified = await post('/api/v1/me/phone/verify', userId, { code: '246810' });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toEqual({ phone: '+12125550100', verifiedAt: '2026-01-15T15:00:00.000Z' });
  });

  it('answers field errors for a bad phone or a code that is not 6 digits', async () => {
    const userId = await insertUser(database.db, ids);
    const badPhone = await post('/api/v1/me/phone', userId, { phone: '555-0100' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'body.phone', reason: expect.stringContaining('10 digits') }],
    });

    const badCode = await post('/api/v1/me/phone/verify', userId, { code: '12345' });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body.code' }] });
  });

  it('says 404 when nothing is pending, 410 when the code expired, 429 with Retry-After when too soon', async () => {
    const userId = await insertUser(database.db, ids);
    expect((await post('/api/v1/me/phone/verify', userId, { code: '246810' })).statusCode).toBe(404);

    clock.set('2026-01-15T16:00:00Z');
    expect((await post('/api/v1/me/phone', userId, { phone: '(718) 555-0100' })).statusCode).toBe(202);
    const again = await post('/api/v1/me/phone', userId, { phone: '(718) 555-0100' });
    expect(again.statusCode).toBe(429);
    expect(again.headers['retry-after']).toBe('60');

    clock.advance(10 * 60_000);
    const expired = await post('/api/v1/me/phone/verify', userId, { code: '246810' });
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({ code: 'gone', reason: 'expired' });
  });

  it('answers 401 without a principal', async () => {
    const response = await post('/api/v1/me/phone', undefined, { phone: '(212) 555-0100' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('lists the local outbox newest first, filtered by recipient', async () => {
    await harness.drain(); // what earlier tests queued
    clock.set('2026-01-15T18:00:00Z');
    const first = await insertUser(database.db, ids);
    const second = await insertUser(database.db, ids);
    // The outbox records sending order, so each code is delivered before the next is asked for.
    await post('/api/v1/me/phone', first, { phone: '(347) 555-0101' });
    await harness.drain();
    clock.advance(1000);
    await post('/api/v1/me/phone', second, { phone: '(347) 555-0102' });
    await harness.drain();

    const all = (await app.inject({ method: 'GET', url: '/api/v1/dev/outbox/sms' })).json() as {
      items: Array<Record<string, unknown>>;
    };
    expect(all.items.map((item) => item.to).slice(0, 2)).toEqual(['+13475550102', '+13475550101']);
    const mine = await app.inject({ method: 'GET', url: '/api/v1/dev/outbox/sms?to=%2B13475550101' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual({
      items: [
        {
          id: expect.stringMatching(/^SM[0-9a-f]{32}$/),
          to: '+13475550101',
          from: '+15005550006',
          body: expect.stringContaining('246810'),
          segments: 1,
          createdAt: '2026-01-15T18:00:00.000Z',
        },
      ],
    });
    const bad = await app.inject({ method: 'GET', url: '/api/v1/dev/outbox/sms?to=3475550101' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ field: 'query.to' }] });
  });
});

describe('phone and outbox routes in the application', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('are registered: the outbox answers in development, the phone routes need a user', async () => {
    const outbox = await t.app.inject({ method: 'GET', url: '/api/v1/dev/outbox/sms' });
    expect(outbox.statusCode).toBe(200);
    expect(outbox.json()).toEqual({ items: [] });
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/me/phone', payload: { phone: '(212) 555-0100' } });
    expect(anonymous.statusCode).toBe(401);
  });
});
