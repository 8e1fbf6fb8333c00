/**
 * The names of permissions and roles belong to the accounts module (modules/accounts/
 * permissions.ts), which registers them here by declaration merging:
 *
 *   declare module '../../platform/auth/principal.ts' {
 *     interface AccessVocabulary { permission: …; role: … }
 *   }
 *
 * so the platform's mechanism (who is calling, what a route requires) stays generic while every
 * `config.access` and permission check is still checked against the real list at compile time.
 */
export interface AccessVocabulary {}

/** A permission name: the registered list, or any string before a module registers one. */
export type Permission = AccessVocabulary extends { permission: infer P extends string } ? P : string;
/** A role name: the registered list, or any string before a module registers one. */
export type Role = AccessVocabulary extends { role: infer R extends string } ? R : string;

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
