import {
  AppError,
  type TAuthResponse,
  type TLoginRequest,
  type TSetupRequest,
  type TUser,
} from '@parley/protocol';
import type { Database, User } from '@parley/db';
import type { AccessClaims, AccessTokens } from './access-tokens.ts';
import type { AuditLog, RequestOrigin } from './audit-log.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { PasswordHasher } from './password-hasher.ts';
import type { RefreshTokenStore } from './refresh-tokens.ts';
import { toUser } from './user-mapping.ts';

export interface AuthService {
  needsSetup(): Promise<boolean>;
  setup(input: TSetupRequest, origin: RequestOrigin): Promise<TAuthResponse>;
  login(input: TLoginRequest, origin: RequestOrigin): Promise<TAuthResponse>;
  refresh(refreshToken: string): Promise<TAuthResponse>;
  logout(refreshToken: string): Promise<void>;
  /** The active user behind a valid access token, with the role from the database. */
  authenticate(accessToken: string): Promise<User>;
  toUser(row: User): TUser;
}

export interface AuthParts {
  db: Database;
  hasher: PasswordHasher;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokenStore;
  throttle: LoginThrottle;
  audit: AuditLog;
}

export function createAuthService(parts: AuthParts): AuthService {
  const { db, hasher, accessTokens, refreshTokens, throttle, audit } = parts;
  const { User: Users } = db.models;

  const answer = async (user: User, refreshToken?: string): Promise<TAuthResponse> => ({
    accessToken: accessTokens.sign({ userId: user.id, role: user.role } satisfies AccessClaims),
    refreshToken: refreshToken ?? (await refreshTokens.issue(user.id)),
    expiresIn: accessTokens.ttlSeconds,
    user: toUser(user),
  });

  return {
    toUser,
    needsSetup: async () => (await Users.count({ where: { role: 'admin' } })) === 0,
    async setup(input, origin) {
      const passwordHash = await hasher.hash(input.password);
      const user = await db.sequelize.transaction(async (transaction) => {
        // Checked inside the transaction, so a second setup racing the first finds the admin.
        const admins = await Users.count({ where: { role: 'admin' }, transaction });
        if (admins > 0) throw new AppError('FORBIDDEN', 'Parley is already set up; sign in');
        return Users.create(
          { ...input, passwordHash, role: 'admin', lastLoginAt: new Date() },
          { transaction },
        );
      });
      await audit.record({ userId: user.id, action: 'auth.setup', origin });
      return answer(user);
    },
    async login({ email, password }, origin) {
      const key = { email, ip: origin.ip ?? 'unknown' };
      await throttle.assertAllowed(key);
      const user = await Users.findOne({ where: { email } });
      const isValid = await hasher.verify(password, user?.passwordHash ?? null);
      if (!user || !isValid || !user.isActive) {
        await throttle.recordFailure(key);
        if (user) await audit.record({ userId: user.id, action: 'auth.login_failed', origin });
        throw new AppError('UNAUTHORIZED', 'Wrong email or password');
      }
      await throttle.recordSuccess(key);
      await user.update({ lastLoginAt: new Date() });
      await audit.record({ userId: user.id, action: 'auth.login', origin });
      return answer(user);
    },
    async refresh(refreshToken) {
      const rotated = await refreshTokens.rotate(refreshToken);
      const user = await Users.findByPk(rotated.userId);
      if (!user || !user.isActive) throw new AppError('UNAUTHORIZED', 'The account is disabled');
      return answer(user, rotated.token);
    },
    logout: (refreshToken) => refreshTokens.revokeFamily(refreshToken),
    async authenticate(accessToken) {
      const { userId } = accessTokens.verify(accessToken);
      const user = await Users.findByPk(userId);
      if (!user || !user.isActive)
        throw new AppError('UNAUTHORIZED', 'The account no longer exists or is disabled');
      return user;
    },
  };
}
