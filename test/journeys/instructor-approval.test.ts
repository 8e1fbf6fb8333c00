import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClientIp, anAdmin, aPublishedInstructor, signIn } from '../support/builders.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** Approval means someone else looked at the profile (PRODUCT.md §12). */
describe('instructor approval', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses an admin approving their own instructor profile, and lets another admin approve it', async () => {
    const teachingAdmin = await aPublishedInstructor(t, { approved: false });
    await t.database.db.updateTable('users').set({ roles: ['instructor', 'admin'] }).where('id', '=', teachingAdmin.id).execute();
    const self = await signIn(t, teachingAdmin);

    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/instructors/${teachingAdmin.id}/approve`,
      headers: { authorization: self.authorization },
      remoteAddress: aClientIp(),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'self_approval', status: 403, detail: expect.stringContaining('another admin') });
    const row = await t.database.db.selectFrom('instructorProfiles').select('approvedAt').where('userId', '=', teachingAdmin.id).executeTakeFirstOrThrow();
    expect(row.approvedAt).toBeNull();

    const other = await signIn(t, await anAdmin(t));
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/instructors/${teachingAdmin.id}/approve`,
      headers: { authorization: other.authorization },
      remoteAddress: aClientIp(),
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ instructorId: teachingAdmin.id });

    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/instructors/${teachingAdmin.id}/approve`,
      headers: { authorization: self.authorization },
      remoteAddress: aClientIp(),
    });
    expect(again.statusCode).toBe(403);
  });
});
