import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { InstructorApprovalService } from './instructor-approval.service.ts';
import { ApprovalSchema, ulidParam } from './instructors.schemas.ts';

/** Admin console and admin assistant (PRODUCT.md §12): approving instructors. */
export function adminInstructorsRoutes(approval: InstructorApprovalService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/admin/instructors/:id/approve',
      {
        config: { access: 'instructors:approve' },
        schema: {
          tags: ['admin'],
          summary: 'Approve a published instructor profile',
          description:
            'Once per instructor (approving again answers the first approval). The first 100 approved instructors become ' +
            'founding instructors, numbered in approval order. 409 while the profile is not published; 403 `self_approval` ' +
            'for one\'s own profile (another admin must approve it).',
          params: z.object({ id: ulidParam }),
          response: { 200: ApprovalSchema },
        },
      },
      async (request) => approval.approve(request.principal, request.params.id),
    );
  };
}
