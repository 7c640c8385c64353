import { z } from 'zod';

/** Staff roles: admins configure everything; agents work the inbox. */
export const ZUserRoleSchema = z.enum(['admin', 'agent']);
export type TUserRole = z.infer<typeof ZUserRoleSchema>;

/** Longest password accepted; long passphrases are pre-hashed, never truncated. */
export const MAX_PASSWORD_LENGTH = 1024;
export const MIN_PASSWORD_LENGTH = 10;

export const ZEmailSchema = z.string().trim().toLowerCase().max(255).email();
export const ZNewPasswordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);

/**
 * `POST /auth/setup`: the first admin, only while none exists. `setupToken` is the one-time token
 * a fresh install prints in its log (as a link to the dashboard), or the operator's
 * `PARLEY_SETUP_TOKEN`: whoever reaches a fresh server first cannot make themselves admin.
 */
export const ZSetupRequestSchema = z.object({
  email: ZEmailSchema,
  password: ZNewPasswordSchema,
  fullName: z.string().trim().min(1).max(255),
  setupToken: z
    .string({ error: 'the setup token from the link in the server log is required' })
    .min(1, { error: 'the setup token from the link in the server log is required' })
    .max(200),
});
export type TSetupRequest = z.infer<typeof ZSetupRequestSchema>;

/** `POST /auth/login`. */
export const ZLoginRequestSchema = z.object({
  email: ZEmailSchema,
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export type TLoginRequest = z.infer<typeof ZLoginRequestSchema>;

/** `POST /auth/refresh` and `POST /auth/logout`. */
export const ZRefreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(200) });
export type TRefreshRequest = z.infer<typeof ZRefreshRequestSchema>;

/** A staff user as the API shows it (never the password hash). */
export const ZUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  fullName: z.string(),
  role: ZUserRoleSchema,
  isActive: z.boolean(),
  avatarUrl: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TUser = z.infer<typeof ZUserSchema>;

/** Answer of setup, login and refresh. */
export const ZAuthResponseSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  user: ZUserSchema,
});
export type TAuthResponse = z.infer<typeof ZAuthResponseSchema>;

/** `GET /auth/setup`: whether the dashboard should offer "create the first admin". */
export const ZSetupStatusSchema = z.object({ needsSetup: z.boolean() });
export type TSetupStatus = z.infer<typeof ZSetupStatusSchema>;
