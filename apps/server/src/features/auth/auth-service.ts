import { Transaction, UniqueConstraintError } from 'sequelize';
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
import { PasswordHasherBusyError, type PasswordHasher } from './password-hasher.ts';
import type { RefreshTokenStore } from './refresh-tokens.ts';
import { isSameToken } from './setup-token.ts';
import { toUser } from './user-mapping.ts';

export interface AuthService {
  needsSetup(): Promise<boolean>;
  /** `FORBIDDEN` once an admin exists: checked before a setup body is even read. */
  assertNeedsSetup(): Promise<void>;
  setup(input: TSetupRequest, origin: RequestOrigin): Promise<TAuthResponse>;
  login(input: TLoginRequest, origin: RequestOrigin): Promise<TAuthResponse>;
  refresh(refreshToken: string): Promise<TAuthResponse>;
  logout(refreshToken: string): Promise<void>;
  /** The active user behind a valid, current access token, with the role from the database. */
  authenticate(accessToken: string): Promise<User>;
  /** The users with these ids that still exist, in one query (the staff socket re-check). */
  findUsers(ids: string[]): Promise<User[]>;
  toUser(row: User): TUser;
}

export interface AuthParts {
  db: Database;
  hasher: PasswordHasher;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokenStore;
  throttle: LoginThrottle;
  audit: AuditLog;
  /** What `POST /auth/setup` must carry (see `resolveSetupToken`). */
  setupToken: string;
}

const alreadySetUp = () => new AppError('FORBIDDEN', 'Parley is already set up; sign in');

export function createAuthService(parts: AuthParts): AuthService {
  const { db, hasher, accessTokens, refreshTokens, throttle, audit } = parts;
  const { User: Users, InstallStep } = db.models;

  const answer = async (user: User, refreshToken?: string): Promise<TAuthResponse> => ({
    accessToken: accessTokens.sign({
      userId: user.id,
      role: user.role,
      tokenVersion: user.tokenVersion,
    } satisfies AccessClaims),
    refreshToken: refreshToken ?? (await refreshTokens.issue(user.id)),
    expiresIn: accessTokens.ttlSeconds,
    user: toUser(user),
  });
  const needsSetup = async () => (await Users.count({ where: { role: 'admin' } })) === 0;

  return {
    toUser,
    needsSetup,
    async assertNeedsSetup() {
      if (!(await needsSetup())) throw alreadySetUp();
    },
    async setup({ setupToken, ...input }, origin) {
      // Cheap refusals first: no bcrypt work for a request that cannot succeed.
      if (!(await needsSetup())) throw alreadySetUp();
      if (!isSameToken(parts.setupToken, setupToken))
        throw new AppError(
          'UNAUTHORIZED',
          'The setup token is wrong: open the link that the server printed in its log',
          { field: 'setupToken' },
        );
      const passwordHash = await hasher.hash(input.password);
      // The `first-admin` step is claimed by a unique key in the same transaction as the user:
      // of two setups racing, one commits and the other meets the key (not a check-then-act).
      // IMMEDIATE makes SQLite take its write lock at BEGIN; MySQL ignores it.
      const user = await db.sequelize
        .transaction({ type: Transaction.TYPES.IMMEDIATE }, async (transaction) => {
          await InstallStep.create({ name: 'first-admin' }, { transaction });
          return Users.create(
            { ...input, passwordHash, role: 'admin', lastLoginAt: new Date() },
            { transaction },
          );
        })
        .catch((error: unknown) => {
          if (error instanceof UniqueConstraintError) throw alreadySetUp();
          throw error;
        });
      await audit.record({ userId: user.id, action: 'auth.setup', origin });
      return answer(user);
    },
    async login({ email, password }, origin) {
      const attempt = { email, ip: origin.ip ?? 'unknown' };
      // The point is taken before the password is checked, so parallel guesses cannot all
      // slip in before the first failure is counted.
      await throttle.take(attempt);
      const user = await Users.findOne({ where: { email } });
      const isValid = await hasher
        .verify(password, user?.passwordHash ?? null)
        .catch(async (error: unknown) => {
          // A refusal checked no password: charging it would let a flood of requests, refused
          // for the queue alone, lock the real user out of their account.
          if (error instanceof PasswordHasherBusyError) await throttle.giveBack(attempt);
          throw error;
        });
      if (!user || !isValid || !user.isActive) {
        if (user) await audit.record({ userId: user.id, action: 'auth.login_failed', origin });
        throw new AppError('UNAUTHORIZED', 'Wrong email or password');
      }
      await throttle.refund(attempt);
      // `silent`: signing in is not an edit of the account; `updatedAt` is what an admin's edit
      // form sends back (If-Match), so a login must not make it look changed by someone else.
      await user.update({ lastLoginAt: new Date() }, { silent: true });
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
    findUsers: (ids) => Users.findAll({ where: { id: ids } }),
    async authenticate(accessToken) {
      const { userId, tokenVersion } = accessTokens.verify(accessToken);
      const user = await Users.findByPk(userId);
      if (!user || !user.isActive)
        throw new AppError('UNAUTHORIZED', 'The account no longer exists or is disabled');
      if (user.tokenVersion !== tokenVersion)
        throw new AppError('UNAUTHORIZED', 'The account changed since this token was issued');
      return user;
    },
  };
}
