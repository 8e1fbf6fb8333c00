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

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; roles: Role[] }> = [
  { email: 'student@demo.instainstru.test', name: 'Sam Student', roles: ['student'] },
  { email: 'instructor@demo.instainstru.test', name: 'Ines Instructor', roles: ['instructor'] },
  { email: 'admin@demo.instainstru.test', name: 'Ada Admin', roles: ['admin'] },
];

export async function seedDemoAccounts(deps: { db: Db; ids: IdGenerator; clock: Clock }): Promise<typeof DEMO_ACCOUNTS> {
  const passwordHash = await passwordHasher.hash(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    await deps.db
      .insertInto('users')
      .values({ id: deps.ids(), ...account, passwordHash, emailVerifiedAt: deps.clock.now() })
      .onConflict((conflict) => conflict.column('email').doNothing())
      .execute();
  }
  return DEMO_ACCOUNTS;
}
