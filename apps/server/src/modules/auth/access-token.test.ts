import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ControllableClock } from '../../platform/clock.ts';
import { ACCESS_TOKEN_AUDIENCE, AccessTokens } from './access-token.ts';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const ISSUER = 'https://instainstru.test';
const NOW_S = Date.UTC(2026, 10, 23, 15, 0, 0) / 1000;
const key = new TextEncoder().encode(SECRET);
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function tokens(atSeconds = NOW_S) {
  const clock = new ControllableClock(atSeconds * 1000);
  return { clock, accessTokens: new AccessTokens(SECRET, ISSUER, clock) };
}

/** A token signed with the real secret over exactly these header and payload objects. */
function signedRaw(header: unknown, payload: unknown, secret = SECRET): string {
  const signingInput = `${b64(header)}.${b64(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

const validPayload = { sub: 'user-1', sid: 'session-1', roles: ['student'], typ: 'access', iss: ISSUER, aud: ACCESS_TOKEN_AUDIENCE, iat: NOW_S - 10, exp: NOW_S + 600 };

/** What jose's jwtVerify (which this module used before) answers for the same token at the same time. */
async function joseAccepts(token: string): Promise<boolean> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      currentDate: new Date(NOW_S * 1000),
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    return payload.typ === 'access' && typeof payload.sid === 'string' && Array.isArray(payload.roles);
  } catch {
    return false;
  }
}

describe('access tokens', () => {
  it('round-trips its own tokens, and they expire after 15 minutes on the injected clock', async () => {
    const { clock, accessTokens } = tokens();
    const { token, expiresAt } = await accessTokens.sign({ userId: 'user-1', sessionId: 'session-1', roles: ['student', 'instructor'] });
    expect(await accessTokens.verify(token)).toEqual({ userId: 'user-1', sessionId: 'session-1', roles: ['student', 'instructor'] });
    expect(expiresAt.getTime()).toBe((NOW_S + 15 * 60) * 1000);
    expect(await joseAccepts(token)).toBe(true);
    clock.advance(15 * 60_000 - 1_000);
    expect(await accessTokens.verify(token)).not.toBeNull();
    clock.advance(1_000);
    expect(await accessTokens.verify(token)).toBeNull();
  });

  const [header, payload, signature] = signedRaw({ alg: 'HS256', typ: 'JWT' }, validPayload).split('.') as [string, string, string];
  const cases: Array<[string, string]> = [
    ['a valid token written by hand', signedRaw({ alg: 'HS256', typ: 'JWT' }, validPayload)],
    ['a valid token with the audience in a list', signedRaw({ alg: 'HS256' }, { ...validPayload, aud: ['other', ACCESS_TOKEN_AUDIENCE] })],
    ['a valid token with a passed nbf', signedRaw({ alg: 'HS256' }, { ...validPayload, nbf: NOW_S - 1 })],
    ['the payload changed (roles escalated)', `${header}.${b64({ ...validPayload, roles: ['admin'] })}.${signature}`],
    ['the header changed', `${b64({ alg: 'HS256', typ: 'JWT', kid: 'x' })}.${payload}.${signature}`],
    ['the signature cut short', `${header}.${payload}.${signature.slice(0, -2)}`],
    ['the signature with padding', `${header}.${payload}.${signature}==`],
    ['no signature', `${header}.${payload}.`],
    ['alg none, unsigned', new UnsecuredJWT(validPayload).encode()],
    ['alg none, signed anyway', signedRaw({ alg: 'none' }, validPayload)],
    ['alg HS512 header over an HS256 signature', signedRaw({ alg: 'HS512' }, validPayload)],
    ['alg RS256 header (key confusion)', signedRaw({ alg: 'RS256' }, validPayload)],
    ['alg in another case', signedRaw({ alg: 'hs256' }, validPayload)],
    ['a crit extension', signedRaw({ alg: 'HS256', crit: ['exp'] }, validPayload)],
    ['unencoded payload (b64: false)', signedRaw({ alg: 'HS256', b64: false, crit: ['b64'] }, validPayload)],
    ['signed with another secret', signedRaw({ alg: 'HS256' }, validPayload, 'an attacker secret of decent length!!')],
    ['expired a second ago', signedRaw({ alg: 'HS256' }, { ...validPayload, exp: NOW_S - 1 })],
    ['expiring now', signedRaw({ alg: 'HS256' }, { ...validPayload, exp: NOW_S })],
    ['not valid before a minute from now', signedRaw({ alg: 'HS256' }, { ...validPayload, nbf: NOW_S + 60 })],
    ['exp as a string', signedRaw({ alg: 'HS256' }, { ...validPayload, exp: String(NOW_S + 600) })],
    ['no exp', signedRaw({ alg: 'HS256' }, { ...validPayload, exp: undefined })],
    ['no iat', signedRaw({ alg: 'HS256' }, { ...validPayload, iat: undefined })],
    ['no sub', signedRaw({ alg: 'HS256' }, { ...validPayload, sub: undefined })],
    ['another issuer', signedRaw({ alg: 'HS256' }, { ...validPayload, iss: 'https://evil.example' })],
    ['no issuer', signedRaw({ alg: 'HS256' }, { ...validPayload, iss: undefined })],
    ['another audience', signedRaw({ alg: 'HS256' }, { ...validPayload, aud: 'machines' })],
    ['no audience', signedRaw({ alg: 'HS256' }, { ...validPayload, aud: undefined })],
    ['a refresh-type token', signedRaw({ alg: 'HS256' }, { ...validPayload, typ: 'refresh' })],
    ['no session', signedRaw({ alg: 'HS256' }, { ...validPayload, sid: undefined })],
    ['roles not a list', signedRaw({ alg: 'HS256' }, { ...validPayload, roles: 'admin' })],
    ['a payload that is not JSON', signedRaw({ alg: 'HS256' }, 'not json')],
    ['a payload that is a list', signedRaw({ alg: 'HS256' }, [validPayload])],
    ['a header that is not JSON', signedRaw('not json', validPayload)],
    ['two parts', `${header}.${payload}`],
    ['four parts', `${header}.${payload}.${signature}.x`],
    ['garbage', 'not.a.jwt'],
    ['empty', ''],
    ['NUL bytes', `${header}\u0000.${payload}.${signature}`],
  ];

  it.each(cases)('answers as jose does for %s', async (_name, token) => {
    const { accessTokens } = tokens();
    const ours = (await accessTokens.verify(token)) !== null;
    expect(ours).toBe(await joseAccepts(token));
  });

  it('accepts exactly the three valid ones of those cases', async () => {
    const { accessTokens } = tokens();
    const accepted: string[] = [];
    for (const [name, token] of cases) if (await accessTokens.verify(token)) accepted.push(name);
    expect(accepted).toEqual(['a valid token written by hand', 'a valid token with the audience in a list', 'a valid token with a passed nbf']);
  });

  it('is stricter than jose in one way: a signature must be written the one canonical base64url way', async () => {
    const { accessTokens } = tokens();
    const trailing = `${header}.${payload}.${signature}=`;
    expect(await joseAccepts(trailing)).toBe(true);
    expect(await accessTokens.verify(trailing)).toBeNull();
  });

  it('refuses a token jose signed with another issuer or for another audience', async () => {
    const { accessTokens } = tokens();
    const foreign = await new SignJWT({ sid: 's', roles: [], typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setIssuer('https://elsewhere.example')
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt(NOW_S)
      .setExpirationTime(NOW_S + 60)
      .sign(key);
    expect(await accessTokens.verify(foreign)).toBeNull();
  });

  it('remembers a verified token, yet still ends it at its exp and refuses any text that differs from it', async () => {
    const { clock, accessTokens } = tokens();
    const token = signedRaw({ alg: 'HS256', typ: 'JWT' }, validPayload);
    const first = await accessTokens.verify(token);
    expect(first).toEqual({ userId: 'user-1', sessionId: 'session-1', roles: ['student'] });
    expect(await accessTokens.verify(token)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first!.roles)).toBe(true);
    expect(await accessTokens.verify(`${header}.${b64({ ...validPayload, roles: ['admin'] })}.${signature}`)).toBeNull();
    expect(await accessTokens.verify(`${token}=`)).toBeNull();
    clock.advance(599_000);
    expect(await accessTokens.verify(token)).toBe(first);
    clock.advance(1_000);
    expect(await accessTokens.verify(token)).toBeNull();
  });

  it('accepts a token whose nbf was still ahead once that time has come', async () => {
    const { clock, accessTokens } = tokens();
    const token = signedRaw({ alg: 'HS256' }, { ...validPayload, nbf: NOW_S + 60 });
    expect(await accessTokens.verify(token)).toBeNull();
    clock.advance(60_000);
    expect(await accessTokens.verify(token)).not.toBeNull();
  });
});
