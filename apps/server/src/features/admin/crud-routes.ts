import { Router, type Request } from 'express';
import type { z } from 'zod';
import { AppError, type TList, type TUserRole } from '@parley/protocol';
import type { Model, ModelStatic, User } from '@parley/db';
import { withConstraints } from './constraint-errors.ts';
import { claimUnchangedSince } from './unchanged-since.ts';
import type { AuditLog } from '../auth/audit-log.ts';
import { currentUser, requestOrigin, requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { parseId } from './resource-json.ts';

type Attributes = Record<string, unknown>;

/** Who is changing what, handed to a resource's hooks. */
export interface ChangeContext {
  user: User;
  req: Request;
}

/**
 * One admin resource served as REST CRUD under `/api/v1/<path>`. Hooks turn a parsed body into
 * attributes (validating references and content); `present` turns a row into the resource's
 * protocol shape, the only thing ever answered.
 *
 * @typeParam TShape - the answer of `GET /x/:id` (a protocol type, e.g. `TWidget`)
 * @typeParam TListItem - an item of `GET /x` (default: `TShape`)
 * @typeParam TOnce - fields answered once by a create or update (e.g. a generated secret)
 */
export interface CrudResource<
  M extends Model,
  TShape extends object,
  TListItem extends object = TShape,
  TOnce extends object = Record<never, never>,
> {
  path: string;
  /** Audit action prefix, e.g. `widget` gives `widget.create`. */
  auditName: string;
  model: ModelStatic<M>;
  createSchema: z.ZodType;
  updateSchema: z.ZodType;
  /** Who may read (list, get); writing is always admin only. Default: admin. */
  readRoles?: TUserRole[];
  order?: [string, 'ASC' | 'DESC'][];
  /** The row as answered: written field by field, never the row itself. */
  present(row: M): TShape;
  /** The row in `GET /x`, when the list leaves out what is long (default: `present`). */
  presentInList?(row: M): TListItem;
  toCreate?(input: Attributes, ctx: ChangeContext): Promise<Attributes>;
  toUpdate?(input: Attributes, row: M, ctx: ChangeContext): Promise<Attributes>;
  /** Extra fields for the create/update answer only (e.g. a secret shown once). */
  once?(input: Attributes, row: M): TOnce | undefined;
  afterChange?(row: M, kind: 'create' | 'update' | 'delete'): Promise<void> | void;
  beforeDelete?(row: M, ctx: ChangeContext): Promise<void>;
  /** Creates through the entity's feature service instead of `model.create` (after `toCreate`). */
  create?(attributes: Attributes, ctx: ChangeContext): Promise<M>;
  /** Writes an update instead of `row.update` (e.g. a guard and the write in one transaction). */
  save?(row: M, attributes: Attributes): Promise<void>;
  /** Deletes instead of `row.destroy`, after `beforeDelete`. */
  remove?(row: M): Promise<void>;
}

export interface CrudParts {
  auth: AuthService;
  audit: AuditLog;
}

/**
 * `POST /x` (201 + resource), `GET /x` (`{ items }`), `GET/PATCH/DELETE /x/:id`; every id
 * validated, every change written to the audit trail.
 */
export function createCrudRoutes<
  M extends Model,
  TShape extends object,
  TListItem extends object,
  TOnce extends object,
>(resource: CrudResource<M, TShape, TListItem, TOnce>, parts: CrudParts): Router {
  const router = Router();
  const base = `/api/v1/${resource.path}`;
  const read = requireRole(parts.auth, ...(resource.readRoles ?? ['admin']));
  const write = requireRole(parts.auth, 'admin');
  const presentInList = (row: M) => resource.presentInList?.(row) ?? resource.present(row);
  /** A create or update answer: the resource, plus its once-only fields. */
  const changed = (input: Attributes, row: M): TShape & Partial<TOnce> => ({
    ...resource.present(row),
    ...resource.once?.(input, row),
  });
  const find = async (id: unknown) => {
    const row = await resource.model.findByPk(parseId(id));
    if (!row) throw new AppError('NOT_FOUND', `No such ${resource.auditName}`);
    return row;
  };
  const audit = (ctx: ChangeContext, action: string, row: M) =>
    parts.audit.record({
      userId: ctx.user.id,
      action: `${resource.auditName}.${action}`,
      origin: requestOrigin(ctx.req),
      metadata: { id: String(row.get('id')) },
    });

  router.get(base, read, async (_req, res) => {
    const rows = await resource.model.findAll({ order: resource.order ?? [['createdAt', 'DESC']] });
    const answer: TList<TListItem | TShape> = { items: rows.map(presentInList) };
    res.json(answer);
  });
  router.get(`${base}/:id`, read, async (req, res) => {
    res.json(resource.present(await find(req.params.id)));
  });
  router.post(base, write, async (req, res) => {
    const ctx = { user: currentUser(res), req };
    const input = resource.createSchema.parse(req.body) as Attributes;
    const attributes = resource.toCreate ? await resource.toCreate(input, ctx) : input;
    const row = await withConstraints(
      () =>
        resource.create
          ? resource.create(attributes, ctx)
          : resource.model.create(attributes as never),
      resource.model,
    );
    await audit(ctx, 'create', row);
    await resource.afterChange?.(row, 'create');
    res.status(201).json(changed(input, row));
  });
  router.patch(`${base}/:id`, write, async (req, res) => {
    const ctx = { user: currentUser(res), req };
    const row = await find(req.params.id);
    const input = resource.updateSchema.parse(req.body) as Attributes;
    const attributes = resource.toUpdate ? await resource.toUpdate(input, row, ctx) : input;
    const release = await claimUnchangedSince(resource.model, row, req.get('if-match'));
    await withConstraints(async () => {
      if (resource.save) await resource.save(row, attributes);
      else await row.update(attributes as never);
    }, resource.model).catch(async (error: unknown) => {
      // The save's own error is the answer, whatever becomes of giving the claim back.
      await release?.().catch(() => undefined);
      throw error;
    });
    await audit(ctx, 'update', row);
    await resource.afterChange?.(row, 'update');
    res.json(changed(input, row));
  });
  router.delete(`${base}/:id`, write, async (req, res) => {
    const ctx = { user: currentUser(res), req };
    const row = await find(req.params.id);
    await resource.beforeDelete?.(row, ctx);
    await withConstraints(() => (resource.remove ? resource.remove(row) : row.destroy()));
    await audit(ctx, 'delete', row);
    await resource.afterChange?.(row, 'delete');
    res.status(204).end();
  });
  return router;
}
