import { randomToken } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import { DomainError } from '../../platform/errors.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import type { Clock } from '../../platform/clock.ts';
import { normalizeEmail } from '../auth/auth.service.ts';
import { passwordHasher } from './password-hasher.ts';
import { passwordProblems } from './password.policy.ts';

/**
 * Administrators are never created through the public API: only this command (run by someone
 * with shell access to a server) makes one. The email counts as verified.
 */
export async function createAdmin(
  deps: { database: { db: Db }; ids: IdGenerator; clock: Clock },
  input: { email: string; name: string; password?: string },
): Promise<{ id: string; email: string; generatedPassword?: string }> {
  const email = normalizeEmail(input.email);
  const generatedPassword = input.password ? undefined : randomToken(15);
  const password = input.password ?? generatedPassword!;
  const problems = passwordProblems(password, { email });
  if (problems.length > 0) throw new DomainError('validation_failed', `The password ${problems.join(', ')}.`);
  const existing = await deps.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw new DomainError('conflict', `${email} already has an account.`);
  const id = deps.ids();
  await deps.database.db
    .insertInto('users')
    .values({ id, email, name: input.name, passwordHash: await passwordHasher.hash(password), roles: ['admin'], emailVerifiedAt: deps.clock.now() })
    .execute();
  return { id, email, ...(generatedPassword ? { generatedPassword } : {}) };
}
