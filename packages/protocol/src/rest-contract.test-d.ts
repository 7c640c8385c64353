import { describe, expectTypeOf, it } from 'vitest';
import type {
  TBan,
  TKnowledgeBase,
  TKnowledgeBaseSummary,
  TList,
  TProviderKey,
  TRestAnswer,
  TUser,
  TWidget,
  TWidgetChange,
} from './index.ts';

/*
 * These tests pin the answers of the REST contract: renaming a field in a response schema
 * without updating this file fails `pnpm test` of protocol, and the server's presenters and the
 * dashboard's `call` typed from the same schemas stop compiling where they use it
 * (apps/server/test/rest-contract.test-d.ts, apps/dashboard/src/api/api-call.test-d.ts).
 */
describe('REST contract', () => {
  it('types each route by its response schema', () => {
    expectTypeOf<TRestAnswer<'GET /api/v1/widgets/:id'>>().toEqualTypeOf<TWidget>();
    expectTypeOf<TRestAnswer<'POST /api/v1/widgets'>>().toEqualTypeOf<TWidgetChange>();
    expectTypeOf<TRestAnswer<'GET /api/v1/knowledge-bases'>>().toEqualTypeOf<
      TList<TKnowledgeBaseSummary>
    >();
    expectTypeOf<TRestAnswer<'GET /api/v1/knowledge-bases/:id'>>().toEqualTypeOf<TKnowledgeBase>();
    expectTypeOf<TRestAnswer<'GET /api/v1/users'>>().toEqualTypeOf<TList<TUser>>();
    expectTypeOf<TRestAnswer<'DELETE /api/v1/bans/:id'>>().toEqualTypeOf<undefined>();
    expectTypeOf<TRestAnswer<'GET /api/v1/sessions/:id/export'>>().toEqualTypeOf<string>();
  });

  it('never names a secret in an answer', () => {
    expectTypeOf<keyof TProviderKey>().toEqualTypeOf<
      | 'id'
      | 'service'
      | 'name'
      | 'baseUrl'
      | 'keyHint'
      | 'models'
      | 'isActive'
      | 'expiresAt'
      | 'createdAt'
    >();
    expectTypeOf<keyof TBan>().toEqualTypeOf<
      'id' | 'visitorId' | 'ipAddress' | 'reason' | 'bannedBy' | 'createdAt' | 'expiresAt'
    >();
    expectTypeOf<TWidget>().not.toHaveProperty('identitySecret');
    expectTypeOf<TUser>().not.toHaveProperty('passwordHash');
    expectTypeOf<TKnowledgeBaseSummary>().not.toHaveProperty('content');
  });

  it('refuses a wrong field name on an answer', () => {
    const widget = {} as TRestAnswer<'GET /api/v1/widgets/:id'>;
    expectTypeOf(widget.title).toEqualTypeOf<string>();
    // @ts-expect-error `heading` is not a field of a widget: a reader of an old name stops compiling
    void widget.heading;
  });
});
