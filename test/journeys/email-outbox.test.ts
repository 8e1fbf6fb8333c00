import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmailRepository } from '../../apps/server/src/modules/notifications/email.repository.ts';
import { EmailService } from '../../apps/server/src/modules/notifications/email.service.ts';
import { ControllableClock } from '../../apps/server/src/platform/clock.ts';
import { PRODUCTION_ENV } from '../support/production-env.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

interface OutboxItem {
  id: string;
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  createdAt: string;
}

/** A developer reads what the app "sent" through the local outbox (GET /api/v1/dev/outbox/email). */
describe('development email outbox', () => {
  let t: TestApp;
  let email: EmailService;
  const clock = new ControllableClock('2026-11-23T15:00:00Z');

  const outbox = async (query = '') => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/dev/outbox/email${query}` });
    expect(response.statusCode).toBe(200);
    return (response.json() as { items: OutboxItem[] }).items;
  };

  beforeAll(async () => {
    t = await createTestApp({ clock, work: true, env: { PUBLIC_URL: 'http://localhost:5173' } });
    email = new EmailService(new EmailRepository(t.database.db), { jobs: t.jobs, ids: t.ids, clock: t.clock });
  });
  afterAll(() => t.close());

  it('shows each queued email once the send job has run, newest first, with working links', async () => {
    await t.database.db.transaction().execute((tx) => email.queue(tx, { to: 'Mia@Example.com', template: 'welcome', data: { name: 'Mia', token: 'verify-1' } }));
    await expect.poll(async () => (await outbox('?to=mia@example.com')).length, { timeout: 20_000, interval: 200 }).toBe(1);

    clock.advance(60_000);
    await t.database.db.transaction().execute((tx) =>
      email.queue(tx, { to: 'mia@example.com', template: 'password_reset', data: { name: 'Mia', token: 'reset-2' } }),
    );
    await expect.poll(async () => (await outbox('?to=mia@example.com')).length, { timeout: 20_000, interval: 200 }).toBe(2);

    const [newest, oldest] = await outbox('?to=MIA@example.com');
    expect(newest).toMatchObject({ to: 'mia@example.com', from: t.config.EMAIL_FROM, subject: 'Reset your InstaInstru password' });
    expect(oldest).toMatchObject({ to: 'Mia@Example.com', subject: 'Welcome to InstaInstru: please verify your email' });
    expect(Date.parse(newest!.createdAt)).toBeGreaterThan(Date.parse(oldest!.createdAt));
    expect(newest!.html).toContain('href="http://localhost:5173/reset-password?token=reset-2"');
    expect(newest!.text).toContain('http://localhost:5173/reset-password?token=reset-2');
    expect(oldest!.html).toContain('href="http://localhost:5173/verify-email?token=verify-1"');
    expect(newest).not.toHaveProperty('tags');
  });

  it('filters by recipient and limits the list', async () => {
    await t.database.db.transaction().execute((tx) =>
      email.queue(tx, { to: 'other@example.com', template: 'verify_email', data: { name: 'Other', token: 'x' } }),
    );
    await expect.poll(async () => (await outbox('?to=other@example.com')).length, { timeout: 20_000, interval: 200 }).toBe(1);
    expect((await outbox()).length).toBe(3);
    expect(await outbox('?limit=1')).toHaveLength(1);
    expect(await outbox('?to=nobody@example.com')).toEqual([]);
  });

  it('is never cached and rejects a bad limit as a field error', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/api/v1/dev/outbox/email' });
    expect(ok.headers['cache-control']).toBe('no-store');
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/dev/outbox/email?limit=0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['query.limit']);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(document.paths['/api/v1/dev/outbox/email'].get.tags).toEqual(['dev']);
    expect(document.components.schemas).toHaveProperty('DevOutboxEmail');
  });
});

describe('development email outbox in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: PRODUCTION_ENV,
    });
  });
  afterAll(() => t.close());

  it('does not exist', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/dev/outbox/email' });
    expect(response.statusCode).toBe(404);
  });
});
