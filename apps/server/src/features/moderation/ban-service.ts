import { AppError } from '@parley/protocol';
import type { Database, UserBan } from '@parley/db';
import type { DomainEvents } from '../../app/domain-events.ts';
import { clientAddressKey } from '../../http/client-address-key.ts';

export interface BanDraft {
  visitorId?: string | null;
  ipAddress?: string | null;
  reason: string;
  /** When the ban ends; null or absent bans for good. */
  expiresAt?: Date | null;
  /** The staff user banning (users.id), or null for the system. */
  bannedBy: string | null;
}

export interface BanChanges {
  reason?: string;
  expiresAt?: Date | null;
}

/**
 * Bans of a visitor or an IP address: the one write path, whoever bans (the dashboard's REST
 * resource, a review that rejects and bans). A visitor ban publishes `visitor:banned`, which
 * sends the BANNED notice to the visitor's open widgets, closes their connections and stops
 * answers being written to them; an address ban publishes `address:banned`, which does the
 * same for every widget connected from it. Their next message (or reconnection) is refused
 * BANNED.
 */
export interface BanService {
  create(draft: BanDraft): Promise<UserBan>;
  /** The reason or the end of a ban; who and what it covers stay as they were. */
  update(ban: UserBan, changes: BanChanges): Promise<UserBan>;
  /** Lifts a ban: the visitor or address may connect and write again. */
  lift(ban: UserBan): Promise<void>;
}

/** An IP ban covers what a limit counts as one client: an IPv6 address bans its whole /64. */
const banKey = (address: string | null | undefined) =>
  typeof address === 'string' ? clientAddressKey(address) : address;

export function createBanService(parts: { db: Database; events: DomainEvents }): BanService {
  const { UserBan: Bans, Visitor: Visitors } = parts.db.models;
  return {
    async create(draft) {
      if (!draft.visitorId && !draft.ipAddress)
        throw new AppError('INVALID_PAYLOAD', 'a ban needs a visitorId or an ipAddress', {
          field: 'visitorId',
        });
      if (draft.visitorId && (await Visitors.count({ where: { id: draft.visitorId } })) === 0)
        throw new AppError('INVALID_PAYLOAD', 'visitorId refers to something that does not exist', {
          field: 'visitorId',
        });
      const ban = await Bans.create({
        visitorId: draft.visitorId ?? null,
        ipAddress: banKey(draft.ipAddress) ?? null,
        reason: draft.reason,
        bannedBy: draft.bannedBy,
        expiresAt: draft.expiresAt ?? null,
      });
      announceInForce(parts.events, ban);
      return ban;
    },
    async update(ban, { reason, expiresAt }) {
      await ban.update({
        ...(reason !== undefined ? { reason } : {}),
        ...(expiresAt !== undefined ? { expiresAt } : {}),
      });
      // A new end can put an ended ban back in force: its visitor is told and closed as on create.
      if (expiresAt !== undefined) announceInForce(parts.events, ban);
      return ban;
    },
    async lift(ban) {
      await ban.destroy();
    },
  };
}

/**
 * Tells the sockets a ban covers, on every node, so they are closed now rather than at their
 * next message. A ban already over (an end in the past) closes nobody.
 */
function announceInForce(events: DomainEvents, ban: UserBan): void {
  if (ban.expiresAt && ban.expiresAt.getTime() <= Date.now()) return;
  const expiresAt = ban.expiresAt ?? null;
  if (ban.visitorId) events.emit('visitor:banned', { visitorId: ban.visitorId, expiresAt });
  if (ban.ipAddress) events.emit('address:banned', { addressKey: ban.ipAddress, expiresAt });
}
