import { queryOptions } from '@tanstack/react-query';
import { api } from './client';
import { expectOk, unwrap } from './request';
import type { paths } from './schema';

export type Me = paths['/api/v1/me']['get']['responses'][200]['content']['application/json'];
export type AccountSession =
  paths['/api/v1/me/sessions']['get']['responses'][200]['content']['application/json']['items'][number];
export type TwoFactorSetup = paths['/api/v1/me/2fa/setup']['post']['responses'][200]['content']['application/json'];
export type PhoneChallenge = paths['/api/v1/me/phone']['post']['responses'][202]['content']['application/json'];

/** Every query about the signed-in user starts with this key: dropped together at log-out. */
export const ACCOUNT_KEY = ['account'] as const;

export const meQuery = queryOptions({
  queryKey: [...ACCOUNT_KEY, 'me'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me', { signal })),
});

export const sessionsQuery = queryOptions({
  queryKey: [...ACCOUNT_KEY, 'sessions'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/me/sessions', { signal })),
});

export const updateProfile = (name: string) => unwrap(api.PATCH('/api/v1/me', { body: { name } }));

/** Signs out the user's other sessions too. */
export const changePassword = (currentPassword: string, newPassword: string) =>
  expectOk(api.POST('/api/v1/me/password', { body: { currentPassword, newPassword } }));

export const revokeSession = (id: string) =>
  expectOk(api.DELETE('/api/v1/me/sessions/{id}', { params: { path: { id } } }));

export const startTwoFactorSetup = () => unwrap(api.POST('/api/v1/me/2fa/setup'));

/** Turns 2FA on; answers the backup codes, shown once. */
export const confirmTwoFactor = (code: string) => unwrap(api.POST('/api/v1/me/2fa/confirm', { body: { code } }));

export const disableTwoFactor = (password: string, code: string) =>
  expectOk(api.POST('/api/v1/me/2fa/disable', { body: { password, code } }));

/** Texts a 6-digit code to the number. */
export const startPhoneVerification = (phone: string) => unwrap(api.POST('/api/v1/me/phone', { body: { phone } }));

export const confirmPhone = (code: string) => unwrap(api.POST('/api/v1/me/phone/verify', { body: { code } }));
