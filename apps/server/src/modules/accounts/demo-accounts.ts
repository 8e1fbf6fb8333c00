import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { IdGenerator } from '../../platform/ids.ts';
import { passwordHasher } from './password-hasher.ts';
import type { Role } from './permissions.ts';

/**
 * Development logins printed by `npm start` (DEMO_DATA, never in production). Created once;
 * an existing account with the same email is left alone.
 */
export const DEMO_PASSWORD = 'lessons-in-nyc';

/** Given a complete, published profile by modules/demo (demo-login-instructor.seed.ts). */
export const DEMO_INSTRUCTOR_EMAIL = 'instructor@demo.instainstru.test';

/** `note` says what each login shows, in the start-up banner and the README. */
export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; roles: Role[]; note: string }> = [
  { email: 'student@demo.instainstru.test', name: 'Sam Student', roles: ['student'], note: 'a student' },
  { email: DEMO_INSTRUCTOR_EMAIL, name: 'Ines Instructor', roles: ['instructor'], note: 'published and approved, with lessons to show' },
  // Only signed up: no profile yet, for trying the guided setup.
  { email: 'new-instructor@demo.instainstru.test', name: 'Nico Newcomer', roles: ['instructor'], note: 'just signed up: try the guided setup' },
  { email: 'admin@demo.instainstru.test', name: 'Ada Admin', roles: ['admin'], note: 'approves instructors' },
];

export async function seedDemoAccounts(deps: { db: Db; ids: IdGenerator; clock: Clock }): Promise<typeof DEMO_ACCOUNTS> {
  const passwordHash = await passwordHasher.hash(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    await deps.db
      .insertInto('users')
      .values({ id: deps.ids(), email: account.email, name: account.name, roles: account.roles, passwordHash, emailVerifiedAt: deps.clock.now() })
      .onConflict((conflict) => conflict.column('email').doNothing())
      .execute();
  }
  return DEMO_ACCOUNTS;
}
