import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import {
  AppError,
  isOneEmailAddress,
  type TIdentify,
  type TIdentifyAck,
  type TIdentifyIgnoredField,
  type TVisitorCredentials,
} from '@parley/protocol';
import { type Database, type Visitor, type WidgetConfig } from '@parley/db';
import type { SecretCipher } from '../../app/secret-cipher.ts';
import type { VisitorTokens } from './visitor-token.ts';
import type { BanCache } from './ban-cache.ts';
import { createBatchedInsert } from './batched-insert.ts';
import { bannedError } from './banned-error.ts';
import { visitorsTable } from './new-rows.ts';

export interface VisitorService {
  /**
   * The visitor behind a connection: the one a valid token names, or a new one when there is
   * no token (`isNew`). A bad token is `UNAUTHORIZED`, a banned visitor or address `BANNED`
   * with the ban's end in `details.expiresAt`.
   */
  connect(input: {
    widget: WidgetConfig;
    visitorToken: string | undefined;
    ip: string;
  }): Promise<TVisitorCredentials & { isNew: boolean }>;
  assertNotBanned(input: { visitorId: string | undefined; ip: string | undefined }): Promise<void>;
  /**
   * Links the visitor to the host page's user; see `identify` in the widget events. An email
   * that is not one address is left out (`ignored`), the rest of the identify still applies.
   */
  identify(input: {
    widget: WidgetConfig;
    visitorId: string;
    payload: TIdentify;
  }): Promise<TIdentifyAck>;
}

/**
 * `cipher` opens widgets' identity secrets, which are stored encrypted; `bans` answers whether
 * a visitor or address is banned (from memory, dropped on every change).
 */
export function createVisitorService(
  db: Database,
  parts: { tokens: VisitorTokens; cipher: SecretCipher; bans: BanCache },
): VisitorService {
  const { tokens, cipher, bans } = parts;
  const { Visitor: Visitors, ChatSession } = db.models;
  // New visitors arrive in bursts (a campaign, a reconnect storm): one commit per burst.
  const newVisitors = createBatchedInsert(db, visitorsTable(db.sequelize));
  const credentials = (visitorId: string, widgetId: string): TVisitorCredentials => ({
    id: visitorId,
    token: tokens.issue({ visitorId, widgetId }),
  });

  const assertNotBanned: VisitorService['assertNotBanned'] = async ({ visitorId, ip }) => {
    const ban = (await bans.current()).banOn({ visitorId, ip }, new Date());
    if (ban) throw bannedError(ban);
  };

  return {
    async connect({ widget, visitorToken, ip }) {
      const now = new Date();
      if (visitorToken === undefined) {
        await assertNotBanned({ visitorId: undefined, ip });
        const id = randomUUID();
        await newVisitors.insert({ id, widgetId: widget.id, at: now });
        return { ...credentials(id, widget.id), isNew: true };
      }
      const { visitorId } = tokens.verifyForWidget(visitorToken, widget.id);
      const visitor = await Visitors.findOne({ where: { id: visitorId, widgetId: widget.id } });
      // A valid signature for a visitor that no longer exists (deleted by retention) is stale.
      if (!visitor) throw new AppError('UNAUTHORIZED', 'The visitor token is no longer valid');
      await assertNotBanned({ visitorId, ip });
      await visitor.update({ lastSeenAt: now });
      return { id: visitorId, token: visitorToken, isNew: false };
    },
    assertNotBanned,
    async identify({ widget, visitorId, payload: raw }) {
      const secret = widget.identitySecret === null ? null : cipher.decrypt(widget.identitySecret);
      const isVerified = verifyIdentityHash(secret, raw);
      const { payload, ignored } = withoutInvalidEmail(raw);
      const answer = (visitor: TVisitorCredentials): TIdentifyAck =>
        ignored.length > 0 ? { visitor, ignored } : { visitor };
      const current = await Visitors.findOne({ where: { id: visitorId, widgetId: widget.id } });
      if (!current) throw new AppError('UNAUTHORIZED', 'Unknown visitor');
      // Without a secret anyone could claim any id, so an unverified identify only stores the
      // profile and never links to another visitor's history.
      if (!isVerified) {
        await current.update(profileOf(payload, current, { isVerified: false }));
        return answer(credentials(current.id, widget.id));
      }
      const wasAnonymous = current.externalId === null;
      const target = await linkVerified(db, { widget, current, externalId: payload.id });
      await target.update({
        ...profileOf(payload, target, { isVerified: true }),
        isVerified: true,
        lastSeenAt: new Date(),
      });
      // The anonymous conversation just begun on this device follows the person; a previous
      // identified person's history (a shared computer) stays theirs.
      if (target.id !== current.id && wasAnonymous)
        await ChatSession.update(
          { visitorId: target.id },
          { where: { visitorId: current.id, widgetId: widget.id } },
        );
      return answer(credentials(target.id, widget.id));
    },
  };
}

