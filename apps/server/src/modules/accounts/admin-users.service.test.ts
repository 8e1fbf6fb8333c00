import { describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/auth/principal.ts';
import { AdminUsersService } from './admin-users.service.ts';
import { permissionsOf, type Role } from './permissions.ts';

const person = (roles: Role[]): Principal => ({ kind: 'user', userId: '01JAAAAAAAAAAAAAAAAAAAAAAA', sessionId: 's', roles, permissions: permissionsOf(roles) });

const row = (id: string) => ({
  id,
  email: `${id.toLowerCase()}@example.com`,
  name: `User ${id}`,
  roles: ['student' as const],
  emailVerifiedAt: id.endsWith('3') ? new Date('2026-11-01T00:00:00Z') : null,
  totpEnabledAt: null,
  createdAt: new Date('2026-10-01T00:00:00Z'),
});

function service() {
  const asked: Array<{ text?: string; afterId?: string; limit: number }> = [];
  const users = new AdminUsersService({
    searchUsers: async (options) => {
      asked.push(options);
      return ['01JAAAAAAAAAAAAAAAAAAAAAA3', '01JAAAAAAAAAAAAAAAAAAAAAA2', '01JAAAAAAAAAAAAAAAAAAAAAA1'].map(row).slice(0, options.limit);
    },
  });
  return { users, asked };
}

describe('AdminUsersService', () => {
  it('checks access before reading anything', async () => {
    const { users, asked } = service();
    await expect(users.search(null, { limit: 2 })).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(users.search(person(['student', 'instructor']), { limit: 2 })).rejects.toMatchObject({ code: 'forbidden' });
    expect(asked).toEqual([]);
  });

  it('pages the search for an admin, newest first, with a cursor to the next page', async () => {
    const { users, asked } = service();
    const first = await users.search(person(['admin']), { q: 'example', limit: 2 });
    expect(asked[0]).toEqual({ text: 'example', afterId: undefined, limit: 3 });
    expect(first.items.map((item) => item.id)).toEqual(['01JAAAAAAAAAAAAAAAAAAAAAA3', '01JAAAAAAAAAAAAAAAAAAAAAA2']);
    expect(first.items[0]).toMatchObject({ emailVerified: true, twoFactorEnabled: false, createdAt: '2026-10-01T00:00:00.000Z' });
    expect(first.nextCursor).toEqual(expect.any(String));
    await users.search(person(['admin']), { limit: 2, cursor: first.nextCursor! });
    expect(asked[1]).toMatchObject({ afterId: '01JAAAAAAAAAAAAAAAAAAAAAA2' });
  });
});
