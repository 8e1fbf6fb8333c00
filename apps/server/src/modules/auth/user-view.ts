import { permissionsOf, type Permission, type Role } from '../accounts/permissions.ts';

/** The signed-in user as the API shows them to themselves. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  /** What the roles allow, so the web app shows only what the API will accept (hearts, history) without knowing the role table. */
  permissions: Permission[];
  emailVerified: boolean;
  phone: string | null;
  phoneVerified: boolean;
  twoFactorEnabled: boolean;
  createdAt: string;
}

export function toUserView(user: {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  emailVerifiedAt: Date | null;
  phoneE164: string | null;
  phoneVerifiedAt: Date | null;
  totpEnabledAt: Date | null;
  createdAt: Date;
}): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles,
    permissions: [...permissionsOf(user.roles)].sort(),
    emailVerified: user.emailVerifiedAt !== null,
    phone: user.phoneE164,
    phoneVerified: user.phoneVerifiedAt !== null,
    twoFactorEnabled: user.totpEnabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}
