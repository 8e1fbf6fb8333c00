import { describe, expect, it } from 'vitest';
import { PERMISSIONS, permissionsOf, ROLE_PERMISSIONS } from './permissions.ts';

describe('permissionsOf', () => {
  it('grants the union of the roles’ permissions', () => {
    const both = permissionsOf(['student', 'instructor']);
    expect([...both].sort()).toEqual([...new Set([...ROLE_PERMISSIONS.student, ...ROLE_PERMISSIONS.instructor])].sort());
    expect(both.has('bookings:create')).toBe(true);
    expect(both.has('availability:manage_own')).toBe(true);
    expect(both.has('payments:refund')).toBe(false);
  });

  it('answers the same set for the same roles, and different sets for different roles', () => {
    expect(permissionsOf(['admin'])).toBe(permissionsOf(['admin']));
    expect(permissionsOf(['student'])).not.toBe(permissionsOf(['instructor']));
    expect(permissionsOf(['admin']).has('bookings:create')).toBe(false);
    expect(permissionsOf(['admin']).size).toBe(PERMISSIONS.length - 3);
  });

  it('grants nothing for no roles or for a name that is not a role', () => {
    expect(permissionsOf([]).size).toBe(0);
    expect(permissionsOf(['superuser' as never]).size).toBe(0);
    expect([...permissionsOf(['student', 'superuser' as never])].sort()).toEqual([...ROLE_PERMISSIONS.student].sort());
  });
});
