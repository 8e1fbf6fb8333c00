import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id with OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane). Verifying an
 * unknown email still runs one verification against a fixed hash, so a login for an email
 * that does not exist takes as long as one for an email that does.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, algorithm: 2 as const };

let dummyHash: Promise<string> | undefined;

export const passwordHasher = {
  hash: (password: string) => hash(password, OPTIONS),
  verify: async (passwordHash: string, password: string) => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  },
  /** Spends the same effort as a real verification, for accounts that do not exist. */
  async verifyNothing(password: string): Promise<false> {
    dummyHash ??= hash('not-a-real-password-but-the-same-cost', OPTIONS);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  },
};
