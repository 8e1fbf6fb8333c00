import { z } from 'zod';

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    roles: z.array(z.enum(['student', 'instructor', 'admin'])),
    permissions: z.array(z.string()).describe('What the roles allow (e.g. favorites:manage_own)'),
    emailVerified: z.boolean(),
    phone: z.string().nullable(),
    phoneVerified: z.boolean(),
    twoFactorEnabled: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

export const SignedInSchema = z
  .object({
    accessToken: z.string().describe('Bearer token for the API, valid 15 minutes'),
    accessTokenExpiresAt: z.string(),
    user: UserSchema,
  })
  .meta({ id: 'SignedIn' });

export const emailField = z.email('must be a valid email address').max(254);
export const passwordField = z.string().min(1, 'is required').max(1024);
