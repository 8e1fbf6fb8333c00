import { queryOptions } from '@tanstack/react-query';
import { api } from './client';
import { expectOk, unwrap } from './request';
import type { paths } from './schema';

type JsonBody<P extends keyof paths> = paths[P] extends { post: { requestBody?: { content: { 'application/json': infer B } } } }
  ? B
  : never;

/** What login, sign-up and refresh answer: an access token and who it belongs to. */
export type AuthResult = paths['/api/v1/auth/login']['post']['responses'][200]['content']['application/json'];
export type SessionUser = AuthResult['user'];
export type RegisterInput = JsonBody<'/api/v1/auth/register'>;
export type LoginInput = JsonBody<'/api/v1/auth/login'>;
export type Role = RegisterInput['role'];
export type AuthConfig = paths['/api/v1/auth/config']['get']['responses'][200]['content']['application/json'];
export type CaptchaConfig = NonNullable<AuthConfig['captcha']>;

export const register = (body: RegisterInput) => unwrap(api.POST('/api/v1/auth/register', { body }));

export const login = (body: LoginInput) => unwrap(api.POST('/api/v1/auth/login', { body }));

/** Always 202, whether or not an account exists for the email. */
export const requestPasswordReset = (email: string) =>
  expectOk(api.POST('/api/v1/auth/password-reset', { body: { email } }));

export const resetPassword = (token: string, password: string) =>
  expectOk(api.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } }));

export const verifyEmail = (token: string) => unwrap(api.POST('/api/v1/auth/verify-email', { body: { token } }));

/** Sends a new verification link to the signed-in user. */
export const resendVerificationEmail = () => expectOk(api.POST('/api/v1/auth/verify-email/resend'));

/** Whether (and how) the login form shows a CAPTCHA when the server asks for one. */
export const authConfigQuery = queryOptions({
  queryKey: ['auth', 'config'],
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/auth/config', { signal })),
  staleTime: Infinity,
});
