import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors.ts';
import { findUnstorableInput } from './storable-input.ts';

/**
 * Refuses, for every route at once, input that no schema should have to think about: strings
 * PostgreSQL cannot store and absurdly deep nesting, in the body, the query and the path.
 * Runs after parsing and before schema validation, so a route never sees them.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const problem =
      findUnstorableInput(request.params, 'path') ?? findUnstorableInput(request.query, 'query') ?? findUnstorableInput(request.body, 'body');
    if (problem) throw new DomainError('validation_failed', `${problem.field}: ${problem.reason}`, { errors: [problem] });
  });
}
