import { hasPermission, type Permission, type Principal } from '../../platform/auth/principal.ts';
import { DomainError } from '../../platform/errors.ts';

/**
 * The access check every discovery service method begins with (ARCHITECTURE rule 7): a signed-in
 * person holding the permission the route declares. Favorites and history belong to people, so
 * machine clients never have them.
 */
export function requireOwner(principal: Principal | null | undefined, permission: Permission): string {
  if (!principal) throw new DomainError('unauthenticated', 'You need to log in to do this.');
  if (principal.kind !== 'user' || !hasPermission(principal, permission)) {
    throw new DomainError('forbidden', `This needs the "${permission}" permission, which your account does not have.`);
  }
  return principal.userId;
}
