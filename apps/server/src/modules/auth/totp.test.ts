import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { newBackupCodes, newTotpSecret, normalizeBackupCode, totpUri, verifyTotp } from './totp.ts';

const now = Date.parse('2026-11-23T15:00:10Z');
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) });

describe('TOTP', () => {
  const secret = newTotpSecret();

  it('accepts the current code and returns its step', async () => {
    expect(await verifyTotp(secret, await codeAt(secret, now), now, null)).toBe(Math.floor(now / 1000 / 30));
  });

  it('accepts one step of clock skew either way, not two', async () => {
    expect(await verifyTotp(secret, await codeAt(secret, now - 30_000), now, null)).not.toBeNull();
    expect(await verifyTotp(secret, await codeAt(secret, now + 30_000), now, null)).not.toBeNull();
    expect(await verifyTotp(secret, await codeAt(secret, now - 90_000), now, null)).toBeNull();
    expect(await verifyTotp(secret, await codeAt(secret, now + 90_000), now, null)).toBeNull();
  });

  it('refuses a replayed step and anything that is not six digits', async () => {
    const code = await codeAt(secret, now);
    const step = (await verifyTotp(secret, code, now, null))!;
    expect(await verifyTotp(secret, code, now, step)).toBeNull();
    expect(await verifyTotp(secret, '12345', now, null)).toBeNull();
    expect(await verifyTotp(secret, 'abcdef', now, null)).toBeNull();
  });

  it('makes an otpauth URI for authenticator apps', () => {
    const uri = totpUri(secret, 'maria@example.com');
    expect(uri).toMatch(/^otpauth:\/\/totp\/InstaInstru:maria(%40|@)example\.com\?/);
    expect(uri).toContain(`secret=${secret}`);
  });

  it('makes ten distinct readable backup codes', () => {
    const codes = newBackupCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(normalizeBackupCode(' K7PQ-x2mz ')).toBe('k7pqx2mz');
  });
});
