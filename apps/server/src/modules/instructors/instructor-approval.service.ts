import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import { refuseSelfApproval, requireApprover } from './instructor-access.ts';
import type { InstructorsRepository } from './instructors.repository.ts';

export interface ApprovalView {
  instructorId: string;
  approvedAt: string;
  isFounding: boolean;
  foundingNumber: number | null;
}

/**
 * Admins approve instructors (PRODUCT.md §12). Approval is once: approving again answers the
 * first approval. The first 100 approved become founding instructors, numbered in approval
 * order; the number is taken in the same transaction as the approval, so a failed approval
 * never uses one up. Nobody approves themselves (403 `self_approval`).
 */
export class InstructorApprovalService {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      repository: InstructorsRepository;
    },
  ) {}

  async approve(principal: Principal | null | undefined, instructorId: string): Promise<ApprovalView> {
    const approver = requireApprover(principal);
    refuseSelfApproval(approver, instructorId);
    const { db, clock, repository } = this.deps;
    return db.transaction().execute(async (tx) => {
      const profile = await repository.lockProfile(instructorId, tx);
      if (!profile) throw notFound('Instructor profile');
      if (profile.approvedAt) {
        return { instructorId, approvedAt: profile.approvedAt.toISOString(), isFounding: profile.isFounding, foundingNumber: profile.foundingNumber };
      }
      if (profile.status !== 'published') {
        throw new DomainError('conflict', 'This instructor has not published their profile yet; approve it once they have completed and published it.');
      }
      const founding = await repository.claimFoundingNumber(tx);
      const approved = await repository.markApproved(
        instructorId,
        { approvedAt: clock.now(), ...approver, foundingNumber: founding?.issued ?? null },
        tx,
      );
      return { instructorId, approvedAt: approved.approvedAt!.toISOString(), isFounding: approved.isFounding, foundingNumber: approved.foundingNumber };
    });
  }
}
