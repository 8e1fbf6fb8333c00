import { hasPermission, type Principal } from '../../platform/auth/principal.ts';
import { DomainError } from '../../platform/errors.ts';

/**
 * Access checks every instructor service method begins with (ARCHITECTURE rule 7). Routes
 * declare the same permissions; these keep the services safe when called from elsewhere.
 */

/** The signed-in person managing their own instructor profile. */
export function requireProfileOwner(principal: Principal | null | undefined): string {
  if (!principal) throw new DomainError('unauthenticated', 'You need to log in to do this.');
  if (principal.kind !== 'user' || !hasPermission(principal, 'instructor_profile:manage_own')) {
    throw new DomainError('forbidden', 'Only instructors have an instructor profile.');
  }
  return principal.userId;
}

/** An admin, or the admin assistant with the scope, approving instructors. */
export function requireApprover(principal: Principal | null | undefined): { approvedBy: string | null; approvedByClient: string | null } {
  if (!principal) throw new DomainError('unauthenticated', 'You need to log in to do this.');
  if (!hasPermission(principal, 'instructors:approve')) {
    throw new DomainError('forbidden', 'This needs the "instructors:approve" permission, which your account does not have.');
  }
  return principal.kind === 'user' ? { approvedBy: principal.userId, approvedByClient: null } : { approvedBy: null, approvedByClient: principal.clientId };
}

/** An approval must come from someone else: an admin who also teaches cannot vouch for themselves. */
export function refuseSelfApproval(approver: { approvedBy: string | null }, instructorId: string): void {
  if (approver.approvedBy === instructorId) {
    throw new DomainError('self_approval', 'You cannot approve your own instructor profile; another admin must approve it.');
  }
}
