import { passwordHasher } from '../../apps/server/src/modules/accounts/password-hasher.ts';
import type { Role } from '../../apps/server/src/modules/accounts/permissions.ts';
import type { TestApp } from './test-app.ts';

/**
 * Test data builders: people who exist before the story starts. They write rows directly
 * (no emails, no rate limits), then the story drives the real API.
 */
export const DEFAULT_PASSWORD = 'correct horse battery staple';

let counter = 0;

export interface BuiltUser {
  id: string;
  email: string;
  name: string;
  password: string;
  roles: Role[];
}

export async function aUser(
  t: Pick<TestApp, 'database' | 'ids' | 'clock'>,
  options: { roles?: Role[]; email?: string; name?: string; password?: string; emailVerified?: boolean } = {},
): Promise<BuiltUser> {
  counter += 1;
  const roles = options.roles ?? ['student'];
  const user = {
    id: t.ids(),
    email: options.email ?? `${roles[0]}${counter}.${Date.now().toString(36)}@example.com`,
    name: options.name ?? `Test ${roles[0]} ${counter}`,
    password: options.password ?? DEFAULT_PASSWORD,
    roles,
  };
  await t.database.db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      name: user.name,
      passwordHash: await passwordHasher.hash(user.password),
      roles,
      emailVerifiedAt: options.emailVerified === false ? null : t.clock.now(),
    })
    .execute();
  return user;
}

export const aStudent = (t: Parameters<typeof aUser>[0], options: Parameters<typeof aUser>[1] = {}) => aUser(t, { ...options, roles: ['student'] });
export const anInstructor = (t: Parameters<typeof aUser>[0], options: Parameters<typeof aUser>[1] = {}) =>
  aUser(t, { ...options, roles: ['instructor'] });
export const anAdmin = (t: Parameters<typeof aUser>[0], options: Parameters<typeof aUser>[1] = {}) => aUser(t, { ...options, roles: ['admin'] });

let addressCounter = 0;
/**
 * A distinct client address per call (TEST-NET-2 documentation range, never contacted), so
 * per-IP login protection and rate limits in one story do not leak into the next.
 */
export function aClientIp(): string {
  addressCounter += 1;
  return `198.51.${Math.floor(addressCounter / 250) % 250}.${(addressCounter % 250) + 1}`;
}

/** Logs in through the API; returns the bearer header and the refresh cookie. */
export async function signIn(t: Pick<TestApp, 'app'>, user: { email: string; password: string }, extra: Record<string, string> = {}) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.email, password: user.password, ...extra },
    headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36' },
    remoteAddress: aClientIp(),
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = String(response.headers['set-cookie']).split(';')[0]!;
  const { accessToken } = response.json() as { accessToken: string };
  return { accessToken, authorization: `Bearer ${accessToken}`, cookie };
}