/**
 * The identify without an email that is not one address (a list, `Name <a@b>`, a typo in the
 * site's account). Dropped rather than refused: the site's `id` and `hash` are what link the
 * visitor to their history, and a bad address must not cost them that; the stored email stays.
 */
function withoutInvalidEmail(payload: TIdentify): {
  payload: TIdentify;
  ignored: TIdentifyIgnoredField[];
} {
  if (payload.email === undefined || isOneEmailAddress(payload.email))
    return { payload, ignored: [] };
  return { payload: { ...payload, email: undefined }, ignored: ['email'] };
}

/**
 * What an identify changes on `visitor`. A new email loses the confirmation of the old one
 * (`isMailable` trusts `emailConfirmedAt` for whatever address is stored). Unverified, the new
 * address is nobody's word: a visitor a site once verified (its secret since removed) is no
 * longer, so the address is mailed only once the visitor confirms it (`visitor:contact`).
 * Verified, the address comes from the site's account and is trusted as such.
 */
function profileOf(
  payload: TIdentify,
  visitor: Visitor,
  trust: { isVerified: boolean },
): Partial<Pick<Visitor, 'name' | 'email' | 'attributes' | 'emailConfirmedAt' | 'isVerified'>> {
  // The schema lowercases; an address stored before it did is the same inbox in another case.
  const isNewEmail = payload.email !== undefined && payload.email !== visitor.email?.toLowerCase();
  return {
    ...(payload.name !== undefined ? { name: payload.name } : {}),
    ...(payload.attributes !== undefined ? { attributes: payload.attributes } : {}),
    ...(isNewEmail ? { email: payload.email, emailConfirmedAt: null } : {}),
    ...(isNewEmail && !trust.isVerified ? { isVerified: false } : {}),
  };
}

/**
 * The visitor row that holds this external id: an existing one (another device of the same
 * person), or the current anonymous one, which takes the id.
 */
async function linkVerified(
  db: Database,
  input: { widget: WidgetConfig; current: Visitor; externalId: string },
): Promise<Visitor> {
  const { Visitor: Visitors } = db.models;
  const find = () =>
    Visitors.findOne({ where: { widgetId: input.widget.id, externalId: input.externalId } });
  const existing = await find();
  if (existing) return existing;
  if (input.current.externalId && input.current.externalId !== input.externalId) {
    // Already someone else on this browser (a shared computer): start a fresh visitor for this id.
    const now = new Date();
    return Visitors.create({
      widgetId: input.widget.id,
      externalId: input.externalId,
      isVerified: true,
      firstSeenAt: now,
      lastSeenAt: now,
    });
  }
  try {
    await input.current.update({ externalId: input.externalId });
    return input.current;
  } catch (error) {
    if (!(error instanceof UniqueConstraintError)) throw error;
    const winner = await find();
    if (!winner) throw error;
    return winner;
  }
}

/**
 * `hash = hex(HMAC-SHA256(identity_secret, id))`, compared in constant time. A widget without a
 * secret accepts identify unverified; with one, a missing, blank or wrong hash is refused.
 */
export function verifyIdentityHash(secret: string | null, payload: TIdentify): boolean {
  if (!secret) return false;
  const provided = (payload.hash ?? '').trim().toLowerCase();
  const expected = createHmac('sha256', secret).update(payload.id).digest();
  const isHex = /^[0-9a-f]{64}$/.test(provided);
  const actual = isHex ? Buffer.from(provided, 'hex') : Buffer.alloc(expected.length);
  const isEqual = timingSafeEqual(actual, expected);
  if (!isHex || !isEqual)
    throw new AppError('IDENTITY_NOT_VERIFIED', 'The identity hash does not match this id', {
      field: 'hash',
    });
  return true;
}
