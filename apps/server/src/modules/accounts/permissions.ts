/**
 * Named permissions (PRODUCT.md §1) granted to roles. Every route declares the one it needs
 * (`config.access`); services check ownership on top. Machine clients (the admin assistant)
 * receive permissions through the scopes of their OAuth2 token.
 */
export const ROLES = ['student', 'instructor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  // every signed-in user, about themselves
  'account:read_own',
  'account:manage_own',
  'sessions:manage_own',
  'security:manage_own',
  'notifications:manage_own',
  'privacy:manage_own',
  // the private calendar feed of one's lessons (issue 11 item 12)
  'calendar:manage_own',
  // students
  'search:history_own',
  'favorites:manage_own',
  'bookings:create',
  'bookings:read:own',
  'bookings:cancel:own',
  'payments:methods_own',
  'reviews:write',
  'referrals:manage_own',
  'messages:use',
  'reports:create',
  // instructors
  'instructor_profile:manage_own',
  'availability:manage_own',
  'payouts:read_own',
  // setting up the payout account and instant payouts
  'payouts:manage_own',
  // Stripe Identity, a checklist item before publishing
  'identity:verify_own',
  'reviews:respond',
  // admins
  'users:read:any',
  'users:manage',
  'instructors:approve',
  'bookings:read:any',
  'bookings:manage:any',
  'payments:read:any',
  'payments:refund',
  'payouts:manage',
  // the double-entry books (PRODUCT.md §6)
  'ledger:read',
  'disputes:manage',
  'background_checks:manage',
  'moderation:manage',
  'catalog:manage',
  'feature_flags:manage',
  'operations:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// The platform's access mechanism (principals, `config.access`) speaks these names.
declare module '../../platform/auth/principal.ts' {
  interface AccessVocabulary {
    // Spelled out: inside this block, `Permission` would name the platform's own alias.
    permission: (typeof PERMISSIONS)[number];
    role: (typeof ROLES)[number];
  }
}

const SELF: Permission[] = [
  'account:read_own',
  'account:manage_own',
  'sessions:manage_own',
  'security:manage_own',
  'notifications:manage_own',
  'privacy:manage_own',
  'calendar:manage_own',
  'messages:use',
  'reports:create',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  student: [
    ...SELF,
    'search:history_own',
    'favorites:manage_own',
    'bookings:create',
    'bookings:read:own',
    'bookings:cancel:own',
    'payments:methods_own',
    'reviews:write',
    'referrals:manage_own',
  ],
  instructor: [
    ...SELF,
    'bookings:read:own',
    'bookings:cancel:own',
    'instructor_profile:manage_own',
    'availability:manage_own',
    'payouts:read_own',
    'payouts:manage_own',
    'identity:verify_own',
    'reviews:respond',
    'referrals:manage_own',
  ],
  admin: PERMISSIONS.filter((permission) => !['bookings:create', 'reviews:write', 'reviews:respond'].includes(permission)),
};

/** Sets already built, by the roles' names: every authenticated request asks, and there are a handful of combinations. */
const permissionSets = new Map<string, ReadonlySet<Permission>>();

/** What holders of these roles may do: the same set for the same roles (shared, so never to be changed). */
export function permissionsOf(roles: readonly Role[]): ReadonlySet<Permission> {
  const key = roles.join(',');
  let permissions = permissionSets.get(key);
  if (!permissions) {
    permissions = new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role] ?? []));
    // Only real roles, and a bounded number of combinations, are kept: nothing a row says can grow it.
    if (permissionSets.size < 64 && roles.every((role) => ROLES.includes(role))) permissionSets.set(key, permissions);
  }
  return permissions;
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
