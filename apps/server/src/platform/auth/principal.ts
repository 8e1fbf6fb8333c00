import type { Permission, Role } from '../../modules/accounts/permissions.ts';

/** Who is calling: a signed-in user (one session of theirs) or a machine client. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      sessionId: string;
      roles: readonly Role[];
      permissions: ReadonlySet<Permission>;
    }
  | {
      kind: 'machine';
      clientId: string;
      permissions: ReadonlySet<Permission>;
    };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook; null for anonymous requests. */
    principal: Principal | null;
  }
}

export function hasPermission(principal: Principal | null, permission: Permission): boolean {
  return principal !== null && principal.permissions.has(permission);
}
